"""The course's figures, drawn with matplotlib, sized for the column of the site they sit in.

Every function takes what it draws and returns a `Figure`; `save` writes it as a PNG and
`png_bytes` gives the bytes a page embeds. A figure alone is `WIDTH` inches wide; the two
panels of a learning curve are `PANEL_WIDTH` each, so that they sit side by side on a laptop
and stack on a phone. No text is smaller than `FONT_PT` points, and every PNG records its
smallest font size (`MinFontPt`) so the site's browser test can check how large it renders.
Figures are deterministic for the same inputs (no timestamps in the files).

Colours mean one thing across the whole site: `CONCEPTS` gives each idea its colour and name;
within a run, solid lines are the training set and dashed lines the test (or dev) set.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

WIDTH = 5.0  # inches: a figure alone in the text column
PANEL_WIDTH = 4.0  # inches: one panel of a pair, side by side at 1280 px, stacked at 390 px
PANEL_HEIGHT = 3.0
DPI = 150
FONT_PT = 10  # the smallest text in any figure
STYLE = {
    "font.size": FONT_PT,
    "axes.titlesize": FONT_PT + 1,
    "axes.labelsize": FONT_PT,
    "xtick.labelsize": FONT_PT,
    "ytick.labelsize": FONT_PT,
    "legend.fontsize": FONT_PT,
    "figure.titlesize": FONT_PT + 1,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
plt.rcParams.update(STYLE)


@dataclass(frozen=True)
class Concept:
    label: str
    colour: str


# One colour per idea on every page (Okabe and Ito's colour-blind-safe palette).
CONCEPTS = {
    "logistic": Concept("logistic regression", "#0072B2"),
    "small": Concept("0.01 × randn init", "#D55E00"),
    "xavier": Concept("Xavier init", "#E69F00"),
    "he": Concept("He init", "#009E73"),
    "sgd": Concept("mini-batch gradient descent", "#56B4E9"),
    "adam": Concept("Adam", "#CC79A7"),
    "yours": Concept("your code", "#000000"),
}
SPLIT_STYLE = {"train_accuracy": "-", "dev_accuracy": "--"}


@dataclass(frozen=True)
class Run:
    """One learning curve to draw: its history, the idea it stands for, and the x-axis key."""

    label: str
    concept: str
    history: dict[str, list]
    x_key: str = "step"
    faded: bool = False  # drawn wide and pale, beneath the others (a reference under a student's run)

    @property
    def style(self) -> dict:
        colour = CONCEPTS[self.concept].colour
        return {"color": colour, "linewidth": 4, "alpha": 0.4} if self.faded else {"color": colour}

    @property
    def x(self) -> list:
        """The x values: `x_key` if the history has it (a student's may log epochs only)."""
        history = self.history
        return history.get(self.x_key) or history.get("epoch") or history["step"]


@dataclass(frozen=True)
class Limits:
    """Axis limits shared by figures that are compared."""

    x_max: float
    cost_max: float
    accuracy_min: float  # in percent; 100 is the top

    @classmethod
    def of(cls, runs: Sequence[Run]) -> Limits:
        """Room for every run, from the start of training: x from 0, cost from 0, accuracy to 100 %."""
        lowest = min(min(r.history.get(key) or [1.0]) for r in runs for key in SPLIT_STYLE)
        return cls(
            x_max=max(r.x[-1] for r in runs),
            cost_max=max(max(r.history["cost"]) for r in runs) * 1.05,
            accuracy_min=10 * math.floor(10 * lowest),
        )


def draw_cost(ax: plt.Axes, runs: Sequence[Run], x_label: str, limits: Limits) -> None:
    """Mean cross-entropy against step or epoch, one colour per run."""
    for run in reversed(runs):  # the first run on top
        ax.plot(run.x, run.history["cost"], label=run.label, **run.style)
    ax.set(xlabel=x_label, ylabel="cost (cross-entropy)", title="cost on the training set")
    ax.set(xlim=(0, limits.x_max), ylim=(0, limits.cost_max))
    ax.grid(alpha=0.3)
    if len(runs) > 1:
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(handles[::-1], labels[::-1], frameon=False)


def draw_accuracy(ax: plt.Axes, runs: Sequence[Run], x_label: str, eval_name: str, limits: Limits) -> None:
    """Accuracy in percent against step or epoch: solid on the training set, dashed on `eval_name`."""
    for run in reversed(runs):
        for key, linestyle in SPLIT_STYLE.items():
            if run.history.get(key):
                ax.plot(run.x, 100 * np.asarray(run.history[key]), linestyle=linestyle, **run.style)
    ax.set(xlabel=x_label, ylabel="accuracy", title="accuracy")
    ax.set(xlim=(0, limits.x_max), ylim=(limits.accuracy_min, 100))
    ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.grid(alpha=0.3)
    several = len(runs) > 1
    handles = [Line2D([], [], **r.style) for r in runs] if several else []
    labels = [r.label for r in runs] if several else []
    splits = [Line2D([], [], color="#444444", linestyle=style) for style in SPLIT_STYLE.values()]
    ax.legend(handles + splits, labels + ["train", eval_name], frameon=False, loc="lower right")


def curve_panels(
    runs: Sequence[Run], x_label: str, eval_name: str = "test", limits: Limits | None = None
) -> tuple[Figure, Figure]:
    """Cost and accuracy as two figures: the site shows them side by side, or stacked on a phone."""
    limits = limits or Limits.of(runs)
    cost, accuracy = (plt.subplots(figsize=(PANEL_WIDTH, PANEL_HEIGHT)) for _ in range(2))
    draw_cost(cost[1], runs, x_label, limits)
    draw_accuracy(accuracy[1], runs, x_label, eval_name, limits)
    for fig, _ in (cost, accuracy):
        fig.tight_layout()
    return cost[0], accuracy[0]


def learning_curves(
    runs: Sequence[Run], title: str, x_label: str, eval_name: str = "test", limits: Limits | None = None
) -> Figure:
    """Cost above accuracy in one figure, under a title (what `course run` saves)."""
    limits = limits or Limits.of(runs)
    fig, (ax_cost, ax_accuracy) = plt.subplots(2, 1, figsize=(WIDTH, 2 * PANEL_HEIGHT + 1))
    draw_cost(ax_cost, runs, x_label, limits)
    draw_accuracy(ax_accuracy, runs, x_label, eval_name, limits)
    fig.suptitle(textwrap.fill(title, 56))
    fig.tight_layout()
    return fig


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, class_names: Sequence[str]) -> Figure:
    """Rows: the true class; columns: the predicted one. Each cell shows the share of its row."""
    k = len(class_names)
    counts = np.zeros((k, k), dtype=np.int64)
    np.add.at(counts, (y_true, y_pred), 1)
    share = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(WIDTH, WIDTH))
    ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    for i, j in zip(*np.nonzero(counts)):
        colour = "white" if share[i, j] > 0.5 else "black"
        ax.text(j, i, f"{100 * share[i, j]:.0f}", ha="center", va="center", fontsize=FONT_PT, color=colour)
    ax.set_xticks(range(k), range(k))
    ax.set_yticks(range(k), [f"{name} {c}" for c, name in enumerate(class_names)])
    ax.set(xlabel="predicted class", ylabel="true class")
    ax.set_title("% of each true class, by prediction")
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


def sample_grid(images: np.ndarray, labels: np.ndarray, class_names: Sequence[str], per_class: int = 6) -> Figure:
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


def smallest_font(fig: Figure) -> float:
    """The smallest font size, in points, of any visible text in the figure (once laid out)."""
    fig.draw_without_rendering()  # makes the tick labels
    return min(t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip())


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes (closing it), with its smallest font size recorded as `MinFontPt`."""
    buffer = io.BytesIO()
    fig.savefig(
        buffer,
        format="png",
        dpi=DPI,
        bbox_inches="tight",
        metadata={"Software": None, "MinFontPt": f"{smallest_font(fig):g}"},
    )
    plt.close(fig)
    return buffer.getvalue()


def save(fig: Figure, path: Path) -> Path:
    """Write the figure as a PNG at `path` (closing it); returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png_bytes(fig))
    return path
