"""`course plots`: every figure of the course and its results table, from real training runs.

Trains every experiment with the reference solutions (in `EXPERIMENTS` order, each seeded),
then draws: each run's learning curves; small init against He, and mini-batch gradient
descent against Adam, on shared axes; the confusion matrix and a grid of test predictions of
`mlp-best`; the binary model's weights as an image; lesson 5's activation spread under small,
Xavier and He initialisation; a grid of sample images. Writes `results.json` and
`results.md` (the table the docs include) beside the figures, in `OUT/<full|sample>/`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from fashion_course import data, figures
from fashion_course.experiments import EXPERIMENTS, Experiment, Result, run, save
from fashion_course.lessons import find_lesson
from fashion_course.workspace import SOLUTIONS, load_lesson

DEEP_NETWORK = [784] + [256] * 8 + [10]  # for lesson 5's activation spread


def regenerate(
    out: Path,
    source: data.DataSource,
    on_experiment: Callable[[Experiment], Callable[[dict], None]] | None = None,
) -> dict[str, Result]:
    """Train every experiment and draw every figure into `out`; returns the results by name.

    `on_experiment(experiment)` is called as each experiment starts and returns the `on_log`
    callback for its training (for progress bars).
    """
    out.mkdir(parents=True, exist_ok=True)
    results = {}
    for name, experiment in EXPERIMENTS.items():
        on_log = on_experiment(experiment) if on_experiment else None
        results[name] = run(experiment, SOLUTIONS, source, on_log=on_log)
        save(experiment, results[name], out)
    draw_comparisons(results, out)
    draw_best(results["mlp-best"], source, out)
    binary = results["binary"]
    figures.weights_image(
        binary.model[0],
        "binary: the learned weights (red pushes towards Trouser, blue towards T-shirt/top)",
        out / "binary-weights.png",
    )
    draw_activation_spread(source, out)
    images, labels = data.load("train", source)
    figures.sample_grid(images, labels, data.CLASS_NAMES, out / "samples.png")
    write_table(results, out)
    return results


def draw_comparisons(results: dict[str, Result], out: Path) -> None:
    pairs = (
        ("compare-init", "mlp-small-init", "0.01 * randn", "mlp-he", "He", "step (full batch)"),
        ("compare-optimizer", "mlp-sgd", "mini-batch gradient descent", "mlp-adam", "Adam", "epoch"),
    )
    for stem, first, first_label, second, second_label, x_label in pairs:
        runs = [(second_label, results[second].history), (first_label, results[first].history)]
        title = f"{first} against {second}: {EXPERIMENTS[second].summary.removeprefix('the original: ')}"
        figures.learning_curves(runs, title, out / f"{stem}.png", x_label=x_label)


def draw_best(best: Result, source: data.DataSource, out: Path) -> None:
    images, labels = data.load("test", source)
    accuracy = f"{best.eval_accuracy:.2%} of {len(labels):,} test images right"
    figures.confusion_matrix(
        labels,
        best.predictions,
        data.CLASS_NAMES,
        f"mlp-best on the test set: {accuracy}",
        out / "mlp-best-confusion.png",
    )
    figures.prediction_grid(
        images[:32],
        labels[:32],
        best.predictions[:32],
        data.CLASS_NAMES,
        "mlp-best: the first 32 test images, mistakes in red",
        out / "mlp-best-predictions.png",
    )


def activation_spread(source: data.DataSource) -> dict[str, list[float]]:
    """Lesson 5's demonstration: each hidden layer's activation spread, per initialisation."""
    lesson1, lesson4, lesson5 = (load_lesson(find_lesson(n), SOLUTIONS) for n in (1, 4, 5))
    X = lesson1.preprocess(data.load("train", source)[0][:1000])
    inits = {
        "0.01 * randn": lambda dims, rng: lesson4.init_params(dims, rng, 0.01),
        "Xavier, N(0, 1/fan_in)": lesson5.xavier_init,
        "He, N(0, 2/fan_in)": lesson5.he_init,
    }
    return {
        label: lesson5.activation_stats(X, init(DEEP_NETWORK, np.random.default_rng(0)))
        for label, init in inits.items()
    }


def draw_activation_spread(source: data.DataSource, out: Path) -> None:
    stats = activation_spread(source)
    (out / "activation-spread.json").write_text(json.dumps(stats, indent=1) + "\n")
    title = (
        f"activations through a {len(DEEP_NETWORK) - 2}-hidden-layer ReLU network of width 256, 1,000 images"
    )
    figures.activation_spread(stats, title, out / "activation-spread.png")


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def write_table(results: dict[str, Result], out: Path) -> None:
    """`results.json` (every summary) and `results.md` (the table beside the original's numbers)."""
    summaries = {name: result.summary() for name, result in results.items()}
    (out / "results.json").write_text(json.dumps(summaries, indent=1) + "\n")
    lines = [
        "| experiment | set-up | original: train / test / cost | ours: train / test / cost | time |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, result in results.items():
        experiment = EXPERIMENTS[name]
        original = experiment.original
        theirs = "-"
        if original:
            theirs = f"{percent(original.get('train_accuracy'))} / {percent(original.get('test_accuracy'))} / {original['cost']:g}"
        ours = f"{percent(result.train_accuracy)} / {percent(result.eval_accuracy)} / {result.cost:.3f}"
        lines.append(f"| `{name}` | {experiment.summary} | {theirs} | {ours} | {result.seconds:.0f} s |")
    (out / "results.md").write_text("\n".join(lines) + "\n")
