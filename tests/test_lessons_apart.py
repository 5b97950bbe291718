"""Each lesson is graded on its own: a function that hangs or kills its process, or a lesson that
is missing, changes nothing about any other lesson's verdicts, in `course check --all` and in
`check()` inside a notebook (the class, local and on Dask, is in `tests/test_cluster.py`).

The checker grades each lesson of each folder in a child process forked from a process that
never runs a check; these tests are what that promises, seen from outside.
"""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest
from helpers import run_course, write_variant
from test_notebooks import executed, reference_function

from fashion_course.lessons import LESSONS, find_lesson
from fashion_course.workspace import SOLUTIONS

HANGS = "def {name}(*args, **kwargs):\n    while True:\n        pass\n"
EXITS = "def {name}(*args, **kwargs):\n    import os\n\n    os._exit(3)\n"


def test_a_hang_or_an_exit_in_one_lesson_costs_no_other_lesson_anything(tmp_path):
    """Each lesson's last function (whose checks run last) hangs or exits, alternately: that
    function alone fails, and the next lesson's first check passes."""
    broken = {}
    for lesson in LESSONS:
        name = lesson.functions[-1]
        kind = "timeout" if lesson.number % 2 else "error"
        template = HANGS if kind == "timeout" else EXITS
        write_variant(tmp_path, lesson, template.format(name=name))
        broken[name] = kind
    result = run_course("check", "--all", "--path", str(tmp_path), "--json", timeout=300)
    reports = json.loads(result.stdout)
    outcomes = {check["function"]: check["outcome"] for r in reports for check in r["checks"]}
    assert {name: outcomes.pop(name) for name in broken} == broken
    assert set(outcomes.values()) == {"passed"}, [r["checks"] for r in reports]


def test_a_missing_lesson_is_its_own_outcome_and_names_no_path(tmp_path):
    shutil.copytree(SOLUTIONS, tmp_path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / find_lesson(2).file_name).unlink()
    result = run_course("check", "--all", "--path", str(tmp_path), "--json")
    reports = {r["lesson"]: r for r in json.loads(result.stdout)}
    missing = reports.pop(2)
    assert {c["outcome"] for c in missing["checks"]} == {"missing"}
    assert {c["message"] for c in missing["checks"]} == {
        "lesson2_logistic_regression.py (or .ipynb) was not handed in"
    }
    assert "import_error" not in missing
    # Lesson 3 imports lesson 2's functions: in the sandbox, the reference's.
    assert all(r["passed"] == r["total"] for r in reports.values())
    shown = run_course("check", "2", "--path", str(tmp_path))
    assert shown.returncode == 1 and "missing: lesson2_logistic_regression.py (or .ipynb)" in shown.stdout
    assert "course reset 2" in shown.stdout and "Traceback" not in shown.stdout + shown.stderr
    status = run_course("status", "--path", str(tmp_path))
    assert "missing" in status.stdout and "the file is missing" in status.stdout


def test_in_a_notebook_a_check_after_a_hang_or_an_exit_starts_afresh(tmp_path):
    """The kernel's checker is kept warm between checks: what a hanging or exiting function left
    behind must not reach the next check."""
    pytest.importorskip("nbclient")
    lesson = find_lesson(3)
    cells = [
        "from collections.abc import Callable\n\nimport numpy as np\n"
        "from fashion_course.notebook.kernel import check\n"
        "from lesson2_logistic_regression import accuracy, init_zeros, log_loss, predict_proba",
        HANGS.format(name="gradient_descent"),
        "check(3)",
        EXITS.format(name="gradient_descent"),
        "check(3)",
        "\n\n".join(reference_function(lesson, name) for name in lesson.functions),
        "check(3)",
        "check(4)",
    ]
    notebook = executed(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells]), tmp_path
    )
    shown = [
        next(o for o in cell.outputs if o.output_type == "execute_result").data["text/plain"]
        for cell in notebook.cells
        if cell.source.startswith("check(")
    ]
    assert "gradient_descent    timeout" in shown[0], shown[0]  # the other two: not started yet
    assert "gradient_descent    error" in shown[1] and "exited with code 3" in shown[1], shown[1]
    assert "3 of 3 functions pass" in shown[2], shown[2]
    assert "0 of 8 functions pass" in shown[3] and "error" not in shown[3], shown[3]
