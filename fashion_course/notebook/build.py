"""The exercise notebooks: each lesson's chapter, with the functions to write where it derives them.

Made from the one source the site uses, never written twice: the lesson page (a jupytext
percent-format notebook, `docs/lessons/lessonN_*.py`) and the lesson's stubs (`exercises/`).
A page marks the place of each function the student writes with a code cell tagged `exercise`
that holds `# exercise: NAME` (the site leaves such cells out); the notebook puts there the
stub of NAME (signature, contract docstring, `raise NotImplementedError`) in an exercise cell,
followed by a check cell, `check("NAME")`. Cells tagged `site-only` (the page's note on where to
write code) and `claim` (assertions that keep the prose true when the site builds, on the data
the build reads) are left out of the notebook, which opens with how to work in it instead, and a
set-up cell that imports `check` and what the stub imports, right after the title.

Run top to bottom with the stubs untouched, every check cell says "not started".
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from fashion_course.lessons import Lesson
from fashion_course.submission import COURSE_PACKAGE
from fashion_course.workspace import PAGES, STUBS

EXERCISE_MARK = re.compile(r"#\s*exercise:\s*(\w+)")
KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}


class PageError(ValueError):
    """A lesson page whose exercise marks do not match the lesson's functions."""


def stub_functions(stub: str) -> tuple[list[str], dict[str, str]]:
    """The stub's imports (but `from __future__`), and each function's source as written."""
    tree, lines = ast.parse(stub), stub.split("\n")
    imports = [
        ast.get_source_segment(stub, node)
        for node in tree.body
        if isinstance(node, (ast.Import, ast.ImportFrom)) and getattr(node, "module", "") != "__future__"
    ]
    functions = {
        node.name: "\n".join(lines[node.lineno - 1 : node.end_lineno])
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
    }
    return imports, functions


def introduction(lesson: Lesson) -> str:
    names = ", ".join(f"`{name}`" for name in lesson.functions)
    return (
        f"**This is lesson {lesson.number} as an exercise notebook.** Read it top to bottom and run each "
        f"cell. You write {names}: each has an exercise cell where the chapter derives it, holding its "
        "stub. Replace the `raise NotImplementedError` with your code, run the cell, then run the check "
        "cell below it: it grades your function in a sandbox, with the same checks as "
        f"`course check {lesson.number}`, and shows what to fix next. Running the notebook with the "
        "stubs untouched is fine: the checks say *not started*. In a terminal, "
        f"`course check {lesson.number}` grades this notebook too."
    )


def exercise_notebook(lesson: Lesson, pages: Path = PAGES, stubs: Path = STUBS):
    """The exercise notebook of `lesson` (an `nbformat` notebook), built from its page and stub."""
    import jupytext
    import nbformat.v4 as nb

    page = jupytext.read(pages / lesson.file_name)
    imports, functions = stub_functions((stubs / lesson.file_name).read_text(encoding="utf-8"))
    setup = "\n".join([f"from {COURSE_PACKAGE}.notebook.kernel import check", *imports])
    cells, placed, titled = [], [], False
    for cell in page.cells:
        tags = cell.metadata.get("tags", [])
        if "site-only" in tags or "claim" in tags:
            continue
        if "exercise" not in tags:
            copy = (
                nb.new_code_cell(cell.source)
                if cell.cell_type == "code"
                else nb.new_markdown_cell(cell.source)
            )
            copy.metadata = {k: v for k, v in cell.metadata.items() if k == "tags"}
            cells.append(copy)
            if not titled and cell.cell_type == "markdown" and cell.source.lstrip().startswith("# "):
                cells.append(nb.new_markdown_cell(introduction(lesson), metadata={"tags": ["notebook-only"]}))
                cells.append(nb.new_code_cell(setup, metadata={"tags": ["setup"]}))  # after the title
                titled = True
            continue
        name = EXERCISE_MARK.search(cell.source)
        if not name or name.group(1) not in functions:
            raise PageError(
                f"{lesson.file_name}: an exercise cell names no function of the lesson: {cell.source!r}"
            )
        name = name.group(1)
        cells.append(
            nb.new_code_cell(functions[name], metadata={"tags": ["exercise"], "course": {"function": name}})
        )
        cells.append(nb.new_code_cell(f'check("{name}")', metadata={"tags": ["check"]}))
        placed.append(name)
    if sorted(placed) != sorted(lesson.functions):
        raise PageError(
            f"{lesson.file_name} places {placed or 'no exercise'}, but lesson {lesson.number} has {list(lesson.functions)}"
        )
    notebook = nb.new_notebook(cells=cells)
    notebook.metadata = {"kernelspec": KERNEL, "language_info": {"name": "python"}}
    return notebook


def write_notebook(lesson: Lesson, folder: Path) -> Path:
    """Write `lesson`'s exercise notebook into `folder` as `lessonN_*.ipynb`; returns its path."""
    import nbformat

    path = Path(folder) / f"{lesson.module_name}.ipynb"
    nbformat.write(exercise_notebook(lesson), path)
    return path
