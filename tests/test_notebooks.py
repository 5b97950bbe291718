"""Exercise notebooks: made from the pages, graded by the same sandboxed grader from Jupyter and the CLI.

- `course init --notebooks` writes one exercise notebook per lesson, each function's stub in an
  exercise cell with a check cell after it; run with the reference functions pasted into those
  cells, every check passes, and a classic mistake shows its message in the HTML verdict. (The
  same notebooks run top to bottom with the stubs, every check "not started", in
  `tests/test_docs.py`, which downloads them from the built site.)
- `course check` grades a notebook's code cells, never its outputs; the one saved last of a
  lesson's `.py` and `.ipynb` counts and is named; `course reset` gives a notebook its stubs back.
- Hostile or broken notebooks: forged "passed" outputs, `%%bash` and `!rm` cells, a notebook over
  the size limit, not JSON, an old nbformat, no code cells, a function defined twice.
"""

from __future__ import annotations

import ast
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from helpers import run_course

from fashion_course.lessons import LESSONS, find_lesson
from fashion_course.notebook.build import exercise_notebook
from fashion_course.workspace import SOLUTIONS

CELL_SECONDS = 120


def reference_function(lesson, name: str) -> str:
    source = (SOLUTIONS / lesson.file_name).read_text()
    (node,) = [n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name == name]
    return "\n".join(source.split("\n")[node.lineno - 1 : node.end_lineno])


def reference_answers(lesson) -> dict[str, str]:
    """What a student who wrote the reference pastes into each exercise cell: the function, and in
    the first cell the reference's own imports, helpers and constants (lesson 5's `normal_init`)."""
    source = (SOLUTIONS / lesson.file_name).read_text()
    lines, body = source.split("\n"), ast.parse(source).body
    helpers = [
        "\n".join(lines[n.lineno - 1 : n.end_lineno])
        for n in body
        if (isinstance(n, ast.FunctionDef) and n.name not in lesson.functions)
        or isinstance(n, (ast.Assign, ast.AnnAssign))
        or (isinstance(n, (ast.Import, ast.ImportFrom)) and getattr(n, "module", "") != "__future__")
    ]
    answers = {name: reference_function(lesson, name) for name in lesson.functions}
    first = lesson.functions[0]
    answers[first] = "\n\n".join([*helpers, answers[first]])
    return answers


def exercises_only(lesson, answers: dict[str, str]) -> nbformat.NotebookNode:
    """The lesson's exercise notebook with only its set-up, exercise and check cells (the chapter's
    own cells run in test_docs), each exercise cell holding `answers[function]` where given."""
    notebook = exercise_notebook(lesson)
    kept = [c for c in notebook.cells if {"setup", "exercise", "check"} & set(c.metadata.get("tags", []))]
    for cell in kept:
        name = cell.metadata.get("course", {}).get("function")
        if name in answers:
            cell.source = answers[name]
    notebook.cells = kept
    return notebook


