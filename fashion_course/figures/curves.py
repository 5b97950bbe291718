"""Learning curves: cost and accuracy against step or epoch, for one run or several compared.

Within a run, solid lines are the training set and dashed lines the test (or dev) set; each
run has its idea's colour (`style.CONCEPTS`). Figures that are compared share their axes
(`Limits`), and accuracy is in percent, on an axis that starts below where training started.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import PercentFormatter

from fashion_course.figures.style import CONCEPTS, PANEL_HEIGHT, PANEL_WIDTH, WIDTH

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


def draw_accuracy(
    ax: plt.Axes, runs: Sequence[Run], x_label: str, eval_name: str, limits: Limits, name_runs: bool = True
) -> None:
    """Accuracy in percent against step or epoch: solid on the training set, dashed on `eval_name`.
    Its legend names the runs too, unless `name_runs` is False (the cost panel beside it does)."""
    for run in reversed(runs):
        for key, linestyle in SPLIT_STYLE.items():
            if run.history.get(key):
                ax.plot(run.x, 100 * np.asarray(run.history[key]), linestyle=linestyle, **run.style)
    ax.set(xlabel=x_label, ylabel="accuracy", title="accuracy")
    ax.set(xlim=(0, limits.x_max), ylim=(limits.accuracy_min, 100))
    ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.grid(alpha=0.3)
    several = len(runs) > 1 and name_runs
    handles = [Line2D([], [], **r.style) for r in runs] if several else []
    labels = [r.label for r in runs] if several else []
    splits = [Line2D([], [], color="#444444", linestyle=style) for style in SPLIT_STYLE.values()]
    ax.legend(handles + splits, labels + ["train", eval_name], frameon=False, loc="lower right")


def curve_panels(
    runs: Sequence[Run],
    x_label: str,
    eval_name: str = "test",
    limits: Limits | None = None,
    name_runs_once: bool = False,
) -> tuple[Figure, Figure]:
    """Cost and accuracy as two figures: the site shows them side by side, or stacked on a phone.
    With `name_runs_once`, only the cost panel's legend names the runs (for many runs)."""
    limits = limits or Limits.of(runs)
    cost, accuracy = (plt.subplots(figsize=(PANEL_WIDTH, PANEL_HEIGHT)) for _ in range(2))
    draw_cost(cost[1], runs, x_label, limits)
    draw_accuracy(accuracy[1], runs, x_label, eval_name, limits, name_runs=not name_runs_once)
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
