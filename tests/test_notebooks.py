"""Exercise notebooks: made from the pages, graded by the same sandboxed grader from Jupyter and the CLI.

- `course init --notebooks` writes one exercise notebook per lesson, each function's stub in an
  exercise cell with a check cell after it (the site publishes the same notebooks:
  `tests/test_docs.py`). Each runs top to bottom in an empty folder with the reference functions
  pasted into those cells: no error, every figure shown, every check passing, every `%%yours`
  cell giving the chapter's output, the lesson's own run (shortened) the reference's; with the
  stubs, every check says "not started" and every `%%yours` cell and own run waits. A classic
  mistake shows its message in the HTML verdict.
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
- The student's functions at work (`notebook.yours`): a correct function that counts its
  own calls in the kernel shows the run called it; a page's `yours` cell gets a companion that
  reruns it with the student's function beside the reference's; lesson 4's functions train
  inside the reference's training loop; a `train` without `log_every` is compared with the
  reference logged once an epoch; `check("name")` is about name, and its table wraps and
  renders Markdown, escaped.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import numpy as np
import pytest
from helpers import ANSI_COLOUR, run_course

from fashion_course import data, experiments
from fashion_course.grader.grading import LessonReport, Verdict
from fashion_course.lessons import LESSONS, find_lesson
from fashion_course.notebook.build import PageError, exercise_notebook
from fashion_course.notebook.view import Verdicts
from fashion_course.notebook.yours import RUNS, kernel_lessons, steps_counted
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
GUIDE = Path(__file__).resolve().parents[1] / "docs" / "guide"  # pages published as plain notebooks


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


# The lessons' own runs, shortened for the tests: the sample's runs of these take minutes.
SHORT_RUNS = (
    "from dataclasses import replace\n"
    "from fashion_course.experiments import EXPERIMENTS\n"
    "for _name, _epochs in {'mlp-small-init': 10, 'mlp-he': 10, 'mlp-sgd': 1, 'mlp-adam': 1}.items():\n"
    "    EXPERIMENTS[_name] = replace(EXPERIMENTS[_name], epochs=_epochs)\n"
)


def exercises_only(
    lesson, answers: dict[str, str], own_run: bool = False, companions: bool = False
) -> nbformat.NotebookNode:
    """The lesson's exercise notebook with only its set-up, exercise and check cells, each exercise
    cell holding `answers[function]` where given; with `own_run`, also the lesson's own run of the
    original challenge, shortened (`SHORT_RUNS`); with `companions`, the `%%yours` cells too."""
    notebook = exercise_notebook(lesson)
    wanted = {"setup", "exercise", "check"} | ({"your-run"} if own_run else set())
    wanted |= {"yours-companion"} if companions else set()
    kept = [
        c
        for c, after in zip(notebook.cells, notebook.cells[1:] + [None])
        if wanted & set(c.metadata.get("tags", []))
        or (own_run and after is not None and "your-run" in after.metadata.get("tags", []))  # its heading
    ]
    for cell in kept:
        name = cell.metadata.get("course", {}).get("function")
        if name in answers:
            cell.source = answers[name]
    if own_run:
        kept.insert(1, nbformat.v4.new_code_cell(SHORT_RUNS))
    notebook.cells = kept
    return notebook


def own_run_output(notebook: nbformat.NotebookNode) -> list:
    """The outputs of the notebook's own-run cell."""
    (cell,) = [c for c in notebook.cells if "your-run" in c.metadata.get("tags", [])]
    return cell.outputs


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


