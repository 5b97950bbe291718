"""The course's experiments: named configurations, and the one runner that trains any of them.

An experiment is data: which classes, which model, which optimiser settings. The runner builds
it from the lesson functions of an implementation folder (the reference `solutions/`, or a
student's `exercises/`), so the same configuration shows the reference learning and the
student's code learning. `EXPERIMENTS` holds the runs of the original challenge, with the
numbers it reported, and our own improved runs.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from fashion_course import data
from fashion_course.lessons import find_lesson
from fashion_course.workspace import SOLUTIONS, load_lesson


@dataclass(frozen=True)
class Experiment:
    name: str
    summary: str
    model: str  # "logistic": lesson 3's gradient_descent
    lr: float
    steps: int
    classes: tuple[int, ...] = ()  # the labels to keep, relabelled 0..k-1; () keeps all ten
    log_every: int = 10
    original: dict[str, float] = field(default_factory=dict)  # what the original challenge reported
    seed: int = 0  # for the dev split

    @property
    def title(self) -> str:
        """The configuration in one line, for figure titles."""
        names = " vs ".join(data.CLASS_NAMES[c] for c in self.classes) if self.classes else "10 classes"
        return f"{self.name}: {names}, logistic regression, zero init, lr {self.lr:g}, {self.steps:,} full-batch steps"


EXPERIMENTS: dict[str, Experiment] = {
    e.name: e
    for e in (
        Experiment(
            "binary",
            "the original: T-shirt/top vs Trouser, logistic regression, lr 0.009, 2,000 steps",
            "logistic",
            lr=0.009,
            steps=2000,
            classes=(0, 1),
            original={"test_accuracy": 0.98, "cost": 0.075},
        ),
        Experiment(
            "binary-tuned",
            "ours: the same model, lr 1.0 chosen on a dev split (grid 0.009 to 2)",
            "logistic",
            lr=1.0,
            steps=2000,
            classes=(0, 1),
        ),
    )
}


class UnknownExperimentError(ValueError):
    pass


def find_experiment(name: str) -> Experiment:
    try:
        return EXPERIMENTS[name]
    except KeyError:
        raise UnknownExperimentError(
            f"there is no experiment {name!r}; the experiments are {', '.join(EXPERIMENTS)}"
        ) from None


@dataclass
class Result:
    experiment: str
    data: str  # "full" or "sample"
    implementation: str  # "solutions", "exercises" or a folder
    evaluated_on: str  # "test", or "dev" (a split of the training set)
    train_accuracy: float
    eval_accuracy: float
    cost: float
    seconds: float
    train_examples: int
    eval_examples: int
    history: dict[str, list]
    config: dict[str, Any]

    def summary(self) -> dict[str, Any]:
        """The JSON `course run --json` prints: everything but the history."""
        out = {k: v for k, v in asdict(self).items() if k not in ("history", "eval_accuracy")}
        out["test_accuracy"] = self.eval_accuracy if self.evaluated_on == "test" else None
        if self.evaluated_on == "dev":
            out["dev_accuracy"] = self.eval_accuracy
        return out


def prepare(experiment: Experiment, impl: Path, source: data.DataSource, use_dev: bool):
    """Training and evaluation arrays, made with the implementation's own lesson 1 functions."""
    lesson1 = load_lesson(find_lesson(1), impl)
    splits = []
    for split in ("train", "test"):
        images, labels = data.load(split, source)
        X = lesson1.preprocess(images)
        y = labels.astype(np.int64)
        if experiment.classes:
            X, y = lesson1.select_classes(X, y, experiment.classes)
        splits.append((X, y))
    (X_train, y_train), (X_eval, y_eval) = splits
    if use_dev:  # hold out as many training examples as the test set has
        rng = np.random.default_rng(experiment.seed)
        X_train, X_eval, y_train, y_eval = lesson1.train_dev_split(X_train, y_train, len(X_eval), rng)
    return X_train, y_train, X_eval, y_eval


def run(
    experiment: Experiment,
    impl: Path = SOLUTIONS,
    source: data.DataSource | None = None,
    *,
    use_dev: bool = False,
    on_log: Callable[[dict[str, list]], None] | None = None,
) -> Result:
    """Train `experiment` with the lesson functions in `impl`; evaluate on test (or a dev split)."""
    source = source or data.locate()
    X, y, X_eval, y_eval = prepare(experiment, impl, source, use_dev)
    lesson3 = load_lesson(find_lesson(3), impl)
    extra = {"on_log": on_log} if on_log and _accepts(lesson3.gradient_descent, "on_log") else {}
    start = time.perf_counter()
    w, b, history = lesson3.gradient_descent(
        X,
        y,
        experiment.lr,
        experiment.steps,
        X_dev=X_eval,
        y_dev=y_eval,
        log_every=experiment.log_every,
        **extra,
    )
    seconds = time.perf_counter() - start
    history = {key: [float(v) for v in values] for key, values in history.items()}
    return Result(
        experiment=experiment.name,
        data="full" if source.full else "sample",
        implementation=impl.name if impl.parent == SOLUTIONS.parent else str(impl),
        evaluated_on="dev" if use_dev else "test",
        train_accuracy=history["train_accuracy"][-1],
        eval_accuracy=history["dev_accuracy"][-1],
        cost=history["cost"][-1],
        seconds=seconds,
        train_examples=len(X),
        eval_examples=len(X_eval),
        history=history,
        config={k: v for k, v in asdict(experiment).items() if k not in ("name", "summary", "original")},
    )


def _accepts(function: Callable, keyword: str) -> bool:
    """Whether `function` takes `keyword` (a student's version may not take our extras)."""
    try:
        return keyword in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False
