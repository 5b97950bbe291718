"""`course run`: experiments train on real data, report, and save their history and figure."""

from __future__ import annotations

import json
import shutil

import pytest
from helpers import needs_full_data, run_course, write_variant

from fashion_course.lessons import find_lesson
from fashion_course.workspace import SOLUTIONS


def run_json(*args: str, env: dict[str, str] | None = None) -> dict:
    result = run_course("run", *args, "--json", env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_binary_on_the_sample_reports_and_saves(tmp_path):
    summary = run_json("binary", "--data", "sample", "--out", str(tmp_path))
    assert summary["experiment"] == "binary" and summary["data"] == "sample"
    assert (summary["train_examples"], summary["eval_examples"]) == (500, 200)
    assert summary["test_accuracy"] > 0.95 and 0 < summary["cost"] < 0.2 and summary["seconds"] > 0
    saved = json.loads((tmp_path / "sample" / "binary.json").read_text())
    assert saved["history"]["step"][-1] == 2000 and len(saved["history"]["cost"]) == 201
    assert (tmp_path / "sample" / "binary.png").stat().st_size > 10_000


def test_without_network_it_says_it_uses_the_sample(tmp_path):
    env = {
        "FASHION_MNIST_DIR": "",
        "XDG_CACHE_HOME": str(tmp_path),
        "FASHION_MNIST_URL": "http://127.0.0.1:9/",
    }
    result = run_course("run", "binary", "--out", str(tmp_path), env=env)
    assert result.returncode == 0
    notice = " ".join(result.stderr.split())
    assert (
        "Using the bundled sample, not the full data, because the download failed (there is no connection"
        in notice
    )
    assert "or pass --data sample to skip the download." in notice and "Downloading" not in notice
    assert "test accuracy" in result.stdout


def test_a_students_folder_is_trained_and_overlaid_on_the_reference(tmp_path):
    student = tmp_path / "ada"
    shutil.copytree(SOLUTIONS, student)
    summary = run_json("binary", "--data", "sample", "--impl", str(student), "--out", str(tmp_path))
    assert summary["implementation"] == str(student)
    assert (tmp_path / "sample" / "binary-ada.png").exists()


def test_unfinished_lessons_train_with_the_reference_and_say_so(tmp_path):
    work = tmp_path / "work"
    run_course("init", str(work))
    write_variant(work, find_lesson(1), "")  # lesson 1 done; 2 and 3 still stubs
    result = run_course(
        "run", "binary", "--data", "sample", "--impl", str(work), "--out", str(tmp_path / "out")
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr
    said = " ".join(result.stdout.split())
    assert "Training with your lesson 1, and the reference for 2, 3 (yours do not pass" in said


def test_unknown_experiment_and_list():
    result = run_course("run", "nope")
    assert result.returncode == 2 and "the experiments are binary" in result.stderr
    listing = run_course("run", "--list")
    assert listing.returncode == 0 and "binary-tuned" in listing.stdout


@needs_full_data
@pytest.mark.parametrize("name, at_least", [("binary", 0.97)])  # binary-tuned: the same code, other settings
def test_binary_on_the_full_data(tmp_path, name, at_least):
    summary = run_json(name, "--data", "full", "--out", str(tmp_path))
    assert summary["data"] == "full" and (summary["train_examples"], summary["eval_examples"]) == (
        12000,
        2000,
    )
    assert summary["test_accuracy"] >= at_least


@pytest.mark.parametrize("name", ["mlp-best"])  # Adam, mini-batches and a schedule: test_plots runs the others
def test_networks_train_on_the_sample(tmp_path, name):
    summary = run_json(name, "--data", "sample", "--out", str(tmp_path))
    assert summary["data"] == "sample" and summary["test_accuracy"] > 0.7
    assert (tmp_path / "sample" / f"{name}.png").exists()
