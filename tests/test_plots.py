"""`course plots` draws every figure and the results table, deterministically (on short runs)."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from fashion_course import data, experiments, plots


@pytest.fixture
def short_experiments(monkeypatch):
    """Every experiment, cut to a few epochs, so the whole pipeline runs in seconds."""
    short = {
        name: dataclasses.replace(e, epochs=min(e.epochs, 30), log_every=min(e.log_every, 5))
        for name, e in experiments.EXPERIMENTS.items()
    }
    monkeypatch.setattr(experiments, "EXPERIMENTS", short)
    monkeypatch.setattr(plots, "EXPERIMENTS", short)
    return short


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


def test_every_figure_and_the_table_are_made_the_same_twice(tmp_path, short_experiments):
    source = data.locate("sample")
    started = []
    plots.regenerate(tmp_path / "a", source, lambda experiment: started.append(experiment.name))
    plots.regenerate(tmp_path / "b", source)
    assert started == list(short_experiments)
    made = {p.name for p in (tmp_path / "a").iterdir()}
    runs = {f"{name}.{ext}" for name in short_experiments for ext in ("png", "json")}
    assert made == EXPECTED_FILES | runs
    for name in sorted(made):  # the same bytes, but for the wall-clock seconds of each run
        first, second = ((tmp_path / run / name).read_text(errors="replace") for run in "ab")
        assert without_seconds(first) == without_seconds(second), name
    table = (tmp_path / "a" / "results.md").read_text()
    assert all(f"`{name}`" in table for name in short_experiments) and "98.0%" in table
    summaries = json.loads((tmp_path / "a" / "results.json").read_text())
    assert summaries["mlp-best"]["data"] == "sample"


def test_the_activation_spread_shows_small_init_collapsing():
    stats = plots.activation_spread(data.locate("sample"))
    small, xavier, he = stats.values()
    assert len(he) == len(plots.DEEP_NETWORK) - 2
    assert small[-1] < 1e-5 * small[0]  # the signal dies layer by layer
    assert 0.5 < he[-1] / he[0] < 2  # He keeps it
    assert xavier[-1] < he[-1]
