"""Exercise notebooks: made from the pages, graded by the same sandboxed grader from Jupyter and the CLI.

- `course init --notebooks` writes one exercise notebook per lesson, each function's stub in an
  exercise cell with a check cell after it; run with the reference functions pasted into those
  cells, every check passes, and a classic mistake shows its message in the HTML verdict. (The
  same notebooks run top to bottom with the stubs, every check "not started", in
  `tests/test_docs.py`, which downloads them from the built site.)
- `course check` grades a notebook's code cells, never its outputs; of a lesson's `.py` and
  `.ipynb`, the one with work counts (an untouched stub never wins, even saved later or at the
  same time, as after a clone), else the one saved last, and is named; only regular files count;
  `course reset` gives a notebook its stubs back.
- The cells become the lesson file as Jupyter runs them: constants derived from one another
  across cells are kept; IPython's commands and help requests are left out while a docstring
  line ending in `?` or a continuation line starting with `%` or `!=` stays (the reference pasted
  so passes); lines keep their cell and line numbers; a function that uses what the notebook
  computes from the chapter's data gets one line saying so; a kernel's inputs start from the stubs.
- Hostile or broken notebooks: forged "passed" outputs, `%%bash` and `!rm` cells, a notebook over
  the size limit, not JSON, an old nbformat, no code cells, a function defined twice, code nested
  too deeply, a long cell full of magics, and a cell of 100,000 assignments (converted in seconds).
"""

from __future__ import annotations

import ast
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import numpy as np
import pytest
from helpers import run_course

from fashion_course.lessons import LESSONS, find_lesson
from fashion_course.notebook.build import exercise_notebook
from fashion_course.submission import (
    Cell,
    Choice,
    LessonSource,
    NotebookError,
    Submission,
    choose_file,
    lesson_file,
    lesson_from_cells,
)
from fashion_course.tracebacks import locate
from fashion_course.workspace import SOLUTIONS, STUBS

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


# How a notebook's cells become the lesson file (`submission.lesson_from_cells`), as Jupyter runs them.

STUB_OF_1 = (STUBS / find_lesson(1).file_name).read_text()


def from_cells(*sources: str, from_kernel: bool = False) -> LessonSource:
    cells = [Cell(source, count) for count, source in enumerate(sources, 1)]
    return lesson_from_cells(cells, STUB_OF_1, "lesson1_data.ipynb", from_kernel=from_kernel)


def defined(source: LessonSource) -> dict:
    """What importing the lesson file defines (lesson 1's stub imports only NumPy)."""
    namespace: dict = {}
    exec(compile(source.text, "lesson1_data.py", "exec"), namespace)
    return namespace


def test_constants_derived_from_one_another_across_cells_are_kept_in_the_order_they_ran():
    source = from_cells(
        "import numpy as np\nSCALE = np.float32(255)",
        "INV = 1 / SCALE\nSTEPS: int = 2\nSTEPS += 1\nTABLE = {}\nTABLE['inv'] = INV",
        "def preprocess(images):\n    return (images.reshape(len(images), -1) * INV).astype(np.float32)\n",
        "X = L1.preprocess(images)\nBRIGHTEST = X.max()",  # the chapter's computations: never in the file
    )
    namespace = defined(source)
    images = np.arange(2 * 28 * 28, dtype=np.uint64).reshape(2, 28, 28).astype(np.uint8)
    assert np.allclose(namespace["preprocess"](images), images.reshape(2, -1) / 255, rtol=1e-6)
    assert (namespace["STEPS"], namespace["TABLE"]) == (3, {"inv": namespace["INV"]})
    assert "X" not in namespace and "BRIGHTEST" not in namespace and not source.unavailable


def test_ipython_commands_and_help_requests_are_left_out_and_lines_keep_their_cell_numbers():
    cell = (
        "%timeit np.zeros(3)\n"
        "!ls\n"
        "files = !ls\n"
        "np.clip?\n"
        "?np.clip\n"
        "%time total = \\\n"
        "    1 + 2\n"
        "def one_hot(y, num_classes):\n"
        "    return np.eye(num_classes, dtype=np.float32)[y]\n"
    )
    source = from_cells("import numpy as np", cell, "%%bash\nrm -rf ~\n", "\n\n%%timeit\nx = 1\n")
    assert "get_ipython" not in source.text and "rm -rf" not in source.text and "files" not in source.text
    assert defined(source)["one_hot"](np.array([1]), 2).tolist() == [[0.0, 1.0]]
    line = source.text.split("\n").index("def one_hot(y, num_classes):") + 1
    places = {"lesson1_data.py": source.places()}
    assert locate("lesson1_data.py", line, places) == "code cell 2 [2], line 8"  # after a two-line %time
    assert locate("lesson1_data.py", 1, places) == "lesson1_data.py line 1"  # the stub's docstring


