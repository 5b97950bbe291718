"""Lesson 5's intuition figures: why 0.01 × randn stalls a network, and what He keeps constant.

Each function draws from numbers the page computes with the reference solution (the size of the
logits and gradients of 784-70-10 at each initial scale; the activations of a deep network
under each initialisation). Every one returns a matplotlib `Figure` sized by `style`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from fashion_course.figures.results import activation_spread
from fashion_course.figures.style import CONCEPTS, PANEL_HEIGHT, PANEL_WIDTH, WIDTH

# Quantities, not ideas: neutral greys, told apart by their line style.
QUANTITY_STYLES = (
    {"color": "#222222", "linestyle": "-", "marker": "o"},
    {"color": "#666666", "linestyle": "--", "marker": "s"},
    {"color": "#999999", "linestyle": ":", "marker": "^"},
)


def size_against_scale(
    scales: Sequence[float], sizes: Mapping[str, Sequence[float]], marked: float
) -> Figure:
    """How the logits and the gradients of a network at initialisation grow with the weights' scale.

    scales: the s of W = s × randn, one per point; sizes: label -> one value per scale (at most
    three quantities); marked: the scale to mark (0.01, the original's).
    """
    fig, ax = plt.subplots(figsize=(WIDTH, 3.4))
    for (label, values), style in zip(sizes.items(), QUANTITY_STYLES):
        ax.plot(scales, values, label=label, markersize=4, linewidth=1.4, **style)
    small = CONCEPTS["small"]
    ax.axvline(marked, color=small.colour, linewidth=2, alpha=0.7)
    ax.annotate(
        small.label,
        (marked, 0.97),
        xycoords=("data", "axes fraction"),
        xytext=(5, 0),
        textcoords="offset points",
        color=small.colour,
        va="top",
    )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set(
        xlabel="scale s of the initial weights",
        ylabel="size at the first step",
        title="logits ∝ s², gradients ∝ s while P is uniform",
    )
    ax.grid(alpha=0.3, which="major")
    ax.legend(frameon=False, loc="lower right")
    fig.tight_layout()
    return fig


def _shades(colour: str, count: int) -> list[tuple[float, float, float]]:
    """`count` shades of one colour, from pale (first) to full (last)."""
    rgb = np.array(to_rgb(colour))
    return [tuple(1 - (1 - rgb) * f) for f in np.linspace(0.3, 1.0, count)]


def activation_histograms(
    layers: Mapping[str, Sequence[np.ndarray]], shown: Sequence[int]
) -> tuple[Figure, ...]:
    """One panel per initialisation: the distribution of log10 of each layer's positive activations.

    layers: a concept of `CONCEPTS` ("small", "he", ...) -> the activations of every hidden
    layer (any shapes); shown: the layers to draw, numbered from 1. All panels share the x axis.
    """
    logs = {
        concept: [np.log10(acts[number - 1][acts[number - 1] > 0]) for number in shown]
        for concept, acts in layers.items()
    }
    every = np.concatenate([values for per_layer in logs.values() for values in per_layer])
    low, high = np.quantile(every, [0.002, 0.998])
    bins = np.linspace(np.floor(low), np.ceil(high), 60)
    panels = []
    for concept, per_layer in logs.items():
        fig, ax = plt.subplots(figsize=(PANEL_WIDTH, PANEL_HEIGHT))
        for number, values, shade in zip(shown, per_layer, _shades(CONCEPTS[concept].colour, len(shown))):
            counts, edges = np.histogram(values, bins=bins, density=True)
            ax.stairs(counts, edges, color=shade, linewidth=1.6, label=f"layer {number}")
        ax.set(xlabel="log10 of a positive activation", ylabel="density", title=CONCEPTS[concept].label)
        ax.set_yticks([])
        ax.set_ylim(0, ax.get_ylim()[1] * 1.45)  # headroom: the legend sits above the histograms
        ax.legend(frameon=False, loc="upper left", ncol=2, columnspacing=1.0, handlelength=1.5)
        fig.tight_layout()
        panels.append(fig)
    return tuple(panels)


def spread_by_layer(stats: Mapping[str, Sequence[float]]) -> Figure:
    """The standard deviation of each hidden layer's activations, one line per initialisation, titled.

    stats: a concept of `CONCEPTS` ("small", "xavier", "he") -> one value per hidden layer.
    """
    fig = activation_spread(dict(stats))
    fig.axes[0].set_title(f"the signal through {len(next(iter(stats.values())))} ReLU layers")
    fig.tight_layout()
    return fig


def second_moment_by_draw(moments: np.ndarray, input_moment: float) -> Figure:
    """E[a²] of each hidden layer for many draws of He weights: each draw faint, their mean bold.

    moments: (draws, layers); input_moment: E[x²] of the input, the level He's variance keeps.
    """
    he = CONCEPTS["he"]
    layers = np.arange(1, moments.shape[1] + 1)
    fig, ax = plt.subplots(figsize=(WIDTH, 3.4))
    for row in moments:
        ax.plot(layers, row, color=he.colour, alpha=0.25, linewidth=1)
    ax.plot(layers, moments.mean(axis=0), color=he.colour, linewidth=3, marker="o", label="mean of the draws")
    ax.axhline(input_moment, color="#444444", linestyle="--", linewidth=1.2, label="E[x²] of the pixels")
    ax.set(
        xlabel="hidden layer",
        ylabel="E[a²] of its activations",
        title=f"{moments.shape[0]} draws of He weights",
    )
    ax.set_ylim(0, None)
    ax.set_xticks(layers)
    ax.grid(alpha=0.3)
    ax.legend(frameon=False, loc="lower left")
    fig.tight_layout()
    return fig
