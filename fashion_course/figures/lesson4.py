"""Lesson 4's intuition figures: how softmax turns scores into probabilities, what a ReLU layer adds,
and how the gradient's size changes from layer to layer.

`softmax_by_scale` draws probabilities the page computes with the reference softmax;
`decision_regions` draws the classes a trained model (a callable the page passes in) gives to
every point of a plane; `gradient_by_layer` draws the gradient norms the page measures, layer by
layer, in a deep network at initialisation. Each returns matplotlib `Figure`s sized by `style`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from fashion_course.figures.style import CONCEPTS, PANEL_HEIGHT, PANEL_WIDTH, WIDTH

CLASS_COLOURS = ("#0072B2", "#D55E00", "#009E73")  # the first three of Okabe and Ito's palette


def softmax_by_scale(scales: np.ndarray, P: np.ndarray, class_names: Sequence[str]) -> Figure:
    """The probabilities softmax gives to logits multiplied by each scale (one line per class).

    scales: (k,) the factors t; P: (k, C) the softmax of t times fixed logits, row by row.
    """
    fig, ax = plt.subplots(figsize=(WIDTH, 3.2))
    for c, name in enumerate(class_names):
        ax.plot(scales, P[:, c], color=CLASS_COLOURS[c % len(CLASS_COLOURS)], label=name)
    ax.axvline(1, color="#444444", linewidth=0.8, linestyle=":")
    ax.annotate(
        "t = 1", (1, 1), xycoords=("data", "axes fraction"), textcoords="offset points", xytext=(4, -14)
    )
    ax.set(xlabel="scale t of the logits", ylabel="probability", title="softmax of t × logits")
    ax.set(xlim=(scales[0], scales[-1]), ylim=(0, 1))
    ax.grid(alpha=0.3)
    ax.legend(frameon=False, loc="center right")
    fig.tight_layout()
    return fig


def decision_regions(
    X: np.ndarray, y: np.ndarray, predict: Callable[[np.ndarray], np.ndarray], title: str
) -> Figure:
    """The class `predict` gives every point of the plane (shaded), under the points in their class colours.

    X: (m, 2) points; y: (m,) integer labels; predict: (k, 2) points -> (k,) predicted labels.
    """
    low, high = X.min(axis=0) - 0.3, X.max(axis=0) + 0.3
    g1, g2 = np.meshgrid(np.linspace(low[0], high[0], 200), np.linspace(low[1], high[1], 200))
    regions = predict(np.column_stack([g1.ravel(), g2.ravel()])).reshape(g1.shape)
    classes = int(max(y.max(), regions.max())) + 1
    colours = CLASS_COLOURS[:classes]
    fig, ax = plt.subplots(figsize=(PANEL_WIDTH, PANEL_HEIGHT + 0.4))
    ax.contourf(
        g1, g2, regions, levels=np.arange(classes + 1) - 0.5, cmap=ListedColormap(colours), alpha=0.25
    )
    for c in range(classes):
        ax.scatter(*X[y == c].T, s=9, color=colours[c])
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title=title, aspect="equal")
    fig.tight_layout()
    return fig


def gradient_by_layer(
    arriving: Mapping[str, Sequence[float]], weights: Mapping[str, Sequence[float]]
) -> tuple[Figure, Figure]:
    """Two panels, one line per initialisation: the norm of dJ/dZ_l, and the norm of dJ/dW_l, by layer l.

    arriving, weights: a key of `CONCEPTS` ("small", "he") -> one norm per layer, layer 1 first.
    """
    panels = []
    for sizes, ylabel, title in (
        (arriving, "norm of ∂J/∂Z$_l$", "the gradient reaching layer l"),
        (weights, "norm of ∂J/∂W$_l$", "the gradient of W$_l$"),
    ):
        fig, ax = plt.subplots(figsize=(PANEL_WIDTH, PANEL_HEIGHT + 0.4))
        for concept, values in sizes.items():
            layers = np.arange(1, len(values) + 1)
            style = CONCEPTS[concept]
            ax.plot(layers, values, marker="o", markersize=4, color=style.colour, label=style.label)
        ax.set_yscale("log")
        ax.set_xticks(layers)
        ax.set(xlabel="layer l (1 = next to the pixels)", ylabel=ylabel, title=title)
        ax.grid(alpha=0.3, which="major")
        ax.legend(frameon=False, loc="best")
        fig.tight_layout()
        panels.append(fig)
    return panels[0], panels[1]