def pasted_in(lesson, notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """`notebook` with the reference pasted into its exercise cells, and its own run shortened."""
    answers = reference_answers(lesson)
    for cell in notebook.cells:
        name = cell.metadata.get("course", {}).get("function")
        if name in answers:
            cell.source = answers[name]
    setup = next(i for i, c in enumerate(notebook.cells) if "setup" in c.metadata.get("tags", []))
    notebook.cells.insert(setup + 1, nbformat.v4.new_code_cell(SHORT_RUNS))
    return notebook


def shows_an_image(cell) -> bool:
    return any(
        "image/png" in output.get("data", {}) or "data:image/" in output.get("data", {}).get("text/html", "")
        for output in cell.get("outputs", [])
    )


def executed_side_by_side(runs: list[tuple[nbformat.NotebookNode, Path]]) -> list[Exception | None]:
    """Execute each notebook in its own new folder, two kernels at a time; each one's execution
    error, or None. Only the kernels run in threads: CPython 3.11's `ast` is not safe from two
    threads at once ("AST constructor recursion depth mismatch"), so whatever parses code (making
    a notebook, reading its outputs) stays in the caller's thread."""
    from nbclient.exceptions import CellExecutionError

    def run(item: tuple[nbformat.NotebookNode, Path]) -> Exception | None:
        notebook, folder = item
        folder.mkdir()
        try:
            executed(notebook, folder)
        except CellExecutionError as error:
            return error
        return None

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(run, runs))


def full_run_problems(name: str, notebook: nbformat.NotebookNode, lesson, error: Exception | None) -> list[str]:
    """What went wrong when a whole notebook ran in an empty folder (`executed_side_by_side`), as a
    student who pasted the reference in would run it: an error, a check that does not pass, a
    figure that is not shown, a `%%yours` cell that finds the student's functions give another
    output, an own run off the reference's."""
    if error is not None:
        return [f"{name} fails in an empty folder:\n    " + ANSI_COLOUR.sub("", str(error))[-1500:]]
    problems = [
        f"{name}: a figure cell shows no image: {cell.source[:80]!r}"
        for cell in notebook.cells
        if cell.cell_type == "code" and "pages.figure(" in cell.source and not shows_an_image(cell)
    ]
    if lesson is None:
        return problems
    shown = check_outputs(notebook)
    if list(shown) != list(lesson.functions):
        problems.append(f"{name} checks {list(shown)}")
    problems += [
        f"{name} {function}: {bundle['text/plain']}"
        for function, bundle in shown.items()
        if f" {function} " not in _passed_rows(bundle["text/html"])
    ]
    for cell in notebook.cells:
        if "yours-companion" in cell.metadata.get("tags", []):
            (result,) = [o for o in cell.outputs if o.output_type == "execute_result"]
            if "exactly what it gives with the reference's" not in result.data["text/plain"]:
                problems.append(f"{name}'s {cell.source.splitlines()[0]}: {result.data['text/plain'][:600]}")
    if lesson.number in RUNS:
        (result,) = [o for o in own_run_output(notebook) if o.output_type == "execute_result"]
        page, text = result.data["text/html"], result.data["text/plain"]
        if 'class="course-your-run-table"' not in page or page.count('<img src="data:image/png;base64,') != 2:
            problems.append(f"{name}'s own run shows no table and figure: {text}")
        for run in RUNS[lesson.number].trained:
            if f"Your `{run}` and the reference's agree at all" not in text:
                problems.append(f"{name}'s own run of {run} is not the reference's: {text}")
    return problems


def test_every_notebook_runs_top_to_bottom_with_the_reference_pasted_in(tmp_path):
    """Each lesson's exercise notebook, whole, in an empty folder, with the reference pasted into
    its exercise cells: every cell runs, every figure shows, every check passes, every `%%yours`
    cell gives exactly the chapter's output, and the lesson's own run of the original challenge
    (shortened) draws its figure, tabulates its numbers and agrees with the reference's at every
    logged step. The guide's notebooks run too. (The site publishes these same notebooks:
    `tests/test_docs.py`.)"""
    pytest.importorskip("nbclient")
    import jupytext

    notebooks = [(x.module_name, pasted_in(x, exercise_notebook(x)), x) for x in LESSONS]
    notebooks += [(p.stem, jupytext.read(p), None) for p in sorted(GUIDE.glob("*.py"))]
    assert sum(any("yours-companion" in c.metadata.get("tags", []) for c in nb.cells) for _, nb, _ in notebooks) >= 3
    errors = executed_side_by_side([(notebook, tmp_path / name) for name, notebook, _ in notebooks])
    problems = [p for (name, nb, lesson), error in zip(notebooks, errors) for p in full_run_problems(name, nb, lesson, error)]
    assert not problems, "\n".join(problems)