def test_a_function_that_uses_what_the_notebook_computes_from_the_chapter_s_data_gets_one_line():
    cells = ["import numpy as np", *(f"# a note {n}" for n in range(11))]
    cells += [
        "X = load_the_chapter_data()",  # cell 13
        "mean_image = X.mean(axis=0)",  # cell 14
        "def preprocess(images):\n    return images.reshape(len(images), -1) - mean_image.ravel()\n",
        "def _centre(X):\n    return X - mean_image\n\ndef select_classes(X, y, classes):\n"
        "    return _centre(X), y\n",
        "def one_hot(y, num_classes=len(mean_image)):\n    return y\n",  # a default: the file would not import
        "def train_dev_split(X, y, dev_size, rng, mean_image=None):\n    return X, X, y, y\n",  # its own
        "def where_am_i():\n    %pwd\n",
    ]
    source = from_cells(*cells)
    uses = "`mean_image`, which your notebook computes from the chapter's data in cell 14: pass it in as an argument"
    assert source.unavailable == {
        "preprocess": f"`preprocess` uses {uses}",
        "_centre": f"`_centre` uses {uses}",
        "select_classes": f"`select_classes` calls `_centre`; `_centre` uses {uses}",
        "one_hot": f"`one_hot` uses {uses}",
        "where_am_i": "`where_am_i` runs an IPython command (a `%` magic or a `!` line), which works only in "
        "Jupyter: take it out of the function",
    }
    assert "def one_hot" not in source.text and set(defined(source)) >= {"preprocess", "train_dev_split"}
    chapter = exercise_notebook(find_lesson(1)).cells
    split = next(c.source for c in chapter if c.cell_type == "code" and "X_train, X_dev" in c.source)
    uses_train = from_cells(split, "def preprocess(images):\n    return X_train\n").unavailable
    assert uses_train == {
        "preprocess": "`preprocess` uses `X_train`, which your notebook computes from the chapter's data "
        "in cell 1: pass it in as an argument"
    }


def test_a_kernel_s_inputs_start_from_the_stubs_and_skip_what_could_not_run():
    source = from_cells("def preprocess(images):\n    return images\n", "def one_hot(y:\n", from_kernel=True)
    namespace = defined(source)
    assert namespace["preprocess"](3) == 3
    with pytest.raises(NotImplementedError):
        namespace["one_hot"](np.array([0]), 2)


@pytest.mark.parametrize(
    "cell, says",
    [
        ("x = " + "-" * 100_000 + "1", "nested too deeply"),
        ("x = 1" + " + 1" * 100_000, "nested too deeply"),
        ("%time 1\n" + "x = 1\n" * 200_000, "takes too long"),  # IPython reads it again for each command
        ("x = '\ud800'", "cannot be read as IPython input"),
    ],
    ids=["unary", "sum", "long cell with a magic", "lone surrogate"],
)
def test_a_cell_that_cannot_be_read_is_one_line_naming_it(cell, says):
    with pytest.raises(NotebookError) as raised:
        from_cells("import numpy as np", cell)
    message = str(raised.value)
    assert message.startswith("code cell 2 of lesson1_data.ipynb") and says in message and "\n" not in message


def test_a_cell_of_100_000_assignments_converts_in_seconds():
    cell = "".join(f"x_{n} = {n} + 1\n" for n in range(100_000))  # 1.9 MB
    # `python benchmarks/bench.py notebook-parse` times it (quadratic work would take hours).
    source = from_cells(cell)
    places = {"lesson1_data.py": source.places()}
    assert len(source.origins) == 100_000
    assert locate("lesson1_data.py", source.origins[-1].first_line, places) == "code cell 1 [1], line 100000"


# Which of a lesson's `.py` and notebook is graded (`submission.choose_file`).


