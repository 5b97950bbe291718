"""What a student submitted for a lesson: a `.py` file or an exercise notebook, as the Python the grader runs.

A workspace may hold `lesson3_gradient_descent.py`, `lesson3_gradient_descent.ipynb`, or both; the
one saved last is the lesson's (`lesson_file`). A notebook is read as data and never executed
here: its code cells are parsed (outputs ignored: nothing a notebook prints can count), and
`lesson_module` keeps what a lesson file would hold:

- the imports (but of the course's own package, which the chapter cells use to draw its figures,
  and which the sandbox does not have);
- every function and class (a name defined again in a later cell: the last definition wins);
- assignments that use nothing but imported modules and Python's builtins (`EPS =
  np.finfo(np.float32).eps`, not `X = L1.preprocess(images)`, `model = fit(X)` or
  `best = np.argmax(scores)`: a lesson file's import never runs the chapter's computations);

after the lesson stub's own docstring and imports, which bring the earlier lessons' functions.
The chapter's own code cells, as the exercise notebook was made from the lesson pages, are
left out: they draw the chapter's figures and are not the student's (a cell the student
changed is theirs, and counts).
IPython's magics and shell escapes (`%timeit`, `!ls`, a `%%bash` cell) are dropped: they are not
Python and never run in grading. The same function turns a live kernel's cells into the lesson
file `fashion_course.notebook.check` grades.

`staged` builds, for the grader, a folder where every lesson that comes from a notebook is that
`.py` file; a notebook that cannot be read is a one-line `NotebookError`.
"""

from __future__ import annotations

import ast
import builtins
import functools
import json
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

from fashion_course.lessons import Lesson

MAX_NOTEBOOK_BYTES = 20 * 1024**2  # outputs included; a cleared notebook of the course is ~0.2 MB
NOTEBOOK = ".ipynb"
COURSE_PACKAGE = "fashion_course"
MAGIC_LINE = re.compile(r"^\s*(%|!)")  # a line magic (%timeit) or shell escape (!ls)
HELP_LINE = re.compile(r"^[^#\n]*\?\s*$")  # `np.clip?` asks IPython for help


class NotebookError(ValueError):
    """A notebook that cannot be graded; the message is one line for the student."""


def notebook_path(folder: Path, lesson: Lesson) -> Path:
    return Path(folder) / f"{lesson.module_name}{NOTEBOOK}"


def lesson_file(folder: Path, lesson: Lesson) -> Path:
    """The student's file for `lesson` in `folder`: the `.py` or the notebook, whichever was saved
    last (the `.py` when neither exists, so messages name the file to make)."""
    script, notebook = Path(folder) / lesson.file_name, notebook_path(folder, lesson)
    if notebook.is_file() and (
        not script.is_file() or notebook.stat().st_mtime_ns > script.stat().st_mtime_ns
    ):
        return notebook
    return script


def code_cells(path: Path) -> list[str]:
    """The sources of a notebook's code cells, in order; `NotebookError` when it is not one."""
    size = path.stat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        raise NotebookError(
            f"{path.name} is {size / 1024**2:.0f} MB, over the {MAX_NOTEBOOK_BYTES // 1024**2} MB a notebook "
            "may be: clear its outputs (Edit > Clear Outputs of All Cells) and save it"
        )
    try:
        notebook = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError) as error:
        raise NotebookError(f"{path.name} is not a notebook: it is not valid JSON ({error})") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise NotebookError(f"{path.name} is not a notebook in nbformat 4 (it has no list of cells)")
    if notebook.get("nbformat") != 4:
        raise NotebookError(
            f"{path.name} is in nbformat {notebook.get('nbformat')}, not 4: open it in Jupyter and save it again"
        )
    sources = []
    for cell in notebook["cells"]:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            if isinstance(source, list) and all(isinstance(line, str) for line in source):
                source = "".join(source)
            if not isinstance(source, str):
                raise NotebookError(f"{path.name} has a code cell whose source is not text")
            sources.append(source)
    if not sources:
        raise NotebookError(f"{path.name} has no code cells: write your functions in its exercise cells")
    return sources


@functools.cache
def chapter_cells() -> frozenset[str]:
    """The code cells of every lesson page (but its exercise marks), stripped: in an exercise
    notebook they are the chapter's own code, which draws its figures, not the student's."""
    import jupytext

    from fashion_course.workspace import PAGES

    return frozenset(
        cell.source.strip()
        for page in sorted(PAGES.glob("lesson*.py"))
        for cell in jupytext.read(page).cells
        if cell.cell_type == "code" and "exercise" not in cell.metadata.get("tags", [])
    )


def without_magics(cell: str) -> str:
    """The cell as Python: a cell magic (`%%bash`) drops the whole cell; line magics, shell escapes
    and help requests become blank lines (so line numbers still match the cell's)."""
    if cell.lstrip().startswith("%%"):
        return ""
    return "\n".join(
        "" if MAGIC_LINE.match(line) or HELP_LINE.match(line) else line for line in cell.split("\n")
    )