def test_with_the_stubs_every_check_says_not_started_and_the_runs_wait(tmp_path):
    """As a student first runs the notebook: each check shows its function not started, and each
    `%%yours` cell and the lesson's own run say which functions to finish, and raise nothing."""
    pytest.importorskip("nbclient")

    notebooks = [exercises_only(x, {}, own_run=x.number in RUNS, companions=True) for x in LESSONS]
    errors = executed_side_by_side([(notebook, tmp_path / x.slug) for x, notebook in zip(LESSONS, notebooks)])
    assert errors == [None] * len(LESSONS), errors
    problems = []
    for lesson, notebook in zip(LESSONS, notebooks):
        problems += [f"lesson {lesson.number}: {p}" for p in stub_check_problems(notebook)]
        for cell in notebook.cells:
            if {"yours-companion", "your-run"} & set(cell.metadata.get("tags", [])):
                (shown,) = [o for o in cell.outputs if o.output_type == "execute_result"]
                if "course-yours-waiting" not in shown.data["text/html"] or "not started" not in shown.data["text/plain"]:
                    problems.append(f"lesson {lesson.number}: {cell.source.splitlines()[0]}: {shown.data['text/plain']}")
    assert not problems, "\n".join(problems)


def stub_check_problems(notebook: nbformat.NotebookNode) -> list[str]:
    """What is wrong with an exercise notebook run with its stubs untouched: every function has its
    check cell, and each shows its function as not started, in HTML and in plain text."""
    problems, checked = [], []
    for cell in notebook.cells:
        if "check" not in cell.metadata.get("tags", []):
            continue
        function = re.fullmatch(r'check\("(\w+)"\)', cell.source.strip()).group(1)
        checked.append(function)
        results = [o for o in cell.outputs if o.output_type == "execute_result"]
        if len(results) != 1:
            problems.append(f"the check of {function} shows {len(results)} results")
            continue
        data = results[0].data
        row = next((r for r in data["text/html"].split("<tr ")[1:] if f"<code>{function}</code>" in r), "")
        if "course-not-started" not in row or f"{function}" not in data["text/plain"]:
            problems.append(f"the check of {function} does not say not started: {data['text/plain'][:300]}")
    exercises = [
        c.metadata["course"]["function"] for c in notebook.cells if "exercise" in c.metadata.get("tags", [])
    ]
    if not checked or checked != exercises:
        problems.append(f"exercise cells {exercises}, check cells {checked}")
    return problems


def _passed_rows(html: str) -> str:
    """The functions the HTML shows as passed, space-separated and padded: in the table's rows, and
    in the one line of the lesson's other functions under a check of one function."""
    table = html.split("</table>")[0].split("<tr ")[1:]
    rows = [
        row.split("<code>")[1].split("</code>")[0] for row in table if row.startswith('class="course-passed"')
    ]
    others = re.findall(r'<span class="course-passed"[^>]*><code>([^<]+)</code>', html)
    return " " + " ".join([*rows, *others]) + " "


