"""Lesson 6's intuition figures: mini-batch noise, optimiser paths, and Adam's bias correction.

Each function draws from numbers the page computes with the reference solution (mini-batch
gradients of a network on the sample, the paths of gradient descent, momentum and Adam on a
quadratic, Adam's step sizes) or from a formula cheap enough to evaluate here (the quadratic's
contours). Every one returns a matplotlib `Figure` sized by `style`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from fashion_course.figures.style import CONCEPTS, PANEL_HEIGHT, PANEL_WIDTH, WIDTH

MOMENTUM = {"color": "#444444", "linestyle": "--"}  # momentum alone is no concept of the site: neutral


def minibatch_noise(
    batch_sizes: Sequence[int], measured: Sequence[float], predicted: Sequence[float]
) -> Figure:
    """The relative error of a mini-batch gradient against the batch size, measured and predicted.

    predicted: the error at B = 1 times sqrt((m - B) / (B (m - 1))), the 1/sqrt(B) of independent
    draws with the finite-population factor of drawing B of m without repeats; so it is labelled.
    """
    colour = CONCEPTS["sgd"].colour
    fig, ax = plt.subplots(figsize=(WIDTH, 3.4))
    ax.plot(
        batch_sizes,
        predicted,
        color="#444444",
        linestyle="--",
        linewidth=1.2,
        label=r"$\sigma/\sqrt{B} \cdot \sqrt{(m - B)/(m - 1)}$, from B = 1",
    )
    ax.plot(batch_sizes, measured, color=colour, marker="o", linestyle="none", markersize=6, label="measured")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    labelled = [size for i, size in enumerate(batch_sizes) if i == 0 or size >= 4 * batch_sizes[i - 1]]
    ax.set_xticks(labelled, [f"{size:,}" for size in labelled])  # neighbours closer than 4x would overlap
    ax.minorticks_off()
    ax.set(
        xlabel="batch size B",
        ylabel=r"relative error $\|g_B - g\| \,/\, \|g\|$",
        title="the noise of a mini-batch gradient",
    )
    ax.grid(alpha=0.3, which="major")
    ax.legend(frameon=False, loc="lower left")
    fig.tight_layout()
    return fig


def optimizer_paths(
    curvatures: tuple[float, float], paths: Mapping[str, np.ndarray]
) -> tuple[Figure, Figure]:
    """Paths on f(x, y) = (a x² + b y²) / 2, and f along each path: a pair of panels.

    curvatures: (a, b); paths: "sgd", "momentum" or "adam" -> (steps + 1, 2) points visited.
    """
    a, b = curvatures
    styles = {
        "sgd": {"color": CONCEPTS["sgd"].colour, "label": "gradient descent"},
        "momentum": {**MOMENTUM, "label": "momentum"},
        "adam": {"color": CONCEPTS["adam"].colour, "label": "Adam"},
    }
    every = np.concatenate(list(paths.values()))
    reach = np.abs(every).max(axis=0) * 1.15
    x, y = np.meshgrid(np.linspace(-reach[0], reach[0], 200), np.linspace(-reach[1], reach[1], 200))
    f = (a * x**2 + b * y**2) / 2
    surface, ax = plt.subplots(figsize=(PANEL_WIDTH, PANEL_HEIGHT))
    ax.contour(
        x, y, f, levels=np.quantile(f, np.linspace(0.002, 0.6, 9) ** 1.5), colors="#cccccc", linewidths=0.8
    )
    for name, path in paths.items():
        ax.plot(path[:, 0], path[:, 1], marker="o", markersize=2, linewidth=1.2, **styles[name])
    ax.plot(0, 0, marker="*", color="black", markersize=9, linestyle="none")
    ax.set(xlabel="x (gentle direction)", ylabel="y (steep)", title="paths from the same start")
    costs, axc = plt.subplots(figsize=(PANEL_WIDTH, PANEL_HEIGHT))
    for name, path in paths.items():
        axc.plot((a * path[:, 0] ** 2 + b * path[:, 1] ** 2) / 2, **styles[name])
    axc.set_yscale("log")
    axc.set(xlabel="step", ylabel="f at the current point", title="the value along each path")
    axc.grid(alpha=0.3)
    axc.legend(frameon=False, loc="lower left")
    for fig in (surface, costs):
        fig.tight_layout()
    return surface, costs


def step_sizes(steps: np.ndarray, sizes: Mapping[str, Sequence[float]]) -> Figure:
    """Adam's step size in units of the learning rate, step after step: corrected and two wrong ways.

    steps: the step numbers t; sizes: label -> |step| / lr at each t, up to three (the first in
    Adam's colour, the others neutral, dashed then dotted). A thin line marks 1, the intended step.
    """
    styles = (
        {"color": CONCEPTS["adam"].colour, "linestyle": "-"},
        MOMENTUM,
        {"color": "#444444", "linestyle": ":", "linewidth": 2.4},
    )
    fig, ax = plt.subplots(figsize=(WIDTH, 3.4))
    ax.axhline(1.0, color="#bbbbbb", linewidth=0.8, zorder=0)
    for (label, values), style in zip(sizes.items(), styles, strict=False):
        ax.plot(steps, values, label=label, **{"linewidth": 2, **style})
    ax.set_xscale("log")
    ax.set(xlabel="step t", ylabel="step size / learning rate", title="a constant gradient, step after step")
    ax.set_ylim(0, None)
    ax.grid(alpha=0.3, which="major")
    ax.legend(frameon=False, loc="upper right")
    fig.tight_layout()
    return fig
