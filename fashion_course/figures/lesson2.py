"""Lesson 2's intuition figures: the sigmoid and its slope, a decision boundary, and why the log loss.

`sigmoid_and_slope` draws σ(z) beside σ'(z) = σ(z)(1 - σ(z)); `decision_boundary` draws two
features of real images, the probability a logistic model gives every point of the plane and
the line where it is one half; `loss_and_slope` draws the log loss and the squared error of one
example of class 1 against its score z, beside their slopes. Each takes the sigmoid to use (the
page passes the reference solution's), so the figures draw what the code computes.
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