def test_a_classic_mistake_shows_its_message_in_the_notebook(tmp_path):
    pytest.importorskip("nbclient")
    lesson = find_lesson(4)
    unstable = "import numpy as np\n\ndef softmax(Z):\n    E = np.exp(Z)\n    return E / E.sum(axis=1, keepdims=True)\n"
    notebook = exercises_only(lesson, {"softmax": unstable})
    shown = check_outputs(executed(notebook, tmp_path))["softmax"]
    html = shown["text/html"]
    assert 'class="course-verdicts"' in html and "course-failed" in html
    row, message = html.split("</table>")[0].split("<tr ")[1:]  # softmax's row, its message under it
    assert "<code>softmax</code>" in row and "failed" in row, row
    assert "course-message" in message and any(w in message.lower() for w in ("overflow", "nan", "max")), (
        message
    )
    assert "Hint 1 of 3 for <code>softmax</code>" in html  # the ladder of the function to fix, behind a click
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
        nbformat.v4.new_code_cell("%timeit -n 1 -r 1 sigmoid(np.zeros(3))\nnp.clip?\n?np.clip\n!ls"),
        nbformat.v4.new_code_cell("%%bash\necho the shell never runs in grading\n"),
    ]
    shown = check_outputs(executed(notebook, tmp_path))
    assert " 6 of 6 functions pass" in shown[lesson.functions[-1]]["text/plain"], shown  # the last check
    nbformat.write(notebook, tmp_path / "lesson2_logistic_regression.ipynb")
    report = json.loads(run_course("check", "2", "--path", str(tmp_path), "--json").stdout)
    assert report["file"].endswith(".ipynb") and report["passed"] == 6, report


# The student's functions at work in the notebook (`notebook.yours`).

LESSON3_PAGE = """# %% [markdown]
# # Lesson 3, a page of the test's own

# %%
import numpy as np

from fashion_course import pages

L1, L2, L3 = (pages.reference(n) for n in (1, 2, 3))
X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], dtype=np.float32)  # (3, 2)
y = np.array([0, 1, 1])

# %% [markdown]
# ## The gradient at zero

# %% tags=["yours"]
dw, db = L3.logistic_gradients(X, y, np.zeros(2, dtype=np.float32), 0.0)
print("dw", dw.round(4), "db", round(db, 4))

# %% tags=["exercise"]
# exercise: numerical_gradient

# %% tags=["exercise"]
# exercise: logistic_gradients

# %%
unrelated = "a cell that sets nothing the tagged cell reads"

# %% tags=["exercise"]
# exercise: gradient_descent
"""


def counting(lesson, name: str, counter: str) -> str:
    """The reference's `name`, counting its calls in `counter[0]` (a list the kernel holds)."""
    header, _, body = reference_function(lesson, name).partition("\n")
    return f"{counter} = [0]\n\n{header}\n    {counter}[0] += 1\n{body}"


def test_the_own_run_and_a_yours_cell_wait_for_the_stubs_then_run_the_kernel_s_functions(tmp_path):
    """A notebook made from a page of our own: run with the stubs, the companion of its `yours`
    cell and the lesson's own run say what to finish and raise nothing; with the reference
    pasted in and a `logistic_gradients` that counts its calls, the companion shows the same
    output as the reference's and the own run trains with the kernel's function, step by step."""
    pytest.importorskip("nbclient")
    lesson = find_lesson(3)
    (tmp_path / lesson.file_name).write_text(LESSON3_PAGE)
    notebook = exercise_notebook(lesson, pages=tmp_path)
    companion = next(c for c in notebook.cells if "yours-companion" in c.metadata.get("tags", []))
    checked = next(i for i, c in enumerate(notebook.cells) if c.source == 'check("logistic_gradients")')
    assert notebook.cells[checked + 2] is companion  # after the check of the function it uses, and a note
    assert companion.source.startswith("%%yours logistic_gradients\n")
    own_run = next(c for c in notebook.cells if "your-run" in c.metadata.get("tags", []))
    new = nbformat.v4.new_code_cell
    notebook.cells += [
        new("\n\n".join(reference_answers(lesson).values())),
        new(counting(lesson, "logistic_gradients", "CALLS")),
        new(companion.source),
        new("before_the_run = CALLS[0]"),
        new(own_run.source),
        new("print('the run called it', CALLS[0] - before_the_run, 'times')"),
    ]
    ran = executed(notebook, tmp_path)
    results = [
        next((o for o in c.outputs if o.output_type == "execute_result"), None) for c in ran.cells[-6:]
    ]
    for waiting in (companion, own_run):  # with the stubs
        (shown,) = [o for o in waiting.outputs if o.output_type == "execute_result"]
        assert "course-yours-waiting" in shown.data["text/html"], shown.data["text/plain"]
        assert (
            "waits for `numerical_gradient`" in shown.data["text/plain"]
            or "waits for `logistic" in shown.data["text/plain"]
        ), shown.data["text/plain"]
        assert "not started" in shown.data["text/plain"]
    beside = results[2].data
    assert "exactly what it gives with the reference's" in beside["text/plain"], beside["text/plain"]
    assert beside["text/html"].count("dw [-0.3333") == beside["text/html"].count("db -0.1667") == 2  # by hand
    trained = results[4].data
    assert "Your `binary` and the reference's agree at all 201 logged steps" in trained["text/plain"]
    progress = [o for o in ran.cells[-2].outputs if o.output_type == "display_data"]
    assert (
        "course-progress" in progress[0].data["text/html"]
        and "step 2,000 of 2,000" in progress[0].data["text/plain"]
    )
    calls = int(ran.cells[-1].outputs[0].text.split()[4])
    assert calls == 2000, ran.cells[-1].outputs  # one a step: the kernel's function, not the sandbox's