def lesson3_folder(folder: Path) -> tuple[Path, Path]:
    """A folder holding lesson 3's untouched `.py` stub and its notebook with the reference pasted in."""
    lesson = find_lesson(3)
    folder.mkdir()
    script = folder / lesson.file_name
    script.write_text((STUBS / lesson.file_name).read_text())
    notebook = folder / f"{lesson.module_name}.ipynb"
    nbformat.write(exercises_only(lesson, reference_answers(lesson)), notebook)
    return script, notebook


def test_a_cloned_workspace_grades_the_notebook_with_work_in_it(tmp_path):
    script, notebook = lesson3_folder(tmp_path / "clone")
    now = time.time_ns()
    for path in (script, notebook):
        os.utime(path, ns=(now, now))  # a git clone: the same time for every file
    choice = choose_file(Submission.read(script.parent), find_lesson(3))
    assert (choice.file, choice.other) == (notebook, script)
    assert choice.note == "lesson3_gradient_descent.py exists too: the notebook has your work"
    os.utime(script, ns=(now + 10**9,) * 2)  # a stub saved later (`course init` again) does not win either
    assert lesson_file(script.parent, find_lesson(3)) == notebook
    report = json.loads(run_course("check", "3", "--path", str(script.parent), "--json").stdout)
    assert report["file"].endswith(".ipynb") and report["passed"] == 3
    script.write_text((SOLUTIONS / script.name).read_text())  # both have work: the one saved last
    os.utime(script, ns=(now + 10**9,) * 2)
    assert choose_file(Submission.read(script.parent), find_lesson(3)) == Choice(
        script, notebook, "the .py file was saved last"
    )


def test_only_a_regular_file_is_a_lesson_s(tmp_path):
    script, notebook = lesson3_folder(tmp_path / "real")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / script.name).write_text(script.read_text())
    (elsewhere / notebook.name).symlink_to(notebook)  # a symlink to work is not work handed in
    assert choose_file(Submission.read(elsewhere), find_lesson(3)) == Choice(elsewhere / script.name)


def test_the_reference_pasted_with_question_marks_and_continuation_lines_passes(tmp_path):
    """In the kernel (`check()`) and from the saved notebook (`course check`) alike: 6 of 6, with a
    `?` ending a docstring's line, `%` and `!=` starting continuation lines, constants derived from
    one another across cells, and IPython's commands in cells of their own."""
    pytest.importorskip("nbclient")
    lesson = find_lesson(2)
    answers = reference_answers(lesson)
    answers["sigmoid"] = (
        answers["sigmoid"]
        .replace('"""', '"""Why does this sigmoid never overflow?\n\n    ', 1)
        .replace("1 / (1 + e), e / (1 + e)", "ONE / (ONE + e), e / (ONE + e)")
    )
    answers["predict"] = reference_function(lesson, "predict").replace(
        "return (predict_proba(X, w, b) >= threshold).astype(np.int64)",
        "labels = (predict_proba(X, w, b) >= threshold).astype(np.int64)\n    return (labels\n            % 2)",
    )
    answers["accuracy"] = reference_function(lesson, "accuracy").replace(
        "return float(np.mean(np.ravel(y_pred) == np.ravel(y_true)))",
        "wrong = (np.ravel(y_pred)\n             != np.ravel(y_true))\n    return float(1 - np.mean(wrong))",
    )
    assert all(answers[name] != reference_function(lesson, name) for name in ("predict", "accuracy"))
    notebook = exercises_only(lesson, answers)
    notebook.cells[1:1] = [nbformat.v4.new_code_cell(c) for c in ("TWO = 2.0", "ONE = TWO / 2")]
    notebook.cells += [
        nbformat.v4.new_code_cell("%timeit sigmoid(np.zeros(3))\nnp.clip?\n?np.clip\n!ls"),
        nbformat.v4.new_code_cell("%%bash\necho the shell never runs in grading\n"),
    ]
    shown = check_outputs(executed(notebook, tmp_path))
    assert " 6 of 6 functions pass" in shown[lesson.functions[-1]]["text/plain"], shown  # the last check
    nbformat.write(notebook, tmp_path / "lesson2_logistic_regression.ipynb")
    report = json.loads(run_course("check", "2", "--path", str(tmp_path), "--json").stdout)
    assert report["file"].endswith(".ipynb") and report["passed"] == 6, report
