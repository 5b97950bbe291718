"""Lesson 4's intuition figures: how softmax turns scores into probabilities, what a ReLU layer adds,
backpropagation through one layer, and how the gradient's size changes from layer to layer.

`softmax_by_scale` draws probabilities the page computes with the reference softmax;
`decision_regions` draws the classes a trained model (a callable the page passes in) gives to
every point of a plane; `backprop_layer` draws the dataflow of one dense layer and its ReLU, forward
and backward, with the arrays the page computes for its hand-worked example; `gradient_by_layer`
draws the gradient norms the page measures, layer by layer, in a deep network at initialisation.
Each returns matplotlib `Figure`s sized by `style`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

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


FORWARD, BACKWARD, CACHED = "#0072B2", "#D55E00", "#555555"  # blue, vermillion, grey
LINE = 0.4  # the height of a line of text, in the diagram's units (1 unit = 0.5 inch)


def _entries(array: np.ndarray) -> list[str]:
    """The rows of a small array as right-aligned text (a vector is one row)."""
    rows = np.atleast_2d(np.asarray(array, dtype=float) + 0.0)  # + 0.0 turns -0.0 into 0.0
    cells = [[f"{value:g}" for value in row] for row in rows]
    width = max(len(cell) for row in cells for cell in row)
    return ["  ".join(cell.rjust(width) for cell in row) for row in cells]


def _box_height(parts: Sequence[tuple[str, np.ndarray | None]]) -> float:
    return LINE * sum(1 + (0 if array is None else len(np.atleast_2d(array))) for _, array in parts) + 0.4


def _box(
    ax, x: float, y: float, width: float, colour: str, parts, fill: str = "white"
) -> tuple[float, float]:
    """A rounded box centred at (x, y): each part a line of text over the entries of its array
    (or None). Returns the y of the box's top and bottom edges."""
    height = _box_height(parts)
    top, bottom = y + height / 2, y - height / 2
    ax.add_patch(
        FancyBboxPatch(
            (x - width / 2, bottom),
            width,
            height,
            boxstyle="round,pad=0,rounding_size=0.15",
            facecolor=fill,
            edgecolor=colour,
            linewidth=1.4,
        )
    )
    line = top - 0.2 - LINE / 2
    for label, array in parts:
        ax.text(x, line, label, ha="center", va="center", color="#111111")
        line -= LINE
        for row in [] if array is None else _entries(array):
            ax.text(x, line, row, ha="center", va="center", family="monospace")
            line -= LINE
    return top, bottom


def _arrow(ax, start, end, colour: str, dashed: bool = False) -> None:
    ax.annotate(
        "",
        end,
        start,
        arrowprops={
            "arrowstyle": "-|>",
            "color": colour,
            "linewidth": 1.2 if dashed else 1.6,
            "linestyle": (0, (4, 3)) if dashed else "-",
            "shrinkA": 0,
            "shrinkB": 0,
            "mutation_scale": 12,
        },
    )