def test_a_page_s_yours_cells_run_again_where_the_student_s_function_is_checked(tmp_path):
    """The companion goes after the check of the last function the tagged cells use; a page that
    sets again, before that check, a variable the tagged cells read, or whose tagged cells use
    none of the lesson's functions, is told so when the notebook is built."""
    lesson = find_lesson(3)
    page = tmp_path / lesson.file_name
    page.write_text(LESSON3_PAGE)
    cells = exercise_notebook(lesson, pages=tmp_path).cells
    tags = [c.metadata.get("tags", []) for c in cells]
    assert cells[[i for i, t in enumerate(tags) if "yours-companion" in t][0] - 2].source == (
        'check("logistic_gradients")'
    )
    assert "%load_ext fashion_course.notebook.yours" in cells[tags.index(["setup"])].source
    before = '# %% tags=["exercise"]\n# exercise: logistic_gradients'
    page.write_text(LESSON3_PAGE.replace(before, f"# %%\nX = X * 2\n\n{before}"))
    with pytest.raises(
        PageError, match=r"read X, which the page sets again before the last of logistic_gradients"
    ):
        exercise_notebook(lesson, pages=tmp_path)
    page.write_text(LESSON3_PAGE.replace("L3.logistic_gradients(X, y", "np.zeros(2), 0.0  # (X, y"))
    with pytest.raises(PageError, match="use none of lesson 3's functions"):
        exercise_notebook(lesson, pages=tmp_path)


def namespace_of(lesson) -> dict:
    """A kernel's namespace after the reference solution of `lesson` ran in it (importing the
    earlier lessons as a kernel does: `notebook.kernel` finds them among the references)."""
    import fashion_course.notebook.kernel  # noqa: F401

    namespace: dict = {}
    exec(compile((SOLUTIONS / lesson.file_name).read_text(), lesson.file_name, "exec"), namespace)
    return namespace


def test_lesson_4_s_functions_train_inside_the_reference_s_training_loop():
    """The runner trains an experiment with a kernel's lesson 4 (a `forward` that counts its calls)
    inside the reference's lesson 6 `train`, step for step the reference's run."""
    lesson = find_lesson(4)
    namespace = namespace_of(lesson)
    calls, forward = [], namespace["forward"]
    namespace["forward"] = lambda X, params: calls.append(1) or forward(X, params)
    short = dataclasses.replace(experiments.EXPERIMENTS["mlp-small-init"], epochs=4, log_every=2)
    source = data.locate("sample")
    mine = experiments.run(short, kernel_lessons(lesson, namespace), source)
    reference = experiments.run(short, SOLUTIONS, source)
    assert mine.implementation == "this notebook" and mine.history == reference.history
    assert len(calls) == 4 + 3 * 2 + 1  # a step each, the train and test sets at 3 logs, the predictions


