"""The course's experiments: named configurations, and the one runner that trains any of them.

An experiment is data: which classes, which model, which optimiser settings. The runner builds
it from the lesson functions of an implementation: a folder of lesson files (the reference
`solutions/`, or a student's `exercises/`), or lesson modules already loaded (`Lessons`: a
notebook kernel's functions, `notebook.yours`), so the same configuration shows the reference
learning and the student's code learning, logged at the same steps (`logged_as`).
`EXPERIMENTS` holds the runs of the original challenge, with the numbers it reported, and our
own improved runs; `reference_result` gives the reference's run of one, saved or trained once.
"""

from __future__ import annotations

import ast
import ctypes
import hashlib
import inspect
import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from fashion_course import data
from fashion_course.lessons import find_lesson
from fashion_course.workspace import RESULTS, SOLUTIONS, load_lesson, user_cache


@dataclass(frozen=True)
class Experiment:
    name: str
    summary: str
    model: str  # "logistic" (lesson 3's gradient_descent) or "network" (lesson 6's train)
    lr: float
    epochs: int  # full-batch steps when batch_size is None
    batch_size: int | None = None  # None: full-batch gradient descent, an epoch is one step
    classes: tuple[int, ...] = ()  # the labels to keep, relabelled 0..k-1; () keeps all ten
    layer_dims: tuple[int, ...] = ()  # networks only
    init: str = "zero"  # "zero" (logistic), "small" (0.01 * randn), "xavier" or "he"
    optimizer: str = "gd"  # "gd" (logistic), "sgd" or "adam"
    schedule: str = "constant"  # or "cosine"
    # Optimisation steps between evaluations of the whole training and test sets; None: once an
    # epoch, as COURSE.md's `train` logs (`logged_as`).
    log_every: int | None = 10
    # What the original challenge reported: train_accuracy, cost, and test_accuracy or dev_accuracy
    # (the mini-batch runs reported accuracy on a dev split of the training set, not on the test set).
    original: dict[str, float] = field(default_factory=dict)
    seed: int = 0  # for the initialisation, the shuffles and the dev split

    @property
    def full_batch(self) -> bool:
        return self.batch_size is None

    @property
    def reported_on_dev(self) -> bool:
        """Whether the original reported this run's accuracy on a dev split: then ours is measured
        on one too (`run(..., use_dev=True)`), to compare like with like."""
        return "dev_accuracy" in self.original

    @property
    def x_key(self) -> str:
        """The history's key for the x-axis of a learning curve: steps, or epochs for mini-batches."""
        return "step" if self.full_batch else "epoch"

    @property
    def x_label(self) -> str:
        return "gradient-descent step (full batch)" if self.full_batch else "epoch"

    @property
    def concept(self) -> str:
        """What the run shows, naming its colour in every figure: the model, the initialisation
        (full-batch networks) or the optimiser (mini-batch networks)."""
        if self.model == "logistic":
            return "logistic"
        return self.init if self.full_batch else self.optimizer

    @property
    def lessons(self) -> tuple[int, ...]:
        """The lessons whose reference code trains this experiment."""
        return (1, 2, 3) if self.model == "logistic" else (1, 4, 5, 6)

    @property
    def title(self) -> str:
        """The configuration in words, for figure titles."""
        names = " vs ".join(data.CLASS_NAMES[c] for c in self.classes) if self.classes else "10 classes"
        if self.model == "logistic":
            model = "logistic regression from zero"
        else:
            model = f"a {'-'.join(map(str, self.layer_dims))} network, {INIT_NAMES[self.init]}"
        if self.full_batch:
            training = f"{self.epochs:,} steps of full-batch gradient descent"
        else:
            method = "Adam" if self.optimizer == "adam" else "mini-batch gradient descent"
            training = f"{self.epochs} epochs of {method} on batches of {self.batch_size}"
        schedule = " with a cosine schedule" if self.schedule == "cosine" else ""
        return f"{names}: {model}; {training}, learning rate {self.lr:g}{schedule}"


