"""`course plots` draws every figure and the results table, deterministically (on short runs),
retrains only what changed, and sizes every figure's text for the site."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest
from helpers import needs_full_data, png_metadata

from fashion_course import data, experiments, figures, plots
from fashion_course.workspace import RESULTS

EXPERIMENTS = dict(experiments.EXPERIMENTS)  # as the course defines them


@pytest.fixture(scope="module")
def short_experiments():
    """Every experiment, cut to a few steps (two epochs of mini-batches), so the whole pipeline
    runs in seconds."""
    short = {
        name: dataclasses.replace(e, epochs=min(e.epochs, 12 if e.full_batch else 2), log_every=min(e.log_every, 4))
        for name, e in experiments.EXPERIMENTS.items()
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(experiments, "EXPERIMENTS", short)
        patch.setattr(plots, "EXPERIMENTS", short)
        yield short


class Drawn(NamedTuple):
    folder: Path  # every run trained on the sample and every figure drawn, once
    started: list[str]  # the runs, in the order they started


@pytest.fixture(scope="module")
def drawn(tmp_path_factory, short_experiments) -> Drawn:
    started: list[str] = []
    folder = tmp_path_factory.mktemp("plots") / "a"
    plots.regenerate(folder, data.locate("sample"), lambda experiment: started.append(experiment.name))
    return Drawn(folder, started)


EXPECTED_FILES = {
    "samples.png",
    "binary-weights.png",
    "activation-spread.png",
    "activation-spread.json",
    "compare-init.png",
    "compare-optimizer.png",
    "mlp-best-confusion.png",
    "mlp-best-predictions.png",
    "results.json",
    "results.md",
}


def without_seconds(text: str) -> str:
    return re.sub(r'("seconds": [0-9.e-]+)|(\| [0-9]+ s \|)', "", text)


def test_every_figure_and_the_table_are_made_the_same_twice(tmp_path, short_experiments, drawn):
    source, started = data.locate("sample"), drawn.started
    shutil.copytree(drawn.folder, tmp_path / "a")
    plots.regenerate(tmp_path / "b", source)
    on_dev = [name for name, e in short_experiments.items() if e.reported_on_dev]
    assert on_dev == ["mlp-sgd", "mlp-adam"]  # the original measured these on a dev split
    assert started == [
        run for name in short_experiments for run in (name, f"{name}-dev")[: 1 + (name in on_dev)]
    ]
    made = {p.name for p in (tmp_path / "a").iterdir()}
    runs = {f"{name}.{ext}" for name in short_experiments for ext in ("png", "json")}
    assert made == EXPECTED_FILES | runs | {f"{name}-dev.json" for name in on_dev}
    for name in sorted(made):  # the same bytes, but for the wall-clock seconds of each run
        first, second = ((tmp_path / run / name).read_text(errors="replace") for run in "ab")
        assert without_seconds(first) == without_seconds(second), name
    table = (tmp_path / "a" / "results.md").read_text()
    assert all(f"`{name}`" in table for name in short_experiments)
    assert "<small>98.0</small>" in table  # the original's binary test accuracy, beneath ours
    summaries = json.loads((tmp_path / "a" / "results.json").read_text())
    assert summaries["mlp-best"]["data"] == "sample"
    dev = summaries["mlp-adam-dev"]  # trained without the dev split, measured on it
    assert dev["evaluated_on"] == "dev" and dev["test_accuracy"] is None
    assert dev["train_examples"] + dev["eval_examples"] == summaries["mlp-adam"]["train_examples"]
    (adam_row,) = [line for line in table.splitlines() if line.startswith("| `mlp-adam`")]
    cells = adam_row.split(" | ")  # run, train, dev, test: the original's 87 % is a dev accuracy
    assert f"{100 * dev['dev_accuracy']:.1f}<br><small>87.0</small>" == cells[2]
    assert "<small>" not in cells[3]
    for png in (tmp_path / "a").glob("*.png"):  # no text under the size the site is laid out for
        assert float(png_metadata(png.read_bytes()).text["MinFontPt"]) >= figures.FONT_PT, png.name


def test_only_what_changed_is_trained_again(tmp_path, short_experiments, drawn, monkeypatch):
    monkeypatch.setattr(plots, "draw", lambda results, out, dev: None)  # the test above draws
    source, out = data.locate("sample"), tmp_path / "full"
    shutil.copytree(drawn.folder, out)
    saved = [out / f"{name}.json" for name in short_experiments]
    before = {path: path.stat().st_mtime_ns for path in saved}

    def trained_by(**options) -> list[str]:
        started = []
        plots.regenerate(out, source, lambda experiment: started.append(experiment.name), **options)
        return started

    assert trained_by() == []  # nothing changed: every run reused, every figure redrawn
    assert {path: path.stat().st_mtime_ns for path in saved} == before
    assert trained_by(only=["binary"]) == []  # current, so not even the one asked for
    assert trained_by(only=["binary"], force=True) == ["binary"]
    changed = dataclasses.replace(short_experiments["mlp-sgd"], lr=0.02)
    monkeypatch.setitem(short_experiments, "mlp-sgd", changed)
    assert trained_by(only=["mlp-adam"]) == []  # mlp-sgd changed, but only mlp-adam may be retrained
    assert trained_by() == ["mlp-sgd", "mlp-sgd-dev"]  # its dev-split run depends on the same things
    assert plots.load_result(out, "mlp-sgd").config["lr"] == 0.02
    assert plots.load_results(out, dev=True)["mlp-sgd"].config["lr"] == 0.02


def test_editing_a_docstring_retrains_nothing(tmp_path):
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    for path in experiments.SOLUTIONS.glob("lesson*.py"):
        (solutions / path.name).write_text(path.read_text())
    binary, source = experiments.EXPERIMENTS["binary"], data.locate("sample")
    before = experiments.fingerprint(binary, solutions, source)
    lesson3 = solutions / "lesson3_gradient_descent.py"
    lesson3.write_text(lesson3.read_text().replace('"""', '"""Reworded. ', 1) + "\n# a comment\n")
    assert experiments.fingerprint(binary, solutions, source) == before
    lesson3.write_text(lesson3.read_text().replace("w - lr * dw", "w - 0.5 * lr * dw"))
    assert experiments.fingerprint(binary, solutions, source) != before


def test_the_activation_spread_shows_small_init_collapsing():
    stats = plots.activation_spread(data.locate("sample"))
    small, xavier, he = (stats[concept] for concept in ("small", "xavier", "he"))
    assert len(he) == len(plots.DEEP_NETWORK) - 2
    assert small[-1] < 1e-5 * small[0]  # the signal dies layer by layer
    assert 0.5 < he[-1] / he[0] < 2  # He keeps it
    assert xavier[-1] < he[-1]


@needs_full_data
def test_a_fresh_folder_starts_from_the_runs_the_course_ships(tmp_path, monkeypatch):
    """`course plots` from a wheel writes where it is run, and retrains none of the full-data runs
    the course ships while they are current."""
    monkeypatch.setattr(plots, "draw", lambda results, out, dev: None)
    monkeypatch.setattr(plots, "save_activation_spread", lambda source, out: None)
    monkeypatch.setattr(plots, "EXPERIMENTS", EXPERIMENTS)  # the real ones, whatever the module's fixture cut
    monkeypatch.setattr(experiments, "EXPERIMENTS", EXPERIMENTS)

    def retrained(experiment, *args, **kwargs):
        raise AssertionError(f"{experiment.name} was retrained")  # 17 minutes, were it allowed

    monkeypatch.setattr(plots, "run", retrained)
    out = tmp_path / "course-results" / "full"
    assert plots.start_from(RESULTS, out) and not plots.start_from(RESULTS, out)  # never over results
    trained = []
    results = plots.regenerate(out, data.locate("full"), lambda experiment: trained.append(experiment.name))
    assert trained == [] and set(results) == set(experiments.EXPERIMENTS)