def test_a_train_without_log_every_is_compared_with_the_reference_logged_once_an_epoch():
    """COURSE.md's `train` logs once an epoch: the run it is compared with is logged there too, so
    the same code gives the same curve (`course run --impl exercises` and the notebooks alike); a
    training function without a progress callback shows its progress by its steps."""
    lesson = find_lesson(6)
    namespace = namespace_of(lesson)
    namespace["reference_train"] = namespace["train"]
    exec(  # COURSE.md's signature, in the kernel's namespace
        "def train(X, Y, layer_dims, *, optimizer='adam', init='he', epochs, batch_size, lr, rng,\n"
        "          X_dev=None, Y_dev=None):\n"
        "    return reference_train(X, Y, layer_dims, optimizer=optimizer, init=init, epochs=epochs,\n"
        "                           batch_size=batch_size, lr=lr, rng=rng, X_dev=X_dev, Y_dev=Y_dev)\n",
        namespace,
    )
    train = namespace["train"]
    yours = kernel_lessons(lesson, namespace)
    short = dataclasses.replace(experiments.EXPERIMENTS["mlp-sgd"], epochs=1)
    logged = experiments.logged_as(short, yours)
    assert (short.log_every, logged.log_every) == (50, None)
    assert experiments.logged_as(short, SOLUTIONS) is short
    steps = []
    with steps_counted(train, "backward", lambda: steps.append(1)):  # what a progress bar counts
        mine = experiments.run(logged, yours, data.locate("sample"))
    assert namespace["backward"].__name__ == "backward" and len(steps) == 20  # 2,500 / 128, rounded up
    reference = experiments.run(logged, SOLUTIONS, data.locate("sample"))
    assert mine.history["epoch"] == reference.history["epoch"] == [0, 1]
    assert mine.history["cost"] == reference.history["cost"]


def verdicts_of(outcomes: dict[str, tuple[str, str]], focus: str | None = None) -> Verdicts:
    lesson = find_lesson(1)
    report = LessonReport(lesson, Path("this notebook"), [Verdict(f, *outcomes[f]) for f in lesson.functions])
    return Verdicts(report, focus)


def test_check_of_one_function_is_about_it_and_reads_at_any_width():
    """`check("one_hot")`: one_hot's verdict, its next step and its hints, the lesson's other
    functions in one line; a message on a row of its own under its function's; the grader's
    `code` spans as code, everything else escaped."""
    hostile = "expected `(m, C)` <script>alert(1)</script> & got (m,)"
    outcomes = {
        "preprocess": ("passed", ""),
        "select_classes": ("failed", "wrong labels"),
        "one_hot": ("failed", hostile),
        "train_dev_split": ("not started", "still raises NotImplementedError"),
    }
    shown = verdicts_of(outcomes, "one_hot")
    page, text = shown._repr_html_(), repr(shown)
    assert page.count("<tr ") == 2 and "<code>one_hot</code>" in page.split("<tr ")[1]
    assert "course-message" in page.split("<tr ")[2] and "<script>" not in page
    assert "<code>(m, C)</code> &lt;script&gt;alert(1)&lt;/script&gt; &amp; got (m,)" in page
    assert "Hint 1 of 3 for <code>one_hot</code>" in page and "select_classes</code></summary>" not in page
    assert "<code>np.arange(num_classes)</code>" in page  # a hint's Markdown
    assert "<strong>Next:</strong> fix one_hot in its exercise cell" in page
    others = page.split('class="course-others"')[1]
    assert all(name in others for name in ("preprocess", "select_classes", "train_dev_split"))
    assert text.split("\n")[0].startswith("  ✘ one_hot")
    assert (
        "Lesson 1 · Data: images as vectors: 1 of 4 functions pass: preprocess passed, select_classes failed"
        in text
    )
    assert _passed_rows(page) == " preprocess "  # from the line of the others
    outcomes["one_hot"] = ("passed", "")
    assert "one_hot passes: on to train_dev_split, further down" in repr(verdicts_of(outcomes, "one_hot"))
    everything = verdicts_of(outcomes)._repr_html_()
    assert (
        everything.count("course-message") == 2
        and "Hint 1 of 3 for <code>select_classes</code>" in everything
    )
    assert "white-space:nowrap" not in everything.split("course-message")[1].split("</tr>")[0]