INIT_NAMES = {"zero": "zero init", "small": "0.01 × randn init", "xavier": "Xavier init", "he": "He init"}


def network(name: str, summary: str, layer_dims: tuple[int, ...], **settings: Any) -> Experiment:
    return Experiment(name, summary, "network", layer_dims=layer_dims, **settings)


EXPERIMENTS: dict[str, Experiment] = {
    e.name: e
    for e in (
        Experiment(
            "binary",
            "the original: T-shirt/top vs Trouser, logistic regression, lr 0.009, 2,000 steps",
            "logistic",
            lr=0.009,
            epochs=2000,
            classes=(0, 1),
            original={"test_accuracy": 0.98, "cost": 0.075},
        ),
        Experiment(
            "binary-tuned",
            "ours: the same model, lr 1.0 chosen on a dev split (grid 0.009 to 2)",
            "logistic",
            lr=1.0,
            epochs=2000,
            classes=(0, 1),
        ),
        network(
            "mlp-small-init",
            "the original: 784-70-10, weights 0.01 * randn, full-batch gradient descent, lr 0.009, 6,000 steps",
            (784, 70, 10),
            init="small",
            optimizer="sgd",
            lr=0.009,
            epochs=6000,
            log_every=25,
            original={"test_accuracy": 0.813, "cost": 0.513},
        ),
        network(
            "mlp-he",
            "the original: the same network with He initialisation, 2,000 steps",
            (784, 70, 10),
            init="he",
            optimizer="sgd",
            lr=0.009,
            epochs=2000,
            log_every=25,
            original={"train_accuracy": 0.832, "cost": 0.496},
        ),
        network(
            "mlp-sgd",
            "the original: 784-80-40-10, He init, mini-batches of 128, lr 0.008, 10 epochs",
            (784, 80, 40, 10),
            init="he",
            optimizer="sgd",
            lr=0.008,
            epochs=10,
            batch_size=128,
            log_every=50,
            original={"train_accuracy": 0.85, "dev_accuracy": 0.83, "cost": 0.45},
        ),
        network(
            "mlp-adam",
            "the original: the same with Adam (beta1 0.9, beta2 0.999, eps 1e-8)",
            (784, 80, 40, 10),
            init="he",
            optimizer="adam",
            lr=0.008,
            epochs=10,
            batch_size=128,
            log_every=50,
            original={"train_accuracy": 0.90, "dev_accuracy": 0.87, "cost": 0.27},
        ),
        network(
            "mlp-best",
            "ours: 784-512-256-10, He init, Adam, batches of 256, lr 0.002 with a cosine schedule, 20 epochs "
            "(chosen on a dev split: benchmarks/tune_mlp_best.py)",
            (784, 512, 256, 10),
            init="he",
            optimizer="adam",
            lr=0.002,
            epochs=20,
            batch_size=256,
            schedule="cosine",
            log_every=50,
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
    fingerprint: str  # of the configuration, the implementation's code and the data: see `fingerprint`
    model: Any = field(default=None, repr=False)  # (w, b) or the network's params
    predictions: np.ndarray | None = field(default=None, repr=False)  # on the evaluation set
    labels: np.ndarray | None = field(default=None, repr=False)  # the evaluation set's true classes

    def summary(self) -> dict[str, Any]:
        """The JSON `course run --json` prints: everything but the history."""
        skip = ("history", "eval_accuracy", "model", "predictions", "labels")
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in skip}
        out["test_accuracy"] = self.eval_accuracy if self.evaluated_on == "test" else None
        if self.evaluated_on == "dev":
            out["dev_accuracy"] = self.eval_accuracy
        return out

    def saved(self) -> dict[str, Any]:
        """What `save` writes: the summary, the history, the predictions and a logistic model's weights."""
        out = {**self.summary(), "history": self.history}
        out |= {"predictions": self.predictions.tolist(), "labels": self.labels.tolist()}
        if self.config["model"] == "logistic":
            w, b = self.model
            out["weights"] = {"w": w.tolist(), "b": float(b)}
        return out

    def write(self, path: Path) -> Path:
        """Write `saved()` to `path` as JSON, one top-level key per line."""
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")  # a reader sees all or nothing
        partial.write_text(one_line_per_key(self.saved()))
        os.replace(partial, path)
        return path

    @classmethod
    def from_saved(cls, saved: dict[str, Any]) -> Result:
        """The result `saved()` describes (a network's parameters are not saved)."""
        names = {f.name for f in fields(cls)} - {"eval_accuracy", "model", "predictions", "labels"}
        weights = saved.get("weights")
        return cls(
            **{name: saved[name] for name in names},
            eval_accuracy=saved[f"{saved['evaluated_on']}_accuracy"],
            model=(np.array(weights["w"]), weights["b"]) if weights else None,
            predictions=np.array(saved["predictions"]),
            labels=np.array(saved["labels"]),
        )


@dataclass(frozen=True)
class Lessons:
    """Lesson modules already loaded, by lesson number: an implementation that is not a folder.

    `notebook.yours` makes one from a notebook kernel's functions, so that the runner trains what
    the kernel has (the lessons it does not need may be left out).
    """

    name: str  # how results name the implementation: "this notebook"
    modules: Mapping[int, ModuleType]


Implementation = Path | Lessons


def lesson_module(impl: Implementation, number: int) -> ModuleType:
    """Lesson `number` of the implementation: loaded from its folder, or as `Lessons` holds it."""
    if isinstance(impl, Lessons):
        return impl.modules[number]
    return load_lesson(find_lesson(number), impl)


def implementation_name(impl: Implementation) -> str:
    """`solutions` or `exercises` for the course's folders, another folder's path, a `Lessons`' name."""
    if isinstance(impl, Lessons):
        return impl.name
    return impl.name if impl.parent == SOLUTIONS.parent else str(impl)


def prepare(experiment: Experiment, impl: Implementation, source: data.DataSource, use_dev: bool):
    """Training and evaluation arrays, made with the implementation's own lesson 1 functions.

    Labels are integers for logistic regression and one-hot rows for networks.
    """
    lesson1 = lesson_module(impl, 1)
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
    if experiment.model == "network":
        classes = len(experiment.classes) or len(data.CLASS_NAMES)
        y_train, y_eval = lesson1.one_hot(y_train, classes), lesson1.one_hot(y_eval, classes)
    return X_train, y_train, X_eval, y_eval


# The keyword arguments COURSE.md specifies for gradient_descent and train, which every
# implementation takes; any other (log_every, schedule, on_log) is passed only where accepted.
REQUIRED = {"X_dev", "y_dev", "Y_dev", "optimizer", "init", "epochs", "batch_size", "lr", "rng"}


def training_function(experiment: Experiment, impl: Implementation) -> Callable:
    """What trains `experiment` in `impl`: lesson 3's `gradient_descent` or lesson 6's `train`."""
    if experiment.model == "logistic":
        return lesson_module(impl, 3).gradient_descent
    return lesson_module(impl, 6).train


def logged_as(experiment: Experiment, impl: Implementation) -> Experiment:
    """`experiment` logged where `impl`'s training function can log, so that two implementations
    compared log at the same steps and equal code draws one line.

    COURSE.md's `gradient_descent` takes `log_every`; its `train` does not, and logs once an
    epoch. For a `train` without `log_every` the experiment is logged once an epoch
    (`log_every=None`), which the reference's `train` then does too.
    """
    if experiment.log_every is None or accepts(training_function(experiment, impl), "log_every"):
        return experiment
    return replace(experiment, log_every=None)


def steps_of(experiment: Experiment, train_examples: int) -> int:
    """How many optimisation steps training `experiment` on `train_examples` examples makes."""
    if experiment.full_batch:
        return experiment.epochs
    return experiment.epochs * -(-train_examples // experiment.batch_size)  # ceil(m / B) an epoch


def train(
    experiment: Experiment, impl: Implementation, X, y, X_eval, y_eval, on_log
) -> tuple[Any, np.ndarray, dict[str, list]]:
    """Train with the implementation's lesson functions: the model, its predictions on X_eval, the history."""
    function = training_function(experiment, impl)
    if experiment.model == "logistic":
        args = (X, y, experiment.lr, experiment.epochs)
        settings = {"X_dev": X_eval, "y_dev": y_eval, "log_every": experiment.log_every}
    else:
        args = (X, y, list(experiment.layer_dims))
        settings = {
            "optimizer": experiment.optimizer,
            "init": experiment.init,
            "epochs": experiment.epochs,
            "batch_size": experiment.batch_size,
            "lr": experiment.lr,
            "rng": np.random.default_rng(experiment.seed),
            "X_dev": X_eval,
            "Y_dev": y_eval,
            "log_every": experiment.log_every,
            "schedule": experiment.schedule,
        }
    settings["on_log"] = on_log
    # COURSE.md's train takes an int batch size: a student's full batch is batch_size = m.
    if experiment.model == "network" and experiment.batch_size is None and not accepts(function, "log_every"):
        settings["batch_size"] = len(X)
    accepted = {
        k: v for k, v in settings.items() if k in REQUIRED or (v is not None and accepts(function, k))
    }
    if experiment.model == "logistic":
        w, b, history = function(*args, **accepted)
        return (w, b), lesson_module(impl, 2).predict(X_eval, w, b), history
    params, history = function(*args, **accepted)
    P, _ = lesson_module(impl, 4).forward(X_eval, params)
    return params, P.argmax(axis=1), history


def keep_freed_memory() -> None:
    """Ask glibc to keep large freed blocks for reuse rather than hand them back to the system.

    A full-batch step makes several 17 MB temporaries. By default glibc returns freed memory
    above 64 MB at the top of its heap to the system, so every step page-faults it back in:
    about 5,400 page faults a step and 15 % of its time, measured on 784-70-10 with 60,000
    images. Raising both thresholds (as mallopt allows; the environment variables alone made it
    worse, see PERFORMANCE.md) keeps them. Does nothing where glibc is not the allocator.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 32 * 2**20)  # M_MMAP_THRESHOLD: blocks up to 32 MiB come from the heap
        libc.mallopt(-1, 2**30)  # M_TRIM_THRESHOLD: and freed heap is kept, up to 1 GiB
    except (OSError, AttributeError):
        pass


def run(
    experiment: Experiment,
    impl: Implementation = SOLUTIONS,
    source: data.DataSource | None = None,
    *,
    use_dev: bool = False,
    on_log: Callable[[dict[str, list]], None] | None = None,
) -> Result:
    """Train `experiment` with the lesson functions in `impl`; evaluate on test (or a dev split)."""
    source = source or data.locate()
    keep_freed_memory()
    X, y, X_eval, y_eval = prepare(experiment, impl, source, use_dev)
    start = time.perf_counter()
    model, predictions, history = train(experiment, impl, X, y, X_eval, y_eval, on_log)
    seconds = time.perf_counter() - start
    history = {key: [float(v) for v in values] for key, values in history.items()}
    return Result(
        experiment=experiment.name,
        data=source.kind,
        implementation=implementation_name(impl),
        evaluated_on="dev" if use_dev else "test",
        train_accuracy=history["train_accuracy"][-1],
        eval_accuracy=history["dev_accuracy"][-1],
        cost=history["cost"][-1],
        seconds=seconds,
        train_examples=len(X),
        eval_examples=len(X_eval),
        history=history,
        config=config(experiment),
        fingerprint=fingerprint(experiment, impl, source),
        model=model,
        predictions=predictions,
        labels=y_eval.argmax(axis=1) if y_eval.ndim == 2 else y_eval,
    )


def reference_result(
    experiment: Experiment,
    source: data.DataSource,
    *,
    use_dev: bool = False,
    on_log: Callable[[dict[str, list]], None] | None = None,
    train: bool = True,
) -> tuple[Result | None, str]:
    """The reference's run of `experiment` on `source`, and where it came from.

    A run is reused when its fingerprint (settings, reference code, data) is the current one: the
    full-data results `course plots` saved (`RESULTS`), then a run saved in the user's cache by an
    earlier call (`cached_runs`). Otherwise it is trained (`on_log` sees its progress) and saved
    there, so that a notebook that compares a student's run with the reference's trains the
    reference once per machine. The second value says which: "saved", "cached" or "trained"
    (or, with `train=False`, None and "missing").
    """
    current = fingerprint(experiment, SOLUTIONS, source)
    split = "dev" if use_dev else "test"
    cached = cached_runs() / f"{experiment.name}-{split}-{current}.json"
    saved = RESULTS / f"{experiment.name}{'-dev' if use_dev else ''}.json"
    for path, where in ((saved, "saved"), (cached, "cached")):
        try:
            result = Result.from_saved(json.loads(path.read_text()))
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if result.fingerprint == current and result.evaluated_on == split and result.data == source.kind:
            return result, where
    if not train:
        return None, "missing"
    result = run(experiment, SOLUTIONS, source, use_dev=use_dev, on_log=on_log)
    try:
        result.write(cached)
    except OSError:  # a read-only cache: train again next time
        pass
    return result, "trained"


def cached_runs() -> Path:
    """Where `reference_result` keeps the reference runs it trained: the user's cache."""
    return user_cache() / "runs"


def config(experiment: Experiment) -> dict[str, Any]:
    """The settings that decide what training computes (not the name, the prose or the original's numbers)."""
    return {k: v for k, v in asdict(experiment).items() if k not in ("name", "summary", "original")}


def fingerprint(experiment: Experiment, impl: Implementation, source: data.DataSource) -> str:
    """A hash of what a run's result depends on: its settings, the lesson code and the data.

    `course plots` retrains an experiment only when this has changed since its result was saved.
    The code counts without its docstrings and comments, so editing the prose retrains nothing;
    the data is named by the MD5s of its files, which `data` verified before using them. Lesson
    modules given as `Lessons` (a kernel's functions) count by their name only.
    """
    digest = hashlib.sha256(json.dumps(config(experiment), sort_keys=True).encode())
    for number in experiment.lessons:
        if isinstance(impl, Lessons):
            digest.update(impl.name.encode())
            continue
        path = impl / find_lesson(number).file_name
        digest.update(_code_of(path) if path.exists() else b"")
    digest.update(" ".join(f.md5 if source.full else f.sample_md5 for f in data.FILES).encode())
    return digest.hexdigest()[:16]


def _code_of(path: Path) -> bytes:
    """A module's syntax tree without docstrings (comments are not in it), as bytes."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree).encode()


def accepts(function: Callable, keyword: str) -> bool:
    """Whether `function` takes `keyword` (a student's version may not take our extras)."""
    try:
        return keyword in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


def one_line_per_key(saved: dict[str, Any]) -> str:
    """JSON with each top-level entry on a line of its own (a history or 10,000 predictions
    included), so that a changed result is a readable diff of a few lines."""
    lines = [f"{json.dumps(key)}: {json.dumps(value)}" for key, value in saved.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def save(
    experiment: Experiment, result: Result, directory: Path, reference: Result | None = None
) -> tuple[Path, Path]:
    """Write the result (`NAME.json`, see `Result.saved`) and its learning curves (`NAME.png`).

    A result of another implementation than the reference is saved as `NAME-FOLDER`, and its
    figure draws the `reference` result's curves, wide and pale, beneath it.
    """
    from fashion_course import figures  # matplotlib: imported only when drawing

    stem = experiment.name if reference is None else f"{experiment.name}-{Path(result.implementation).name}"
    history_path = result.write(directory / f"{stem}.json")
    if reference is None:
        runs = [figures.Run("reference", experiment.concept, result.history, experiment.x_key)]
    else:
        runs = [
            figures.Run(Path(result.implementation).name, "yours", result.history, experiment.x_key),
            figures.Run("reference", experiment.concept, reference.history, experiment.x_key, faded=True),
        ]
    title = f"{experiment.title} ({result.data} data)"
    fig = figures.learning_curves(runs, title, experiment.x_label, result.evaluated_on)
    return history_path, figures.save(fig, directory / f"{stem}.png")