def lesson_module(cells: Iterable[str], stub: str, label: str, skip_syntax_errors: bool = False) -> str:
    """The lesson file that `cells` amount to (see the module's docstring), after the stub's own
    docstring and imports. A cell with a syntax error is a `NotebookError` naming it in `label`
    ("lesson3_gradient_descent.ipynb"), or, with `skip_syntax_errors` (a kernel's history, where
    such a cell defined nothing), is left out."""
    stub_tree = ast.parse(stub)
    header = [node for node in stub_tree.body if not isinstance(node, (ast.FunctionDef, ast.ClassDef))]
    first = next(
        (_first_line(node) for node in stub_tree.body if node not in header), len(stub.split("\n")) + 1
    )
    modules = set(dir(builtins)) | {name for node in header for name in _bound(node)}  # and the imports below
    header_imports = {ast.unparse(node) for node in header if isinstance(node, (ast.Import, ast.ImportFrom))}
    imports: list[str] = []
    kept: dict[str, str] = {}  # the names a statement binds -> its source (the last one wins)
    for number, cell in enumerate(cells, 1):
        if cell.strip() in chapter_cells():
            continue  # the chapter's own code, as the notebook was made (a cell the student edited counts)
        python = without_magics(cell)
        try:
            tree = ast.parse(python)
        except SyntaxError as error:
            if skip_syntax_errors:
                continue
            raise NotebookError(
                f"code cell {number} of {label} has a syntax error on its line {error.lineno}: {error.msg}"
            ) from None
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                if _imports_the_course(node) or (
                    isinstance(node, ast.ImportFrom) and node.module == "__future__"
                ):
                    continue
                imports.append(ast.unparse(node))
                modules |= _bound(node)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                kept.pop(node.name, None)  # a redefinition moves to where it was made
                kept[node.name] = _as_written(python, node)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                if _loaded(node.value) <= modules and _bound(node):
                    for name in _bound(node):
                        kept.pop(name, None)
                    kept[" ".join(sorted(_bound(node)))] = _as_written(python, node)
    parts = [
        "\n".join(stub.split("\n")[: first - 1]).rstrip()
    ]  # the stub's docstring and imports, as written
    parts += [line for line in dict.fromkeys(imports) if line not in header_imports]
    parts += list(kept.values())
    return "\n\n".join(parts) + "\n"


def _first_line(node: ast.stmt) -> int:
    return min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])


def _as_written(cell: str, node: ast.stmt) -> str:
    """A top-level definition's lines as the student wrote them, decorators and comments included."""
    return "\n".join(cell.split("\n")[_first_line(node) - 1 : node.end_lineno])


def _imports_the_course(node: ast.Import | ast.ImportFrom) -> bool:
    modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
    return any(module == COURSE_PACKAGE or module.startswith(COURSE_PACKAGE + ".") for module in modules)


def _bound(node: ast.stmt) -> set[str]:
    """The names a top-level import or assignment binds."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(alias.asname or alias.name).split(".")[0] for alias in node.names if alias.name != "*"}
    targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
    names = set()
    for target in targets:
        if target is None:
            continue
        if not all(isinstance(part, (ast.Name, ast.Tuple, ast.List, ast.Store)) for part in ast.walk(target)):
            return set()  # x.attr = ... or x[i] = ...: changes something else, not a lesson-file line
        names |= {part.id for part in ast.walk(target) if isinstance(part, ast.Name)}
    return names


def _loaded(node: ast.AST) -> set[str]:
    """The names an expression reads (a comprehension's own variables and a lambda's arguments excluded)."""
    own = {
        part.id for part in ast.walk(node) if isinstance(part, ast.Name) and isinstance(part.ctx, ast.Store)
    }
    own |= {arg.arg for part in ast.walk(node) if isinstance(part, ast.Lambda) for arg in part.args.args}
    return {
        part.id for part in ast.walk(node) if isinstance(part, ast.Name) and isinstance(part.ctx, ast.Load)
    } - own


def staged(folder: Path, lessons: Iterable[Lesson], stubs: Path, into: Path) -> tuple[Path, dict[int, str]]:
    """The folder to grade for `lessons`: `folder` itself when no lesson comes from a notebook,
    else `into`, holding `folder`'s top-level `.py` files with each notebook lesson written as
    its `.py`. Also returns, by lesson number, why a notebook could not be read."""
    from_notebooks = [lesson for lesson in lessons if lesson_file(folder, lesson).suffix == NOTEBOOK]
    if not from_notebooks:
        return Path(folder), {}
    into.mkdir(parents=True, exist_ok=True)
    for source in Path(folder).glob("*.py"):
        if source.is_file():
            shutil.copyfile(source, into / source.name)
    problems = {}
    for lesson in from_notebooks:
        path = notebook_path(folder, lesson)
        target = into / lesson.file_name
        target.unlink(missing_ok=True)
        try:
            stub = (stubs / lesson.file_name).read_text()
            target.write_text(lesson_module(code_cells(path), stub, path.name))
        except NotebookError as error:
            problems[lesson.number] = str(error)
        except OSError as error:
            problems[lesson.number] = f"{path.name} cannot be read: {error.strerror}"
    return into, problems
