"""Lesson 2's intuition figures: the sigmoid and its slope, a decision boundary, and why the log loss.

`sigmoid_and_slope` draws σ(z) beside σ'(z) = σ(z)(1 - σ(z)); `decision_boundary` draws two
features of real images, the probability a logistic model gives every point of the plane and
the line where it is one half; `loss_and_slope` draws the log loss and the squared error of one
example of class 1 against its score z, beside their slopes; `float32_near_one` draws the float32
numbers on either side of 1, where the sigmoid rounds to 1 and where the log loss must clip. Each
takes the sigmoid to use (the page passes the reference solution's), so the figures draw what the
code computes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from fashion_course.figures.style import CONCEPTS, PANEL_HEIGHT, PANEL_WIDTH, WIDTH

Sigmoid = Callable[[np.ndarray], np.ndarray]
LOGISTIC = CONCEPTS["logistic"].colour
SQUARED = "#7f7f7f"  # squared error: not one of the course's concepts, so grey
CLASS_COLOURS = ("#2166AC", "#B2182B")  # class 0, class 1: the two ends of the shading's colour map


def sigmoid_and_slope(sigmoid: Sigmoid, limit: float = 8.0) -> tuple[Figure, Figure]:
    """σ(z) for z in [-limit, limit], and beside it its slope σ(z)(1 - σ(z)), largest (1/4) at z = 0."""
    z = np.linspace(-limit, limit, 401)
    p = sigmoid(z)
    left, ax = plt.subplots(figsize=(PANEL_WIDTH, PANEL_HEIGHT))
    ax.plot(z, p, color=LOGISTIC, linewidth=2)
    ax.axhline(0.5, color="black", linewidth=0.6, linestyle=":")
    ax.axvline(0, color="black", linewidth=0.6, linestyle=":")
    ax.set(xlabel="score z", ylabel="σ(z)", ylim=(-0.02, 1.02), title="The sigmoid squashes a score")
    left.tight_layout()

    right, ax = plt.subplots(figsize=(PANEL_WIDTH, PANEL_HEIGHT))
    ax.plot(z, p * (1 - p), color=LOGISTIC, linewidth=2)
    ax.annotate("1/4 at z = 0", (0, 0.25), (2.0, 0.22), arrowprops={"arrowstyle": "->"})
    ax.set(xlabel="score z", ylabel="σ'(z) = σ(1 − σ)", ylim=(0, 0.28), title="Its slope")
    right.tight_layout()
    return left, right


def decision_boundary(
    features: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    b: float,
    sigmoid: Sigmoid,
    axis_labels: Sequence[str],
    class_names: Sequence[str],
) -> Figure:
    """Two features of each example, coloured by class, over the model's probability of class 1.

    features: (m, 2); y: (m,) in {0, 1}; w: (2,), b: the model. The line is σ(w·x + b) = 1/2.
    """
    fig, ax = plt.subplots(figsize=(WIDTH, WIDTH * 0.8))
    pad = 0.05
    x_max, y_max = features.max(axis=0) + pad
    x_min, y_min = features.min(axis=0) - pad
    g0, g1 = np.meshgrid(np.linspace(x_min, x_max, 200), np.linspace(y_min, y_max, 200))
    p = sigmoid(np.stack([g0.ravel(), g1.ravel()], axis=1) @ w + b).reshape(g0.shape)
    shade = ax.contourf(g0, g1, p, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.35, vmin=0, vmax=1)
    ax.contour(g0, g1, p, levels=[0.5], colors="black", linewidths=1.5)
    for c in (0, 1):
        ax.scatter(*features[y == c].T, s=9, color=CLASS_COLOURS[c], edgecolors="none", label=class_names[c])
    colourbar = fig.colorbar(shade, ax=ax, ticks=[0, 0.5, 1])
    colourbar.set_label(f"p = P({class_names[1]})")
    ax.set(xlabel=axis_labels[0], ylabel=axis_labels[1], xlim=(x_min, x_max), ylim=(y_min, y_max))
    # The legend sits between the title and the plot, where it hides no image.
    ax.set_title("Where p = 1/2, the model's line", pad=24)
    ax.legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, markerscale=2)
    fig.tight_layout()
    return fig


def loss_and_slope(sigmoid: Sigmoid, limit: float = 6.0) -> tuple[Figure, Figure]:
    """For one example of class 1: the log loss -log σ(z) and the squared error (1 - σ(z))² / 2
    against its score z, and beside them their slopes with respect to z (σ - 1 and (σ - 1) σ (1 - σ))."""
    z = np.linspace(-limit, limit, 401)
    p = sigmoid(z)
    log_loss = np.logaddexp(0.0, -z)  # -log σ(z), computed without overflow
    squared = (1 - p) ** 2 / 2
    left, ax = plt.subplots(figsize=(PANEL_WIDTH, PANEL_HEIGHT))
    ax.plot(z, log_loss, color=LOGISTIC, linewidth=2, label="log loss")
    ax.plot(z, squared, color=SQUARED, linewidth=2, linestyle="--", label="squared error")
    ax.set(xlabel="score z (the true class is 1)", ylabel="loss", ylim=(0, None), title="Two losses")
    ax.legend(frameon=False)
    left.tight_layout()

    right, ax = plt.subplots(figsize=(PANEL_WIDTH, PANEL_HEIGHT))
    ax.plot(z, p - 1, color=LOGISTIC, linewidth=2, label="log loss")
    ax.plot(z, (p - 1) * p * (1 - p), color=SQUARED, linewidth=2, linestyle="--", label="squared error")
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set(xlabel="score z (the true class is 1)", ylabel="slope d(loss)/dz", ylim=(-1.05, 0.05))
    ax.set_title("Their slopes: the push to learn")
    ax.legend(frameon=False, loc="lower right")
    right.tight_layout()
    return left, right


def float32_near_one(sigmoid: Sigmoid, clip: float) -> Figure:
    """The float32 numbers around 1 (found with np.nextafter: ε = 2^-23 apart above 1, ε/2 below),
    and where nearby real numbers round to. Top: the float32 sigmoid's denominators 1 + e^-16 and
    1 + e^-17, and what `sigmoid` returns at z = 16 and 17. Bottom: the clips of the log loss,
    1 - 1e-12, `clip` (the reference's top, 1 - ε) and the float32 just below 1. The x-axis is
    x - 1 in units of ε; the shaded band is every real number that rounds to 1.
    """
    f32 = np.float32
    one, eps = f32(1), float(np.finfo(f32).eps)
    grid = [one]
    while (grid[0] - one) / eps > -1.4:
        grid.insert(0, np.nextafter(grid[0], f32(0)))
    grid.append(np.nextafter(one, f32(2)))  # 1 + ε: the next float32 above 1 is a whole ε away
    below_gap, above_gap = float(one - grid[-3]), float(np.spacing(one))  # ε/2 and ε

    def at(value: float) -> float:
        return (float(value) - 1) / eps  # float32 -> float64 is exact, and so is this near 1

    def name(value: float) -> str:
        units = at(value)
        if units == 0:
            return "1"
        step = {1.0: "ε", 0.5: "ε/2", 1.5: "3ε/2"}[abs(units)]
        return f"1 {'+' if units > 0 else '−'} {step}"

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(WIDTH, 4.8))
    for ax in (top, bottom):
        ax.axvspan(at(1 - below_gap / 2), at(1 + above_gap / 2), color=LOGISTIC, alpha=0.12, linewidth=0)
        ax.spines["bottom"].set_position(("data", 0))
        ax.spines["left"].set_visible(False)
        ax.plot(
            [at(v) for v in grid], [0] * len(grid), "o", color="black", markersize=5, zorder=3, clip_on=False
        )
        ax.set_yticks([])
        ax.set_ylim(0, 1.45)
        ax.tick_params(axis="x", labelbottom=True, length=0, pad=6)
    top.text(at(1 + above_gap / 2) - 0.03, 1.3, "rounds to 1", ha="right", va="center", color=LOGISTIC)

    def rounds(ax: plt.Axes, label: str, value: float, height: float, left: bool) -> None:
        lands = at(f32(value))  # the float32 NumPy stores for it: the nearest one
        ax.plot(at(value), height, marker="v", color="#882255", markersize=7, linestyle="none")
        ax.annotate(
            "", (lands, 0.05), (at(value), height - 0.06), arrowprops={"arrowstyle": "->", "color": "#882255"}
        )
        ax.text(
            at(value) + (-0.07 if left else 0.07), height, label, ha="right" if left else "left", va="center"
        )

    rounds(top, "$1 + e^{-17}$", 1 + np.exp(-17.0), 0.55, left=False)
    rounds(top, "$1 + e^{-16}$", 1 + np.exp(-16.0), 1.0, left=True)
    rounds(top, "exact σ(17)", 1 / (1 + np.exp(-17.0)), 1.0, left=True)
    rounds(bottom, "$1 - 10^{-12}$", 1 - 1e-12, 0.8, left=True)
    top.set_title("σ(z) = 1 / (1 + e⁻ᶻ) in float32: the denominator rounds first")
    bottom.set_title("the log loss's clip: the largest p it lets through")

    ticks = [at(v) for v in grid]
    outputs = {at(sigmoid(f32(z))): f"σ({z})" for z in (17, 16)}  # -1: σ(16), 0: σ(17)
    top_labels = [name(v) + ("\n" + outputs[at(v)] if at(v) in outputs else "") for v in grid]
    clips = {at(f32(clip)): "reference's\nclip", at(grid[-3]): "tightest\nclip"}
    bottom_labels = [name(v) + ("\n" + clips[at(v)] if at(v) in clips else "") for v in grid]
    for ax, labels in ((top, top_labels), (bottom, bottom_labels)):
        ax.set_xticks(ticks)
        ax.set_xticklabels(labels, va="top")
        ax.set_xlim(ticks[0] - 0.2, ticks[-1] + 0.25)
    fig.tight_layout(h_pad=1.5)
    return fig
