"""The course's figures, drawn with matplotlib: learning curves and their overlays.

Every function takes what it draws and a path, writes one PNG, and returns the path.
Figures are deterministic for the same inputs (no timestamps in the files).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e")
SAVE = {"dpi": 110, "bbox_inches": "tight", "metadata": {"Software": None}}


def learning_curves(
    runs: list[tuple[str, dict[str, list]]],
    title: str,
    path: Path,
    eval_name: str = "test",
    x_label: str | None = None,
    layered: bool = False,
) -> Path:
    """Cost (left) and accuracy (right) against step, one colour per run.

    `runs` is a list of (label, history); a history has "step" (or "epoch"), "cost",
    "train_accuracy" and "dev_accuracy" (drawn dashed, as `eval_name` accuracy). `layered` draws later runs
    wider and paler beneath earlier ones, so a student's curve shows on top of an identical reference.
    """
    fig, (ax_cost, ax_acc) = plt.subplots(1, 2, figsize=(11, 4.2))
    for order, colour, (label, history) in reversed(list(zip(range(len(runs)), COLOURS, runs))):
        x_name = "epoch" if "epoch" in history else "step"
        x = history[x_name]
        wide = layered and order > 0
        style = {"color": colour, "linewidth": 1.6 + 3 * order * wide, "alpha": 0.4 if wide else 1.0}
        ax_cost.plot(x, history["cost"], label=label, **style)
        ax_acc.plot(x, history["train_accuracy"], label=f"{label}: train", **style)
        if history.get("dev_accuracy"):
            ax_acc.plot(x, history["dev_accuracy"], linestyle="--", label=f"{label}: {eval_name}", **style)
    ax_cost.set(xlabel=x_label or x_name, ylabel="cost (mean cross-entropy)", title="cost")
    ax_acc.set(xlabel=x_label or x_name, ylabel="accuracy", title="accuracy")
    for ax in (ax_cost, ax_acc):
        ax.grid(alpha=0.3)
        ax.legend(frameon=False)
    ax_acc.set_ylim(max(_settled_minimum(runs) - 0.02, 0), 1.0)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return _save(fig, path)


def _settled_minimum(runs: list[tuple[str, dict[str, list]]]) -> float:
    """The lowest accuracy once the first 5% of each run is past: where the accuracy axis starts."""
    lows = []
    for _, history in runs:
        for key in ("train_accuracy", "dev_accuracy"):
            values = history.get(key) or []
            lows.extend(values[len(values) // 20 :])
    return min(lows) if lows else 0.0


def _save(fig: plt.Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, **SAVE)
    plt.close(fig)
    return path


def confusion_matrix(
    y_true: np.ndarray, y_pred: np.ndarray, class_names: tuple[str, ...], title: str, path: Path
) -> Path:
    """Counts of (true class, predicted class), with each row's share coloured."""
    k = len(class_names)
    counts = np.zeros((k, k), dtype=np.int64)
    np.add.at(counts, (y_true, y_pred), 1)
    share = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(7.5, 6.5))
    ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    for i in range(k):
        for j in range(k):
            if counts[i, j]:
                ax.text(
                    j,
                    i,
                    counts[i, j],
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if share[i, j] > 0.5 else "black",
                )
    ax.set_xticks(range(k), class_names, rotation=45, ha="right")
    ax.set_yticks(range(k), class_names)
    ax.set(xlabel="predicted class", ylabel="true class", title=title)
    return _save(fig, path)


def prediction_grid(
    images: np.ndarray,
    y_true: np.ndarray,
    y_pred: np.ndarray,
    class_names: tuple[str, ...],
    title: str,
    path: Path,
) -> Path:
    """Images with their predicted label; a mistake is framed in red with the true label below."""
    rows, cols = 4, 8
    fig, axes = plt.subplots(rows, cols, figsize=(cols * 1.45, rows * 1.75))
    for ax, image, true, pred in zip(axes.flat, images, y_true, y_pred):
        ax.imshow(image, cmap="gray_r")
        ax.set_xticks([])
        ax.set_yticks([])
        right = true == pred
        ax.set_title(class_names[pred], fontsize=8, color="black" if right else "#c00000")
        if not right:
            ax.set_xlabel(f"true: {class_names[true]}", fontsize=7, color="#c00000")
            for spine in ax.spines.values():
                spine.set(color="#c00000", linewidth=2.5)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return _save(fig, path)


def sample_grid(
    images: np.ndarray, labels: np.ndarray, class_names: tuple[str, ...], path: Path, per_class: int = 8
) -> Path:
    """The first `per_class` images of every class, one row per class, labelled."""
    fig, axes = plt.subplots(len(class_names), per_class, figsize=(per_class * 0.9, len(class_names) * 0.95))
    for c, row in enumerate(axes):
        for ax, index in zip(row, np.flatnonzero(labels == c)[:per_class]):
            ax.imshow(images[index], cmap="gray_r")
            ax.set_xticks([])
            ax.set_yticks([])
        row[0].set_ylabel(f"{c} {class_names[c]}", rotation=0, ha="right", va="center", fontsize=8)
    fig.tight_layout(pad=0.3)
    return _save(fig, path)


def activation_spread(stats: dict[str, list[float]], title: str, path: Path) -> Path:
    """The standard deviation of each hidden layer's activations, one line per initialisation."""
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for colour, (label, values) in zip(COLOURS, stats.items()):
        ax.plot(range(1, len(values) + 1), values, marker="o", color=colour, label=label)
    ax.set_yscale("log")
    ax.set(xlabel="hidden layer", ylabel="standard deviation of its activations (log scale)", title=title)
    ax.grid(alpha=0.3, which="both")
    ax.legend(frameon=False)
    return _save(fig, path)


def weights_image(w: np.ndarray, title: str, path: Path) -> Path:
    """A logistic regression's 784 weights as the 28x28 image they weigh: red for class 1, blue for 0."""
    limit = float(np.abs(w).max())
    fig, ax = plt.subplots(figsize=(4.6, 4))
    shown = ax.imshow(w.reshape(28, 28), cmap="RdBu_r", vmin=-limit, vmax=limit)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=9)
    fig.colorbar(shown, ax=ax, label="weight")
    return _save(fig, path)
