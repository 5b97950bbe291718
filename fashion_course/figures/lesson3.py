"""Lesson 3's intuition figures: descent on a loss surface, learning rates, gradient checks.

Each function draws from data the page computes with the reference solution (paths of gradient
descent, costs) or from a formula cheap enough to evaluate here (the loss on a grid, finite
differences of a small function). Every one returns a matplotlib `Figure` sized by `style`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from fashion_course.figures.style import CONCEPTS, PANEL_HEIGHT, PANEL_WIDTH, WIDTH

# Three learning rates, one colour each on both panels of the pair: only "just right" is the
# logistic-regression colour; the others are neutral, so no colour means a second idea.
RATE_STYLES = (
    {"color": "#999999", "linestyle": "--"},
    {"color": CONCEPTS["logistic"].colour, "linestyle": "-"},
    {"color": "#882255", "linestyle": "-"},
)


def _mean_log_loss_grid(X: np.ndarray, y: np.ndarray, w1: np.ndarray, w2: np.ndarray) -> np.ndarray:
    """The mean log loss of the model p = σ(x · w) (no bias) at every (w1, w2) of a grid."""
    z = X[:, 0, None, None] * w1 + X[:, 1, None, None] * w2  # (m, rows, columns)
    signed = np.where(y[:, None, None] == 1, z, -z)
    return np.logaddexp(0.0, -signed).mean(axis=0)  # -log σ(±z), computed without overflow


def descent_paths(
    X: np.ndarray, y: np.ndarray, paths: Mapping[float, np.ndarray], bottom: np.ndarray
) -> Figure:
    """Contours of the log loss over two weights, and the path gradient descent takes for each rate.

    X: (m, 2) features; y: (m,) labels 0 or 1; paths: learning rate -> (steps + 1, 2) weights
    visited, at most three, from the smallest rate to the largest; bottom: (2,) the weights of
    least loss, marked with a star (the caption says so: a label there would sit on the zigzag).
    """
    every = np.concatenate([*paths.values(), bottom[None, :]])
    low, high = every.min(axis=0), every.max(axis=0)
    margin = 0.15 * (high - low) + 0.2
    w1 = np.linspace(low[0] - margin[0], high[0] + margin[0], 120)
    w2 = np.linspace(low[1] - margin[1], high[1] + margin[1], 120)
    loss = _mean_log_loss_grid(X, y, *np.meshgrid(w1, w2))
    fig, ax = plt.subplots(figsize=(PANEL_WIDTH, PANEL_HEIGHT))
    levels = np.quantile(loss, np.linspace(0.0, 0.9, 12) ** 2)
    ax.contour(w1, w2, loss, levels=np.unique(levels), colors="#cccccc", linewidths=0.8)
    # The largest rate first and thinnest, so that its zigzag does not hide the other two paths.
    for (rate, path), style, order in reversed(list(zip(paths.items(), RATE_STYLES, (4, 3, 2)))):
        ax.plot(
            path[:, 0],
            path[:, 1],
            marker="o",
            markersize=2.5,
            linewidth=1.2 if order > 2 else 0.8,
            label=f"{rate:g}",
            zorder=order,
            **style,
        )
    ax.plot(0, 0, marker="s", color="black", markersize=5, linestyle="none", zorder=5)
    ax.annotate("start", (0, 0), textcoords="offset points", xytext=(6, -12))
    ax.plot(*bottom, marker="*", color="black", markersize=10, linestyle="none", zorder=5)
    ax.set(xlabel="weight $w_1$", ylabel="weight $w_2$", title="paths on the loss surface")
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], title="learning rate", frameon=False, loc="lower left")
    fig.tight_layout()
    return fig


def cost_by_learning_rate(costs: Mapping[float, Sequence[float]], lowest: float) -> Figure:
    """The cost after every step, one line per learning rate (the paths of `descent_paths`).

    costs: learning rate -> the cost at each weight visited; lowest: the least cost there is.
    """
    fig, ax = plt.subplots(figsize=(PANEL_WIDTH, PANEL_HEIGHT))
    ax.axhline(lowest, color="black", linewidth=0.8, linestyle=":")
    ax.annotate(
        "lowest cost",
        (0, lowest),
        xycoords=("axes fraction", "data"),
        textcoords="offset points",
        xytext=(4, -13),
    )
    for (rate, cost), style in zip(costs.items(), RATE_STYLES):
        ax.plot(range(len(cost)), cost, label=f"{rate:g}", **style)
    ax.set(xlabel="gradient-descent step", ylabel="cost (log loss)", title="cost after each step")
    ax.set_ylim(0, 2 * max(cost[0] for cost in costs.values()))  # a diverging run leaves the top
    ax.grid(alpha=0.3)
    ax.legend(title="learning rate", frameon=False)
    fig.tight_layout()
    return fig


def difference_errors(f: Callable[[np.ndarray], float], x: np.ndarray, exact: np.ndarray) -> Figure:
    """How far forward and central differences land from the exact gradient, against ε (log-log).

    f: a float64 function of the array x; exact: its gradient at x, from the derivation.
    The error is relative: max |g - exact| / max |exact|.
    """
    x = np.asarray(x, dtype=np.float64)
    epsilons = np.logspace(-13, -1, 49)
    forward, central = [], []
    for eps in epsilons:
        g_forward, g_central = np.zeros_like(x), np.zeros_like(x)
        f_x = f(x)
        for i in np.ndindex(x.shape):
            step = np.zeros_like(x)
            step[i] = eps
            f_plus, f_minus = f(x + step), f(x - step)
            g_forward[i] = (f_plus - f_x) / eps
            g_central[i] = (f_plus - f_minus) / (2 * eps)
        scale = np.max(np.abs(exact))
        forward.append(np.max(np.abs(g_forward - exact)) / scale)
        central.append(np.max(np.abs(g_central - exact)) / scale)
    fig, ax = plt.subplots(figsize=(WIDTH, 3.4))
    floor = 1e-16
    ax.loglog(epsilons, np.maximum(forward, floor), color="#882255", label="forward: f(x+ε) − f(x)")
    ax.loglog(
        epsilons,
        np.maximum(central, floor),
        color=CONCEPTS["logistic"].colour,
        label="central: f(x+ε) − f(x−ε)",
    )
    ax.axvline(1e-5, color="#444444", linewidth=0.8, linestyle=":")
    ax.annotate("ε = 1e-5", (1e-5, 1e-2), textcoords="offset points", xytext=(4, 0))
    ax.set(xlabel="ε", ylabel="relative error", title="finite differences against the exact gradient")
    ax.grid(alpha=0.3, which="major")
    ax.legend(frameon=False, loc="lower left")
    fig.tight_layout()
    return fig


def slope_by_loss(z: np.ndarray) -> Figure:
    """dJ/dz of one example with label 1, for the log loss and for squared error, against z.

    With p = σ(z): the log loss gives p - 1; squared error (p - 1)² / 2 gives (p - 1) p (1 - p),
    which vanishes exactly where the model is confidently wrong (z very negative).
    """
    p = 1 / (1 + np.exp(-z))
    fig, ax = plt.subplots(figsize=(WIDTH, 3.0))
    ax.plot(z, p - 1, color=CONCEPTS["logistic"].colour, label="log loss: p − y")
    ax.plot(
        z, (p - 1) * p * (1 - p), color="#882255", linestyle="--", label="squared error:\n(p − y) p (1 − p)"
    )
    ax.axhline(0, color="#444444", linewidth=0.8)
    ax.set(
        xlabel="score z of an example whose label is y = 1", ylabel="dJ/dz", title="the push each loss gives"
    )
    ax.set_ylim(-1.1, 0.25)
    ax.grid(alpha=0.3)
    ax.legend(frameon=False, loc="lower right")  # the log loss's curve is near 0 there
    fig.tight_layout()
    return fig
