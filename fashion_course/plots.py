"""`course plots`: every figure of the course and its results table, from real training runs.

`regenerate` trains each experiment with the reference solutions (in `EXPERIMENTS` order, each
seeded) unless its saved result is still current: a result's JSON carries a fingerprint of its
settings, the reference code it ran and the data (`experiments.fingerprint`), and a run whose
fingerprint has not changed is reused. Then `draw` makes every figure from the saved results
alone: each run's learning curves (on the axes of the runs it is compared with), small init
against He and mini-batch gradient descent against Adam, the confusion matrix and a grid of
test predictions of `mlp-best`, the binary model's weights as an image, lesson 5's activation
spread, a grid of sample images, and `results.json` and `results.md` (the table the docs
include), all in `OUT/<full|sample>/`. The site's pages draw the same figures with the same
functions, from the same files.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from fashion_course import data, figures
from fashion_course.experiments import EXPERIMENTS, Experiment, Result, fingerprint, run
from fashion_course.figures import Figure, Limits, Run
from fashion_course.lessons import find_lesson
from fashion_course.workspace import SOLUTIONS, load_lesson

DEEP_NETWORK = [784] + [256] * 8 + [10]  # for lesson 5's activation spread
PREDICTIONS_SHOWN = 16  # the first test images, which the bundled sample holds too


@dataclass(frozen=True)
class Comparison:
    title: str
    runs: tuple[str, ...]


COMPARISONS = {
    "compare-init": Comparison(
        "784-70-10, full-batch gradient descent, learning rate 0.009: 0.01 × randn against He init",
        ("mlp-small-init", "mlp-he"),
    ),
    "compare-optimizer": Comparison(
        "784-80-40-10, He init, batches of 128, learning rate 0.008: mini-batch gradient descent against Adam",
        ("mlp-sgd", "mlp-adam"),
    ),
}


def start_from(saved: Path, out: Path) -> bool:
    """Copy the results in `saved` (the course's own full-data runs) into `out`, when `out` does
    not exist yet, so that `regenerate` reuses each one still current; whether it did."""
    if out.exists() or not saved.is_dir() or out.resolve() == saved.resolve():
        return False
    shutil.copytree(saved, out)
    return True


def regenerate(
    out: Path,
    source: data.DataSource,
    on_experiment: Callable[[Experiment], Callable[[dict], None]] | None = None,
    only: Iterable[str] = (),
    force: bool = False,
) -> dict[str, Result]:
    """Train what is not current, then draw every figure into `out`; returns the results by name.

    A saved result is reused when its fingerprint matches; `force` retrains anyway. `only`
    limits retraining to those experiments (the others are reused as saved, and trained only
    if they have never been saved). `on_experiment(experiment)` is called as each training
    starts and returns the `on_log` callback for it (for progress bars).
    """
    only = set(only)
    results, dev = {}, {}
    for name, experiment in EXPERIMENTS.items():
        wanted = not only or name in only
        for use_dev, into in (
            ((False, results), (True, dev)) if experiment.reported_on_dev else ((False, results),)
        ):
            trained = dev_run(experiment) if use_dev else experiment
            saved = load_result(out, trained.name)
            current = saved is not None and saved.fingerprint == fingerprint(experiment, SOLUTIONS, source)
            if saved is not None and not (wanted and (force or not current)):
                into[name] = saved
                continue
            on_log = on_experiment(trained) if on_experiment else None
            into[name] = run(trained, SOLUTIONS, source, use_dev=use_dev, on_log=on_log)
            into[name].write(out / f"{trained.name}.json")  # its figure is drawn with the others, below
    save_activation_spread(source, out)
    draw(results, out, dev)
    return results


def dev_run(experiment: Experiment) -> Experiment:
    """The same run named `NAME-dev`: trained on the training set less a dev split of the test set's
    size and evaluated on that split, as the original measured the mini-batch runs."""
    return replace(experiment, name=f"{experiment.name}-dev")


def load_result(directory: Path, name: str) -> Result | None:
    """The result saved for experiment `name` in `directory`, or None (also for an older format)."""
    path = directory / f"{name}.json"
    if not path.exists():
        return None
    try:
        return Result.from_saved(json.loads(path.read_text()))
    except KeyError:  # saved before a field it needs existed: train it again
        return None


def load_results(directory: Path, dev: bool = False) -> dict[str, Result]:
    """Every experiment's saved result in `directory` (each must be there); with `dev`, the dev-split
    runs of the experiments the original reported on a dev split, by experiment name."""
    names = [name for name, e in EXPERIMENTS.items() if e.reported_on_dev or not dev]
    results = {name: load_result(directory, f"{name}-dev" if dev else name) for name in names}
    missing = [name for name, result in results.items() if result is None]
    if missing:
        raise FileNotFoundError(
            f"{directory} has no saved result for {', '.join(missing)}: run `course plots`"
        )
    return results


def curves(results: dict[str, Result], *names: str) -> tuple[list[Run], str, Limits]:
    """The named runs' curves, their x label, and axes shared with every run they are compared with."""
    group = set(names)
    for comparison in COMPARISONS.values():
        if group & set(comparison.runs):
            group |= set(comparison.runs)
    runs = {name: run_of(results, name) for name in sorted(group)}
    return [runs[name] for name in names], EXPERIMENTS[names[0]].x_label, Limits.of(list(runs.values()))


def run_of(results: dict[str, Result], name: str) -> Run:
    experiment = EXPERIMENTS[name]
    label = figures.CONCEPTS[experiment.concept].label
    return Run(label, experiment.concept, results[name].history, experiment.x_key)


def draw(results: dict[str, Result], out: Path, dev: dict[str, Result]) -> None:
    """Every figure and the results table, from the results alone (no training): seconds. `dev`
    holds the dev-split runs, by experiment name (see `dev_run`); they are in the table only."""
    for name, result in results.items():
        experiment = EXPERIMENTS[name]
        runs, x_label, limits = curves(results, name)
        title = f"{experiment.title} ({result.data} data)"
        figures.save(figures.learning_curves(runs, title, x_label, limits=limits), out / f"{name}.png")
    for stem, comparison in COMPARISONS.items():
        runs, x_label, limits = curves(results, *comparison.runs)
        title = f"{comparison.title} ({results[comparison.runs[0]].data} data)"
        fig = figures.learning_curves(runs, title, x_label, limits=limits)
        figures.save(fig, out / f"{stem}.png")
    figures.save(confusion(results), out / "mlp-best-confusion.png")
    figures.save(predictions(results), out / "mlp-best-predictions.png")
    figures.save(weights(results), out / "binary-weights.png")
    figures.save(figures.activation_spread(activation_spread_of(out)), out / "activation-spread.png")
    figures.save(samples(), out / "samples.png")
    write_table(results, out, dev)


def confusion(results: dict[str, Result]) -> Figure:
    """Which classes `mlp-best` confuses on the test set."""
    best = results["mlp-best"]
    return figures.confusion_matrix(best.labels, best.predictions, data.CLASS_NAMES)


def predictions(results: dict[str, Result]) -> Figure:
    """The first test images with `mlp-best`'s predictions (drawn from the sample: the same images)."""
    result = results["mlp-best"]
    images, labels = data.load("test", data.locate("sample"))
    shown = slice(PREDICTIONS_SHOWN)
    assert np.array_equal(labels[shown], result.labels[shown]), "the sample's first test images changed"
    return figures.prediction_grid(images[shown], labels[shown], result.predictions[shown], data.CLASS_NAMES)


def weights(results: dict[str, Result]) -> Figure:
    """The binary model's weights, as the image they weigh."""
    return figures.weights_image(results["binary"].model[0])


def samples() -> Figure:
    """The first images of each class (the sample holds the first of each class of the full data)."""
    images, labels = data.load("train", data.locate("sample"))
    return figures.sample_grid(images, labels, data.CLASS_NAMES)


def activation_spread(source: data.DataSource) -> dict[str, list[float]]:
    """Lesson 5's demonstration: each hidden layer's activation spread, per initialisation."""
    lesson1, lesson4, lesson5 = (load_lesson(find_lesson(n), SOLUTIONS) for n in (1, 4, 5))
    X = lesson1.preprocess(data.load("train", source)[0][:1000])
    inits = {
        "small": lambda dims, rng: lesson4.init_params(dims, rng, 0.01),
        "xavier": lesson5.xavier_init,
        "he": lesson5.he_init,
    }
    return {
        concept: lesson5.activation_stats(X, init(DEEP_NETWORK, np.random.default_rng(0)))
        for concept, init in inits.items()
    }


def activation_spread_of(out: Path) -> dict[str, list[float]]:
    return json.loads((out / "activation-spread.json").read_text())


def save_activation_spread(source: data.DataSource, out: Path) -> None:
    (out / "activation-spread.json").write_text(json.dumps(activation_spread(source), indent=1) + "\n")


def percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def write_table(results: dict[str, Result], out: Path, dev: dict[str, Result]) -> None:
    """`results.json` (every summary, the dev-split runs as `NAME-dev`) and `results.md`: ours, with
    the original's numbers beneath.

    Six narrow columns, so that the table fits a phone; each run's set-up is listed below it.
    """
    summaries = {name: result.summary() for name, result in results.items()}
    summaries |= {f"{name}-dev": result.summary() for name, result in dev.items()}
    (out / "results.json").write_text(json.dumps(summaries, indent=1) + "\n")
    (out / "results.md").write_text(results_markdown(results, dev) + "\n")


def results_markdown(results: dict[str, Result], dev: dict[str, Result], names: Iterable[str] = ()) -> str:
    """The results table for the runs `names` (all when empty), then what each run is.

    The dev column is ours where the original reported a dev accuracy: the same run trained on the
    training set less a dev split and measured on that split (`dev`), so like is beside like.
    """
    names = list(names) or list(results)
    lines = [
        "| run | train % | dev % | test % | cost | time |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in names:
        result, original = results[name], EXPERIMENTS[name].original
        on_dev = dev[name].eval_accuracy if name in dev else None
        cells = (
            _beside(percent(result.train_accuracy), percent(original.get("train_accuracy"))),
            _beside(percent(on_dev), percent(original.get("dev_accuracy"))),
            _beside(percent(result.eval_accuracy), percent(original.get("test_accuracy"))),
            _beside(f"{result.cost:.3f}", f"{original['cost']:g}" if "cost" in original else "-"),
        )
        lines.append(f"| `{name}` | {' | '.join(cells)} | {result.seconds:.0f} s |")
    lines.append("")
    lines.append(
        "The small numbers beneath ours are what the original challenge reported, where it did. "
        "Train and test are of a run on all 60,000 training images; dev is of the same run trained "
        "on 50,000 of them and measured on the other 10,000, as the original measured its mini-batch runs."
    )
    lines.append("")
    lines += [f"- `{name}`: {EXPERIMENTS[name].summary}" for name in names]
    return "\n".join(lines)


def _beside(ours: str, theirs: str) -> str:
    return ours if theirs == "-" else f"{ours}<br><small>{theirs}</small>"
