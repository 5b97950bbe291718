"""Lesson 1's intuition figures: an image read as a vector, why pixels are scaled, what centring does.

`flattening` draws one image beside the 784 numbers it becomes, with one pixel row marked in
both; `scaling_costs` draws the cost of the same training run on pixels in [0, 1] and on raw
bytes; `centring` draws the largest eigenvalues of X^T X / m with and without centring, and the
cost of the same run on both. The page computes what they draw with the reference solutions.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from fashion_course.figures.style import CONCEPTS, PANEL_HEIGHT, PANEL_WIDTH, WIDTH

MARK = "#D55E00"  # the pixel row followed from the image to the vector
RAW = "#7f7f7f"  # raw bytes: not one of the course's concepts, so grey
CENTRED = "#882255"  # centred pixels: not one of the course's concepts either


def flattening(image: np.ndarray, vector: np.ndarray, row: int) -> tuple[Figure, Figure]:
    """A 28 x 28 image with pixel row `row` framed, and its flattened vector with that row's 28 columns marked.

    image: (28, 28) values in [0, 1]; vector: (784,), the same image as `preprocess` returns it.
    """
    # Both panels are drawn PANEL_WIDTH wide and trimmed to about the same width, so that side by
    # side they are shown at the same scale: the image's colour bar (the value of each shade, the
    # right panel's vertical axis) fills the width the square image leaves.
    left, ax = plt.subplots(figsize=(PANEL_WIDTH, PANEL_HEIGHT))
    shown = ax.imshow(image, cmap="gray_r", vmin=0, vmax=1)
    ax.add_patch(Rectangle((-0.5, row - 0.5), 28, 1, fill=False, edgecolor=MARK, linewidth=2))
    ax.set_xticks([0, 27])
    ax.set_yticks([0, row, 27])
    ax.set(xlabel="column c", ylabel="row r", title="An image, shape (28, 28)")
    left.colorbar(shown, ax=ax, ticks=[0, 0.5, 1], label="value", fraction=0.08, pad=0.04)
    left.tight_layout()

    right, ax = plt.subplots(figsize=(PANEL_WIDTH, PANEL_HEIGHT))
    columns = np.arange(784)
    ax.plot(columns, vector, color="black", linewidth=0.6)
    start = 28 * row
    ax.axvspan(start - 0.5, start + 27.5, color=MARK, alpha=0.3, linewidth=0)
    ax.plot(columns[start : start + 28], vector[start : start + 28], color=MARK, linewidth=1.2)
    ax.set_xticks([0, start, 783], ["0", f"{start}", "783"])
    ax.set(
        xlim=(0, 783),
        ylim=(0, 1.05),
        xlabel="column j of X",
        ylabel="value",
        title="The same image as a row, shape (784,)",
    )
    right.tight_layout()
    return left, right


def scaling_costs(costs: dict[str, Sequence[float]], lr: float) -> Figure:
    """The cost at every step of the same gradient descent, on scaled pixels and on raw bytes.

    costs maps "scaled" and "raw" to one cost per step, from step 0.
    """
    fig, ax = plt.subplots(figsize=(WIDTH, PANEL_HEIGHT))
    raw, scaled = np.asarray(costs["raw"]), np.asarray(costs["scaled"])
    ax.plot(np.arange(len(raw)), raw, color=RAW, linewidth=1.2, label="raw bytes, 0 to 255")
    ax.plot(
        np.arange(len(scaled)), scaled, color=CONCEPTS["logistic"].colour, linewidth=2, label="pixels / 255"
    )
    ax.set(
        xlabel="gradient-descent step",
        ylabel="cost (log loss)",
        ylim=(0, None),
        xlim=(0, len(scaled) - 1),
        title=f"Raw bytes against scaled pixels, learning rate {lr:g}",
    )
    ax.legend(frameon=False, loc="upper right")
    fig.tight_layout()
    return fig


def centring(
    top: dict[str, Sequence[float]], costs: dict[str, Sequence[float]], lr: float
) -> tuple[Figure, Figure]:
    """Left: the largest eigenvalues of X^T X / m, largest first (log scale); right: the cost at every step.

    top and costs each map "pixels / 255" and "centred" to their values: eigenvalues for `top`,
    one cost per step from step 0 for `costs` (the same gradient descent, learning rate `lr`).
    """
    styles = {
        "pixels / 255": {"color": CONCEPTS["logistic"].colour, "linestyle": "-", "marker": "o"},
        "centred": {"color": CENTRED, "linestyle": "--", "marker": "s"},
    }
    left, ax = plt.subplots(figsize=(PANEL_WIDTH, PANEL_HEIGHT))
    for name, values in top.items():
        ranks = np.arange(1, len(values) + 1)
        ax.semilogy(ranks, values, markersize=3.5, linewidth=1.2, label=name, **styles[name])
    ax.set(xlabel="rank, largest first", ylabel="eigenvalue of XᵀX / m", title="The largest eigenvalues")
    ax.set_xticks([1, 5, 10, 15, 20])
    ax.grid(alpha=0.3, which="major")
    ax.legend(frameon=False, loc="upper right")
    left.tight_layout()

    right, ax = plt.subplots(figsize=(PANEL_WIDTH, PANEL_HEIGHT))
    for name, cost in costs.items():
        style = {k: v for k, v in styles[name].items() if k != "marker"}
        ax.plot(np.arange(len(cost)), cost, linewidth=1.5, label=name, **style)
    ax.set(
        xlabel="gradient-descent step",
        ylabel="cost (log loss)",
        ylim=(0, None),
        xlim=(0, len(next(iter(costs.values()))) - 1),
        title=f"T-shirt/trouser, learning rate {lr:g}",
    )
    ax.grid(alpha=0.3)
    ax.legend(frameon=False, loc="upper right")
    right.tight_layout()
    return left, right