def backprop_layer(
    A0: np.ndarray,
    W: np.ndarray,
    b: np.ndarray,
    Z: np.ndarray,
    A: np.ndarray,
    dA: np.ndarray,
    dZ: np.ndarray,
    dW: np.ndarray,
    db: np.ndarray,
) -> Figure:
    """Layer 1 of a network, a dense layer and its ReLU: the forward pass down the left, the backward
    pass up the right, each array with its numbers, and a dashed arrow from each cached array to the
    backward step that reads it.

    A0: (m, n_in) the layer's input; W: (n_in, n) and b: (n,) its parameters; Z = A0 W + b and
    A = relu(Z), (m, n); dA: (m, n) the gradient that layer 2 sends down; dZ = dA ⊙ [Z > 0];
    dW = A0ᵀ dZ, (n_in, n); db, (n,), the column sums of dZ.
    """

    def shape(array: np.ndarray) -> str:
        return str(np.shape(array))

    fig = plt.figure(figsize=(WIDTH - 0.6, 6.6))  # narrower than a plot: larger on a phone
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set(xlim=(0, 10), ylim=(-0.4, 12.8))
    ax.axis("off")
    left, right, width = 2.4, 7.6, 4.3
    ax.text(left, 12.6, "forward ↓", ha="center", va="center", color=FORWARD, fontweight="bold")
    ax.text(right, 12.6, "backward ↑", ha="center", va="center", color=BACKWARD, fontweight="bold")
    x_box = _box(ax, left, 11.3, width, FORWARD, [(f"$A_0 = X$   {shape(A0)}", A0)])
    dense = _box(
        ax,
        left,
        8.55,
        width,
        FORWARD,
        [("$Z_1 = A_0 W_1 + b_1$", None), (f"$W_1$   {shape(W)}", W), (f"$b_1$   {shape(b)}", b)],
        fill="#EEF4FA",
    )
    grads = _box(
        ax,
        right,
        8.55,
        width,
        BACKWARD,
        [
            (rf"$\partial J / \partial W_1 = A_0^\top G_1$   {shape(dW)}", dW),
            (rf"$\partial J / \partial b_1 = \Sigma_i\, G_1$   {shape(db)}", db),
        ],
        fill="#FBEFE8",
    )
    z_box = _box(ax, left, 5.75, width, FORWARD, [(f"$Z_1$   {shape(Z)}", Z)])
    g_box = _box(
        ax, right, 5.75, width, BACKWARD, [(rf"$G_1 = \partial J / \partial Z_1$   {shape(dZ)}", dZ)]
    )
    a_box = _box(ax, left, 2.95, width, FORWARD, [(rf"$A_1 = \mathrm{{relu}}(Z_1)$   {shape(A)}", A)])
    da_box = _box(ax, right, 2.95, width, BACKWARD, [(rf"$\partial J / \partial A_1$   {shape(dA)}", dA)])
    ax.add_patch(
        FancyBboxPatch(
            (0.25, 0.15),
            9.5,
            0.8,
            boxstyle="round,pad=0,rounding_size=0.15",
            facecolor="#F2F2F2",
            edgecolor="#888888",
            linewidth=1.0,
        )
    )
    ax.text(
        5,
        0.55,
        r"layer 2 and the softmax: $G_2 = (P - Y)/m$,  $\partial J / \partial W_2 = A_1^\top G_2$",
        ha="center",
        va="center",
    )
    # forward, down the left
    for upper, lower in ((x_box, dense), (dense, z_box), (z_box, a_box)):
        _arrow(ax, (left, upper[1]), (left, lower[0]), FORWARD)
    _arrow(ax, (left, a_box[1]), (left, 0.95), FORWARD)
    ax.text(left + 0.15, (z_box[1] + a_box[0]) / 2, "relu", color=FORWARD, ha="left", va="center")
    # backward, up the right
    _arrow(ax, (right, 0.95), (right, da_box[1]), BACKWARD)
    ax.text(right + 0.15, (0.95 + da_box[1]) / 2, r"$G_2 W_2^\top$", color=BACKWARD, ha="left", va="center")
    _arrow(ax, (right, da_box[0]), (right, g_box[1]), BACKWARD)
    mask_y = (da_box[0] + g_box[1]) / 2
    ax.text(right + 0.15, mask_y, r"$\odot\, [Z_1 > 0]$", color=BACKWARD, ha="left", va="center")
    _arrow(ax, (right, g_box[0]), (right, grads[1]), BACKWARD)
    # which cached array each backward step reads
    _arrow(ax, (left + width / 2, (z_box[0] + z_box[1]) / 2), (right - 0.1, mask_y), CACHED, dashed=True)
    _arrow(
        ax,
        (left + width / 2, (x_box[0] + x_box[1]) / 2),
        (right - width / 2, grads[0] - 0.3),
        CACHED,
        dashed=True,
    )
    ax.text(
        5,
        -0.15,
        "dashed: a cached array, read by the step it points to",
        color=CACHED,
        ha="center",
        va="center",
    )
    return fig