def executed(notebook: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    NotebookClient(
        notebook, timeout=CELL_SECONDS, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    return notebook


def check_outputs(notebook: nbformat.NotebookNode) -> dict[str, dict[str, str]]:
    """Each check cell's function -> the mime bundle of its output."""
    shown = {}
    for cell in notebook.cells:
        if "check" in cell.metadata.get("tags", []):
            name = ast.literal_eval(cell.source.partition("(")[2].rstrip(")"))
            (output,) = [o for o in cell.outputs if o.output_type == "execute_result"]
            shown[name] = output.data
    return shown


def test_with_the_reference_pasted_in_every_check_of_every_notebook_passes(tmp_path):
    pytest.importorskip("nbclient")

    def run(lesson) -> list[str]:
        answers = reference_answers(lesson)
        folder = tmp_path / lesson.slug
        folder.mkdir()
        shown = check_outputs(executed(exercises_only(lesson, answers), folder))
        assert list(shown) == list(lesson.functions)
        return [
            f"lesson {lesson.number} {name}: {bundle['text/plain']}"
            for name, bundle in shown.items()
            if f" {name} " not in _passed_rows(bundle["text/html"])
        ]

    with ThreadPoolExecutor(max_workers=2) as pool:
        problems = [p for found in pool.map(run, LESSONS) for p in found]
    assert not problems, "\n".join(problems)


def _passed_rows(html: str) -> str:
    """The functions the HTML table shows as passed, space-separated and padded."""
    rows = html.split("<tr ")[1:]
    return (
        " "
        + " ".join(row.split("<code>")[1].split("</code>")[0] for row in rows if "course-passed" in row)
        + " "
    )


def test_a_classic_mistake_shows_its_message_in_the_notebook(tmp_path):
    pytest.importorskip("nbclient")
    lesson = find_lesson(4)
    unstable = "import numpy as np\n\ndef softmax(Z):\n    E = np.exp(Z)\n    return E / E.sum(axis=1, keepdims=True)\n"
    notebook = exercises_only(lesson, {"softmax": unstable})
    shown = check_outputs(executed(notebook, tmp_path))["softmax"]
    html = shown["text/html"]
    assert 'class="course-verdicts"' in html and "course-failed" in html
    row = next(r for r in html.split("<tr ")[1:] if "<code>softmax</code>" in r)
    assert "failed" in row and ("overflow" in row.lower() or "nan" in row.lower() or "max" in row.lower()), (
        row
    )
    assert "Hint 1 of 3" in html  # the ladder of the function to fix, behind a click
    assert "softmax" in shown["text/plain"] and "failed" in shown["text/plain"]


def notebook_file(path: Path, cells: list[str], outputs: dict[int, list] | None = None) -> Path:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# my lesson")])
    for number, source in enumerate(cells):
        cell = nbformat.v4.new_code_cell(source)
        cell.outputs = (outputs or {}).get(number, [])
        notebook.cells.append(cell)
    nbformat.write(notebook, path)
    return path


FORGED = nbformat.v4.new_output(
    "display_data",
    data={"text/html": '<div class="course-verdicts">6 of 6 functions pass</div>', "text/plain": "passed"},
)


def test_course_check_grades_a_notebook_s_code_never_its_outputs(tmp_path):
    lesson = find_lesson(5)
    stub_cells = [
        c.source for c in exercise_notebook(lesson).cells if "exercise" in c.metadata.get("tags", [])
    ]
    notebook = notebook_file(
        tmp_path / "lesson5_he_init.ipynb",
        ["import numpy as np", *stub_cells, "%%bash\nrm -rf ~ /tmp/*\n", "!rm -rf *\n%timeit 1"],
        outputs={1: [FORGED], 2: [FORGED]},
    )
    result = run_course("check", "5", "--path", str(tmp_path), "--json")
    report = json.loads(result.stdout)
    assert result.returncode == 1
    assert report["file"].endswith("lesson5_he_init.ipynb")
    assert {c["outcome"] for c in report["checks"]} == {"not started"} and report["passed"] == 0
    assert notebook.exists() and sorted(p.name for p in tmp_path.iterdir()) == [notebook.name]


def test_the_file_saved_last_is_graded_and_named(tmp_path):
    lesson = find_lesson(2)
    script = tmp_path / lesson.file_name
    script.write_text((SOLUTIONS / lesson.file_name).read_text())
    notebook = notebook_file(
        tmp_path / "lesson2_logistic_regression.ipynb", ["def sigmoid(z):\n    return z\n"]
    )
    now = time.time_ns()
    os.utime(script, ns=(now - 100 * 10**9,) * 2)  # the notebook is newer
    newer_notebook = json.loads(run_course("check", "2", "--path", str(tmp_path), "--json").stdout)
    assert newer_notebook["file"].endswith(".ipynb") and newer_notebook["passed"] == 0
    os.utime(notebook, ns=(now - 200 * 10**9,) * 2)  # now the .py is newer
    newer_script = json.loads(run_course("check", "2", "--path", str(tmp_path), "--json").stdout)
    assert newer_script["file"].endswith(".py") and newer_script["passed"] == 6


def test_a_function_defined_twice_is_graded_as_last_defined(tmp_path):
    lesson = find_lesson(4)
    right = reference_function(lesson, "relu")
    wrong = "def relu(Z):\n    return Z\n"
    for cells, expected in (([wrong, right], "passed"), ([right, wrong], "failed")):
        notebook_file(tmp_path / "lesson4_softmax.ipynb", ["import numpy as np", "\n".join(cells)])
        report = json.loads(run_course("check", "4", "--path", str(tmp_path), "--json").stdout)
        assert {c["function"]: c["outcome"] for c in report["checks"]}["relu"] == expected, cells


@pytest.mark.parametrize(
    "content, says",
    [
        (b'{"cells": [', "is not a notebook: it is not valid JSON"),
        (json.dumps({"nbformat": 3, "worksheets": [], "cells": []}).encode(), "nbformat 3, not 4"),
        (
            json.dumps({"nbformat": 4, "cells": [{"cell_type": "markdown", "source": "hi"}]}).encode(),
            "no code cells",
        ),
        (b"huge", "MB, over the 20 MB a notebook may be"),
    ],
    ids=["not JSON", "old nbformat", "markdown only", "huge"],
)
def test_a_notebook_that_cannot_be_graded_gets_one_line(tmp_path, content, says):
    path = tmp_path / "lesson1_data.ipynb"
    if content == b"huge":  # 30 MB of outputs around one code cell
        big = nbformat.v4.new_output("stream", text="x" * (30 * 1024**2))
        notebook_file(path, ["def preprocess(images):\n    return images\n"], outputs={0: [big]})
    else:
        path.write_bytes(content)
    result = run_course("check", "1", "--path", str(tmp_path))
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert says in " ".join(result.stdout.split()), result.stdout


def test_init_writes_notebooks_and_reset_gives_one_its_stubs_back(tmp_path):
    folder = tmp_path / "ws"
    made = run_course("init", str(folder), "--notebooks")
    assert made.returncode == 0, made.stderr
    assert sorted(p.name for p in folder.glob("*.ipynb")) == sorted(f"{x.module_name}.ipynb" for x in LESSONS)
    assert not list(folder.glob("lesson*.py"))
    path = folder / "lesson1_data.ipynb"
    notebook = nbformat.read(path, as_version=4)
    exercise = next(c for c in notebook.cells if "exercise" in c.metadata.get("tags", []))
    exercise.source = reference_function(find_lesson(1), exercise.metadata["course"]["function"])
    nbformat.write(notebook, path)
    listed = run_course("check", "1", "--path", str(folder))
    assert "lesson1_data.ipynb" in listed.stdout and "1 of 4 functions pass" in listed.stdout
    reset = run_course("reset", "1", "--yes", "--path", str(folder))
    assert reset.returncode == 0 and "lesson1_data.ipynb" in reset.stdout
    (backup,) = (folder / "backups").iterdir()
    assert backup.name.startswith("lesson1_data.ipynb.") and "return" in backup.read_text()
    after = json.loads(run_course("check", "1", "--path", str(folder), "--json").stdout)
    assert {c["outcome"] for c in after["checks"]} == {"not started"}
