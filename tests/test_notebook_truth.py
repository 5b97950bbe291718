"""What `check()` says in a kernel is what `course grade` gives for the saved notebook, or the
verdict says why it may not be; and every message names a place the student can find: in a
notebook, the cell (`In [N]` in a kernel, `code cell N [count]` in a saved file) and its line.

(How notebooks become lesson files, which file of a lesson is graded and the chapter's-data
message are in `tests/test_notebooks.py`; these tests follow them to the verdicts.)
"""

from __future__ import annotations

import json
import os

import nbformat
import pytest
from helpers import run_course
from test_notebooks import CELL_SECONDS, reference_function

from fashion_course.lessons import find_lesson
from fashion_course.workspace import STUBS

SETUP = "import numpy as np\nfrom fashion_course.notebook.kernel import check"
# A mistake on line 3 of the exercise cell.
BROKEN_SOFTMAX = (
    "def softmax(Z):\n"
    "    shifted = Z - Z.max(axis=1, keepdims=True)\n"
    "    E = np.exp(shifted) / undefined_scale\n"
    "    return E / E.sum(axis=1, keepdims=True)\n"
)
SOFTMAX = reference_function(find_lesson(4), "softmax")
# Every function's stub in one cell, as the exercise cells hold them.
STUB_OF_4 = (STUBS / "lesson4_softmax.py").read_text().replace("from __future__ import annotations", "")


def notebook(cells: list[str], counts: list[int | None] | None = None) -> nbformat.NotebookNode:
    made = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    for cell, count in zip(made.cells, counts or []):
        cell.execution_count = count
    return made


def outputs_of_checks(ran: nbformat.NotebookNode) -> list[str]:
    return [
        next(o for o in cell.outputs if o.output_type == "execute_result").data["text/plain"]
        for cell in ran.cells
        if cell.source.startswith("check(")
    ]


def run_in_kernel(cells: list[str], folder, saved_as: str) -> list[str]:
    """Run `cells` in a fresh kernel in `folder`, told (as Jupyter Server tells it) that it runs
    `folder/saved_as`; the text of each check's verdict."""
    from nbclient import NotebookClient

    ran = notebook(cells)
    environment = {**os.environ, "JPY_SESSION_NAME": str(folder / saved_as)}
    client = NotebookClient(
        ran, timeout=CELL_SECONDS, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    client.execute(env=environment)
    return outputs_of_checks(ran)


def test_a_saved_edit_the_kernel_did_not_run_is_told_and_errors_name_the_cell(tmp_path):
    """The kernel runs a broken softmax in cell 3 while the saved file holds the fixed one: the
    first check names `In [3]`, line 3, and says the saved notebook differs; once the kernel
    has run the same softmax as the file, the note is gone; and a notebook that is not the
    lesson's file is told which file is graded. `course check` grades the saved file."""
    pytest.importorskip("nbclient")
    saved = [SETUP, STUB_OF_4, SOFTMAX, 'check("softmax")', SOFTMAX, 'check("softmax")']
    nbformat.write(notebook(saved), tmp_path / "lesson4_softmax.ipynb")
    nbformat.write(notebook(saved), tmp_path / "scratch.ipynb")
    elsewhere = f"import os\nos.environ['JPY_SESSION_NAME'] = {str(tmp_path / 'scratch.ipynb')!r}"
    ran = [SETUP, STUB_OF_4, BROKEN_SOFTMAX, *saved[3:], elsewhere, 'check("softmax")']
    first, second, third = run_in_kernel(ran, tmp_path, "lesson4_softmax.ipynb")
    assert "name 'undefined_scale' is not defined (In [3], line 3)" in first, first
    assert "Note: your saved notebook differs from what this kernel ran (softmax)" in first, first
    assert "softmax        passed" in second and "Note:" not in second, second
    assert "Note: `course check 4` and `course grade` grade lesson4_softmax.ipynb in this folder" in third
    assert "not this notebook (scratch.ipynb)" in third, third
    graded = json.loads(run_course("check", "4", "--path", str(tmp_path), "--json").stdout)
    assert graded["checks"][0] == {"function": "softmax", "outcome": "passed", "message": ""}


def test_course_check_names_the_cell_and_line_of_every_kind_of_problem(tmp_path):
    """An exception in a call, a NumPy warning, an error at import: each names the code cell (and
    the count Jupyter shows beside it) and the line in it; and the report says which file of the
    lesson it graded when both exist."""
    naive_sigmoid = "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n"
    two = notebook(["import numpy as np", naive_sigmoid], counts=[1, 5])
    nbformat.write(two, tmp_path / "lesson2_logistic_regression.ipynb")
    four = notebook([SETUP, STUB_OF_4, BROKEN_SOFTMAX], counts=[3, 4, 7])
    nbformat.write(four, tmp_path / "lesson4_softmax.ipynb")
    five = notebook(["import numpy as np", "SCALE = 2.0\n\nFAN = SCALE / 0"], counts=[None, None])
    nbformat.write(five, tmp_path / "lesson5_he_init.ipynb")
    (tmp_path / "lesson4_softmax.py").write_text((STUBS / "lesson4_softmax.py").read_text())
    result = run_course("check", "--all", "--path", str(tmp_path), "--json")
    reports = {r["lesson"]: r for r in json.loads(result.stdout)}
    sigmoid = reports[2]["checks"][0]["message"]
    assert "overflow encountered in exp (code cell 2 [5], line 2)" in sigmoid, sigmoid
    softmax = reports[4]["checks"][0]["message"]
    assert softmax.endswith("(code cell 3 [7], line 3)"), softmax
    assert reports[4]["notes"] == ["lesson4_softmax.py exists too: the notebook has your work"]
    assert reports[5]["import_error"] == "code cell 2, line 3: ZeroDivisionError: float division by zero"
    messages = [c["message"] for r in reports.values() for c in r["checks"]]
    assert not [m for m in messages if str(tmp_path) in m]  # places the student can find, no paths
    shown = run_course("check", "4", "--path", str(tmp_path))
    assert "(lesson4_softmax.py exists too: the notebook has your work)" in shown.stdout
