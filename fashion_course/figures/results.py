"""Figures of what the trained models do: a confusion matrix, predictions, the data, weights,
and the spread of activations through a deep network under each initialisation."""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from fashion_course.figures.style import CONCEPTS, FONT_PT, WIDTH


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, class_names: Sequence[str]) -> Figure:
    """Rows: the true class; columns: the predicted one. Each cell shows the share of its row."""
    k = len(class_names)
    counts = np.zeros((k, k), dtype=np.int64)
    np.add.at(counts, (y_true, y_pred), 1)
    share = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(WIDTH, WIDTH))
    ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    percent = np.rint(100 * share).astype(int)
    for i, j in zip(*np.nonzero(percent)):  # cells under half a percent stay blank
        colour = "white" if share[i, j] > 0.5 else "black"
        ax.text(j, i, percent[i, j], ha="center", va="center", fontsize=FONT_PT, color=colour)
    ax.set_xticks(range(k), range(k))
    ax.set_yticks(range(k), [f"{name} {c}" for c, name in enumerate(class_names)])
    ax.set(xlabel="predicted class", ylabel="true class")
    sizes = set(counts.sum(axis=1))
    each = f" ({sizes.pop():,} images each)" if len(sizes) == 1 else ""
    ax.set_title(f"% of each true class{each}, by prediction")
    ax.spines[:].set_visible(False)
    fig.tight_layout()
    return fig


def prediction_grid(
    images: np.ndarray, y_true: np.ndarray, y_pred: np.ndarray, class_names: Sequence[str], columns: int = 4
) -> Figure:
    """Images with their predicted label; a mistake is framed in red with the true label below."""
    rows = math.ceil(len(images) / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(WIDTH, rows * 1.55))
    for ax, image, true, pred in zip(axes.flat, images, y_true, y_pred):
        ax.imshow(image, cmap="gray_r")
        ax.set_xticks([])
        ax.set_yticks([])
        right = true == pred
        ax.set_title(class_names[pred], color="black" if right else "#c00000", fontsize=FONT_PT)
        if not right:
            ax.set_xlabel(f"true: {class_names[true]}", color="#c00000")
            for spine in ax.spines.values():
                spine.set(visible=True, color="#c00000", linewidth=2.5)
        else:
            ax.spines[:].set_visible(False)
    fig.tight_layout(pad=0.4)
    return fig


def sample_grid(
    images: np.ndarray, labels: np.ndarray, class_names: Sequence[str], per_class: int = 6
) -> Figure:
    """The first `per_class` images of every class, one row per class, labelled."""
    fig, axes = plt.subplots(len(class_names), per_class, figsize=(WIDTH, len(class_names) * 0.62))
    for c, row in enumerate(axes):
        for ax, index in zip(row, np.flatnonzero(labels == c)[:per_class]):
            ax.imshow(images[index], cmap="gray_r")
            ax.set_xticks([])
            ax.set_yticks([])
            ax.spines[:].set_visible(False)
        row[0].set_ylabel(f"{c} {class_names[c]}", rotation=0, ha="right", va="center")
    fig.tight_layout(pad=0.3, h_pad=0.2, w_pad=0.2)
    return fig


def activation_spread(stats: dict[str, list[float]]) -> Figure:
    """The standard deviation of each hidden layer's activations, one line per initialisation.

    `stats` maps a concept of `CONCEPTS` ("small", "xavier", "he") to one value per layer.
    """
    fig, ax = plt.subplots(figsize=(WIDTH, 3.4))
    for concept, values in stats.items():
        style = CONCEPTS[concept]
        ax.plot(range(1, len(values) + 1), values, marker="o", color=style.colour, label=style.label)
    ax.set_yscale("log")
    ax.set(xlabel="hidden layer", ylabel="std of its activations")
    ax.grid(alpha=0.3, which="major")
    ax.legend(frameon=False)
    fig.tight_layout()
    return fig


def weights_image(w: np.ndarray) -> Figure:
    """A logistic regression's 784 weights as the 28x28 image they weigh: red for class 1, blue for 0."""
    limit = float(np.abs(w).max())
    fig, ax = plt.subplots(figsize=(WIDTH, 3.8))
    shown = ax.imshow(w.reshape(28, 28), cmap="RdBu_r", vmin=-limit, vmax=limit)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.spines[:].set_visible(False)
    fig.colorbar(shown, ax=ax, label="weight")
    fig.tight_layout()
    return fig
