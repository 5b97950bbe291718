"""The course's figures, drawn with matplotlib: learning curves and their overlays.

Every function takes what it draws and a path, writes one PNG, and returns the path.
Figures are deterministic for the same inputs (no timestamps in the files).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e")
SAVE = {"dpi": 110, "bbox_inches": "tight", "metadata": {"Software": None}}


def learning_curves(
    runs: list[tuple[str, dict[str, list]]], title: str, path: Path, eval_name: str = "test"
) -> Path:
    """Cost (left) and accuracy (right) against step, one colour per run.

    `runs` is a list of (label, history); a history has "step" (or "epoch"), "cost",
    "train_accuracy" and "dev_accuracy" (drawn dashed, as `eval_name` accuracy). Later runs
    are drawn wider and paler beneath earlier ones, so identical curves stay visible.
    """
    fig, (ax_cost, ax_acc) = plt.subplots(1, 2, figsize=(11, 4.2))
    for order, colour, (label, history) in reversed(list(zip(range(len(runs)), COLOURS, runs))):
        x_name = "epoch" if "epoch" in history else "step"
        x = history[x_name]
        style = {"color": colour, "linewidth": 1.6 + 3 * order, "alpha": 1.0 if order == 0 else 0.4}
        ax_cost.plot(x, history["cost"], label=label, **style)
        ax_acc.plot(x, history["train_accuracy"], label=f"{label}: train", **style)
        if history.get("dev_accuracy"):
            ax_acc.plot(x, history["dev_accuracy"], linestyle="--", label=f"{label}: {eval_name}", **style)
    ax_cost.set(xlabel=x_name, ylabel="cost (mean cross-entropy)", title="cost")
    ax_acc.set(xlabel=x_name, ylabel="accuracy", title="accuracy")
    for ax in (ax_cost, ax_acc):
        ax.grid(alpha=0.3)
        ax.legend(frameon=False)
    ax_acc.set_ylim(max(_settled_minimum(runs) - 0.02, 0), 1.0)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, **SAVE)
    plt.close(fig)
    return path


def _settled_minimum(runs: list[tuple[str, dict[str, list]]]) -> float:
    """The lowest accuracy once the first 5% of each run is past: where the accuracy axis starts."""
    lows = []
    for _, history in runs:
        for key in ("train_accuracy", "dev_accuracy"):
            values = history.get(key) or []
            lows.extend(values[len(values) // 20 :])
    return min(lows) if lows else 0.0
