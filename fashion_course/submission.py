"""What a student submitted for a lesson: a `.py` file or an exercise notebook, as the Python the grader runs.

**Which file.** A workspace may hold `lesson3_gradient_descent.py`, `lesson3_gradient_descent.ipynb`,
or both; `choose_file` says which is the lesson's, and why (a `Choice`; `lesson_file` is its
file). A file that is still the lesson's stub (`is_untouched_stub`; for a notebook, every
exercise cell still its stub) never wins over one with work in it, even saved later (a second
`course init`); between two with work, or two stubs, the one saved last wins, and at the same
time (a `git clone` gives every file the same) the `.py`. Only regular files count, never a
symlink, and each is read once, at most `MAX_NOTEBOOK_BYTES` of it.

**What a notebook amounts to.** A notebook is read as data and never executed here. Its code
cells (outputs ignored: nothing a notebook prints can count) become Python as Jupyter runs them,
through IPython's own input transformer (`fashion_course.notebook.cells`), and
`lesson_from_cells` keeps, in the order the cells ran, what a lesson file can hold:

- the imports (but of the course's own package, which the chapter cells use to draw its figures,
  and which the sandbox does not have);
- every function and class (a name defined again in a later cell: the last definition wins,
  where it was made);
- the module-level assignments (`=`, `+=`, `x: float = ...`, `table[k] = ...`) whose every name
  comes from the imports, Python's builtins and the assignments kept before them: `SCALE =
  np.float32(255)` and then `INV = 1 / SCALE`, but not `X = L1.preprocess(images)`, `model =
  fit(X)` or `mean_image = X.mean(axis=0)`: a lesson file's import never runs the chapter's
  computations;

after the lesson stub's own docstring and imports, which bring the earlier lessons' functions.
IPython's commands (`%timeit`, `!ls`, `np.clip?`, a `%%bash` cell) never run in grading: they are
left out. So are the chapter's own code cells, as the exercise notebook was made from the lesson
pages (a cell the student changed is theirs, and counts); the names they compute count as the
notebook's, though. A function that uses a name the lesson file cannot have (`mean_image` above,
the chapter's `X_train`) gets a one-line message to show as its verdict, rather than a NameError
when it is called (`LessonSource.unavailable`), and each line taken from a cell can be traced
back to the cell and its line there (`LessonSource.origins`). The same function turns a live
kernel's cells into the lesson file `fashion_course.notebook.kernel.check` grades.

The notebook is untrusted input read on the grader's side: beyond the size cap, a cell IPython's
transformer would take too long over, or with code nested too deeply to parse, is a one-line
`NotebookError` naming it, and the work is linear in the number of statements.

`staged` builds, for the grader, a folder where every lesson that comes from a notebook is that
`.py` file, and returns each such lesson's `LessonSource` and every lesson's `Choice`.
"""

from __future__ import annotations

import ast
import builtins
import collections
import errno
import functools
import hashlib
import itertools
import json
import os
import shutil
import stat
import symtable
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from fashion_course.lessons import Lesson
from fashion_course.workspace import STUBS

if TYPE_CHECKING:
    from fashion_course.notebook.cells import CellReader

MAX_NOTEBOOK_BYTES = 20 * 1024**2  # outputs included; a cleared notebook of the course is ~0.2 MB
NOTEBOOK = ".ipynb"
COURSE_PACKAGE = "fashion_course"
IPYTHON = "get_ipython"  # what the Python that IPython makes of its commands calls
IPYTHON_BUILTINS = {
    "__IPYTHON__",
    "display",
    IPYTHON,
}  # added while a kernel runs a cell; the sandbox has none
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
IMPORTS = (ast.Import, ast.ImportFrom)
SCOPES = (*DEFINITIONS, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
NO_FOLLOWING = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


class NotebookError(ValueError):
    """A notebook that cannot be graded; the message is one line for the student."""


@dataclass(frozen=True)
class Cell:
    """A code cell: its source, and its execution count (None when it has not run, or it is not known)."""

    source: str
    execution_count: int | None = None


class Origin(NamedTuple):
    """Lines `first_line` to `last_line` of a lesson file (counted from 1) come from code cell
    `cell` (from 1, among the code cells; a kernel's cell N is its N-th input, `In [N]`), whose
    execution count was `execution_count`, from its line `first_line_in_cell` on."""

    first_line: int
    last_line: int
    cell: int
    execution_count: int | None
    first_line_in_cell: int


@dataclass(frozen=True)
class LessonSource:
    """The lesson file some cells amount to: `text`; for each function (or class) that cannot run
    as it did in the notebook, because it uses a name the file cannot have, a one-line message to
    show as its verdict (`unavailable`); and where the lines of `text` taken from cells come from
    (`origins`, in the order of the lines)."""

    text: str
    unavailable: dict[str, str] = field(default_factory=dict)
    origins: tuple[Origin, ...] = ()
    from_kernel: bool = False  # made from a kernel's inputs, where cell N is `In [N]`

    def places(self) -> list[list]:
        """The origins as `tracebacks.Places` entries, each labelled as Jupyter shows its cell: a
        kernel's input as `In [7]`, a saved notebook's cell as `code cell 12 [7]` (its execution
        count after it, where it has one)."""
        return [
            [
                origin.first_line,
                origin.last_line,
                f"In [{origin.cell}]"
                if self.from_kernel
                else f"code cell {origin.cell}"
                + (f" [{origin.execution_count}]" if origin.execution_count is not None else ""),
                origin.first_line_in_cell,
            ]
            for origin in self.origins
        ]


@dataclass(frozen=True)
class Choice:
    """Which of a lesson's files is graded: `file` (the `.py` when there is neither, so messages
    name the file to make); `other`, the lesson's other file when it exists too; and `reason`,
    why `file` rather than `other` ("the notebook has your work"; "" when there is no other)."""

    file: Path
    other: Path | None = None
    reason: str = ""

    @property
    def note(self) -> str:
        """What a report says after the graded file's name, when the other file exists:
        "lesson3_gradient_descent.py exists too: the notebook has your work"."""
        return f"{self.other.name} exists too: {self.reason}" if self.other else ""


class Staged(NamedTuple):
    """What `staged` made for the grader."""

    folder: Path  # the folder to grade: the student's own, or one holding the notebooks as `.py` files
    problems: dict[int, str]  # lesson number -> why its notebook could not be read (one line)
    sources: dict[int, LessonSource]  # lesson number -> the lesson file its notebook amounts to
    choices: dict[int, Choice]  # lesson number -> which of its files is graded, and why


def notebook_path(folder: Path, lesson: Lesson) -> Path:
    return Path(folder) / f"{lesson.module_name}{NOTEBOOK}"


def is_untouched_stub(source: str) -> bool:
    """Whether `source` is a pure stub: a docstring and imports, then functions that are each only
    a docstring and `raise NotImplementedError`. Such a file cannot pass any check (whatever its
    imports do, each function ends in that raise), so the grader calls it not started unrun."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    preamble = tree.body[: len(tree.body) - len(functions)]
    return (
        bool(functions)
        and tree.body[len(preamble) :] == functions  # nothing after the first function but functions
        and all(isinstance(node, IMPORTS) for node in preamble[1:])
        and bool(preamble)
        and isinstance(preamble[0], ast.Expr)
        and all(
            len(f.body) == 2
            and not f.decorator_list
            and isinstance(f.body[0], ast.Expr)
            and isinstance(f.body[0].value, ast.Constant)
            and ast.unparse(f.body[1]) == "raise NotImplementedError"
            for f in functions
        )
    )


def lesson_file(folder: Path, lesson: Lesson) -> Path:
    """The student's file for `lesson` in `folder` (`choose_file`)."""
    return choose_file(folder, lesson).file


def choose_file(folder: Path, lesson: Lesson) -> Choice:
    """Which of the `.py` and the notebook of `lesson` in `folder` is graded, and why (see the
    module's docstring); only regular files count."""
    script, notebook = Path(folder) / lesson.file_name, notebook_path(folder, lesson)
    script_status, notebook_status = _regular_status(script), _regular_status(notebook)
    if notebook_status is None:
        return Choice(script)
    if script_status is None:
        return Choice(notebook)
    script_work, notebook_work = _has_work(script, lesson), _has_work(notebook, lesson)
    if script_work != notebook_work:
        chosen, reason = (notebook, "the notebook") if notebook_work else (script, "the .py file")
        reason += " has your work"
    elif script_status.st_mtime_ns != notebook_status.st_mtime_ns:
        newer = notebook_status.st_mtime_ns > script_status.st_mtime_ns
        chosen, reason = (notebook, "the notebook") if newer else (script, "the .py file")
        reason += " was saved last"
    else:
        chosen = script
        reason = (
            "both have work and were saved at the same time: delete the one you do not use"
            if script_work
            else "neither has work yet"
        )
    return Choice(chosen, notebook if chosen == script else script, reason)


def _regular_status(path: Path) -> os.stat_result | None:
    """`path`'s status when it is a regular file itself (a symlink is not), else None."""
    try:
        status = os.lstat(path)
    except OSError:
        return None
    return status if stat.S_ISREG(status.st_mode) else None


def _open_regular(path: Path) -> BinaryIO | None:
    """`path` opened for reading when it is a regular file, else None: a symlink is never followed
    (it could point at the grader's own files), nor a FIFO waited on. OSError when it cannot be opened."""
    try:
        descriptor = os.open(path, NO_FOLLOWING)
    except OSError as error:
        if error.errno == errno.ELOOP:  # a symlink
            return None
        raise
    stream = open(descriptor, "rb")
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        stream.close()
        return None
    return stream


def _read_regular(path: Path) -> bytes | None:
    """`path`'s first `MAX_NOTEBOOK_BYTES` bytes and one more (so a longer file shows), when it is
    a regular file (`_open_regular`); None when it is not."""
    stream = _open_regular(path)
    if stream is None:
        return None
    with stream:
        return stream.read(MAX_NOTEBOOK_BYTES + 1)


def _has_work(path: Path, lesson: Lesson) -> bool:
    """Whether `path` holds more than the lesson's stub; a file that cannot be read as a lesson
    does (the grader then says what is wrong with it)."""
    try:
        if path.suffix == NOTEBOOK:
            stub = (STUBS / lesson.file_name).read_text(encoding="utf-8")
            return not is_untouched_stub(lesson_module(code_cells(path), stub, path.name))
        data = _read_regular(path)
    except (NotebookError, OSError):
        return True
    if data is None:
        return False  # no longer a regular file: it is not graded either
    return len(data) > MAX_NOTEBOOK_BYTES or not is_untouched_stub(data.decode("utf-8", errors="replace"))


def code_cells(path: Path) -> list[Cell]:
    """A notebook's code cells, in order; `NotebookError` when it is not one."""
    data = _read_regular(path)
    if data is None:
        raise NotebookError(f"{path.name} is not a regular file (a symlink is not graded)")
    if len(data) > MAX_NOTEBOOK_BYTES:
        size = os.lstat(path).st_size
        raise NotebookError(
            f"{path.name} is {size / 1024**2:.0f} MB, over the {MAX_NOTEBOOK_BYTES // 1024**2} MB a notebook "
            "may be: clear its outputs (Edit > Clear Outputs of All Cells) and save it"
        )
    try:
        notebook = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise NotebookError(f"{path.name} is not a notebook: it is not valid JSON ({error})") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise NotebookError(f"{path.name} is not a notebook in nbformat 4 (it has no list of cells)")
    if notebook.get("nbformat") != 4:
        raise NotebookError(
            f"{path.name} is in nbformat {notebook.get('nbformat')}, not 4: open it in Jupyter and save it again"
        )
    cells = []
    for cell in notebook["cells"]:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            if isinstance(source, list) and all(isinstance(line, str) for line in source):
                source = "".join(source)
            if not isinstance(source, str):
                raise NotebookError(f"{path.name} has a code cell whose source is not text")
            count = cell.get("execution_count")
            cells.append(
                Cell(source, count if isinstance(count, int) and not isinstance(count, bool) else None)
            )
    if not cells:
        raise NotebookError(f"{path.name} has no code cells: write your functions in its exercise cells")
    return cells


@functools.cache
def chapter_cells() -> frozenset[str]:
    """The code cells of every lesson page (but its exercise marks), stripped: in an exercise
    notebook they are the chapter's own code, which draws its figures, not the student's.

    Reading the pages takes jupytext, whose imports (nbformat, jsonschema) take seconds, so the
    cells are kept in the user's cache under a digest of the pages' bytes: a changed page is
    read afresh, and a cache that cannot be written is only slower."""
    import pooch

    from fashion_course.workspace import PAGES

    pages = sorted(PAGES.glob("lesson*.py"))
    digest = hashlib.sha256(b"".join(page.name.encode() + b"\0" + page.read_bytes() for page in pages))
    kept = Path(pooch.os_cache("fashion-course")) / f"chapter-cells-{digest.hexdigest()[:20]}.json"
    try:
        return frozenset(json.loads(kept.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    import jupytext

    cells = sorted(
        {
            cell.source.strip()
            for page in pages
            for cell in jupytext.read(page).cells
            if cell.cell_type == "code" and "exercise" not in cell.metadata.get("tags", [])
        }
    )
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        partial = kept.with_name(f"{kept.name}.{os.getpid()}.partial")
        partial.write_text(json.dumps(cells), encoding="utf-8")
        os.replace(partial, kept)
    except OSError:
        pass
    return frozenset(cells)


@functools.cache
def _chapter_values(cell: str) -> frozenset[str]:
    """The names a chapter cell (one of `chapter_cells`) computes: what it binds but by import,
    def or class."""
    from fashion_course.notebook.cells import CellReader

    _, tree = CellReader().python(cell)
    return frozenset(
        name
        for node in tree.body
        if not isinstance(node, (*IMPORTS, *DEFINITIONS))
        for name in _names(node)[1]
    )


class _Kept(NamedTuple):
    """A statement kept for the lesson file: its text, where it was written (cell number,
    execution count, first line in the cell; None for the stub's), and its tree."""

    text: str
    where: tuple[int, int | None, int] | None
    node: ast.stmt


def lesson_from_cells(
    cells: Iterable[Cell], stub: str, label: str, from_kernel: bool = False
) -> LessonSource:
    """The lesson file that `cells`, run in that order, amount to (see the module's docstring),
    after the stub's own docstring and imports. A cell that cannot be read is a `NotebookError`
    naming it as "code cell N of `label`" (`label`: "lesson3_gradient_descent.ipynb"). With
    `from_kernel`, `cells` are a kernel's inputs: the stub's functions come first (a function
    whose cell has not run yet is its stub), and a cell IPython could not run is left out (it
    defined nothing)."""
    from fashion_course.notebook.cells import CellReader

    stub_tree = ast.parse(stub)
    header = [node for node in stub_tree.body if not isinstance(node, DEFINITIONS)]
    first = next(
        (_first_line(node) for node in stub_tree.body if node not in header), len(stub.split("\n")) + 1
    )
    header_imports = {ast.unparse(node) for node in header if isinstance(node, IMPORTS)}
    stub_functions = {node.name for node in stub_tree.body if isinstance(node, DEFINITIONS)}
    # The names the file has when the next statement runs (a definition's aside: an assignment
    # that calls a function would run student code at import), and those whose last binding, in
    # a statement the file leaves out, it cannot have (-> that statement's cell).
    available = (set(dir(builtins)) - IPYTHON_BUILTINS) | {
        name for node in header if isinstance(node, IMPORTS) for name in _imported(node)
    }
    computed: dict[str, int] = {}
    imports: dict[str, tuple[int, int | None, int]] = {}  # an import, as one line -> where first made
    kept: dict[str | int, _Kept] = {}  # in the order they ran: definitions by name, assignments by number
    numbers = itertools.count()
    reader = CellReader()
    if from_kernel:
        stub_lines = stub.split("\n")
        for node in stub_tree.body:
            if isinstance(node, DEFINITIONS):
                kept[node.name] = _Kept(_written(stub_lines, node, alone=True), None, node)

    def keep(names: Iterable[str]) -> None:
        for name in names:
            available.add(name)
            computed.pop(name, None)

    def leave_out(names: Iterable[str], cell: int) -> None:
        for name in names:
            available.discard(name)
            computed[name] = cell

    for number, cell in enumerate(cells, 1):
        if cell.source.strip() in chapter_cells():  # the chapter's code, as the notebook was made
            leave_out(_chapter_values(cell.source.strip()), number)
            continue
        python = _python(reader, cell.source, f"code cell {number} of {label}", from_kernel)
        if python is None:
            continue
        lines, body = python[0].split("\n"), python[1].body
        firsts = [_first_line(node) for node in body]
        for index, node in enumerate(body):
            alone = (index == 0 or body[index - 1].end_lineno < firsts[index]) and (
                index + 1 == len(body) or node.end_lineno < firsts[index + 1]
            )
            where = (number, cell.execution_count, firsts[index])
            if isinstance(node, IMPORTS):
                if not _imports_the_course(node) and getattr(node, "module", "") != "__future__":
                    imports.setdefault(ast.unparse(node), where)
                    keep(_imported(node))
            elif isinstance(node, DEFINITIONS):
                kept.pop(node.name, None)  # a redefinition moves to where it was made
                kept[node.name] = _Kept(_written(lines, node, alone), where, node)
                computed.pop(node.name, None)
            elif isinstance(node, ast.AnnAssign) and node.value is None:
                continue  # `x: int` binds nothing
            else:
                reads, binds = _names(node)
                if (
                    isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign))
                    and not _is_ipython_call(node)
                    and reads <= available
                ):
                    kept[next(numbers)] = _Kept(_written(lines, node, alone), where, node)
                    keep(binds)
                else:
                    leave_out(binds, number)

    definitions = {name: statement for name, statement in kept.items() if isinstance(name, str)}
    missing: dict[str, int | None] = {
        name: cell for name, cell in computed.items() if name not in definitions
    }
    if IPYTHON not in available and IPYTHON not in definitions:
        missing[IPYTHON] = None
    unavailable, unimportable = _unavailable(definitions, missing, stub_functions)
    parts = [("\n".join(stub.split("\n")[: first - 1]).rstrip(), None)]  # the stub's docstring and imports
    parts += [(line, where) for line, where in imports.items() if line not in header_imports]
    parts += [(statement.text, statement.where) for key, statement in kept.items() if key not in unimportable]
    origins, line = [], 1
    for text, where in parts:
        last = line + text.count("\n")
        if where is not None:
            origins.append(Origin(line, last, *where))
        line = last + 2  # a blank line between parts
    return LessonSource(
        "\n\n".join(text for text, _ in parts) + "\n", unavailable, tuple(origins), from_kernel
    )


def lesson_module(cells: Iterable[Cell], stub: str, label: str) -> str:
    """The text of the lesson file that a notebook's `cells` amount to (`lesson_from_cells`)."""
    return lesson_from_cells(cells, stub, label).text


def _python(reader: CellReader, source: str, name: str, from_kernel: bool) -> tuple[str, ast.Module] | None:
    """A cell as the Python IPython runs, and its tree (`notebook.cells`); a cell that cannot be
    read is a `NotebookError` naming it as `name`, or None from a kernel (where it ran nothing),
    but when the reader's budget runs out: such a cell may have run."""
    from fashion_course.notebook.cells import CellTooLongError

    try:
        return reader.python(source)
    except CellTooLongError:
        raise NotebookError(
            f"{name}: by here, reading the IPython commands (`%`, `!` and `?` lines) of long cells takes "
            "too long (IPython reads a whole cell again for each one): split those cells or take them out"
        ) from None
    except SyntaxError as error:
        problem = f"has a syntax error on its line {error.lineno}: {error.msg}"
    except (RecursionError, MemoryError):
        problem = "is nested too deeply for Python to read: write its expressions in steps"
    except Exception as error:  # IPython's transformer fails on some input (an IndexError, 500 commands)
        problem = (
            f"cannot be read as IPython input ({type(error).__name__}: {' '.join(str(error).split())[:200]})"
        )
    if from_kernel:
        return None
    raise NotebookError(f"{name} {problem}")


def _unavailable(
    definitions: dict[str, _Kept], missing: dict[str, int | None], stub_functions: set[str]
) -> tuple[dict[str, str], set[str]]:
    """For each of `definitions` that uses one of the names in `missing` (-> the cell that computes
    it; None for IPython's `get_ipython`), itself or through a helper of the student's, a one-line
    message; and those that would stop the file importing (a decorator, a default or a class body
    reads such a name), to be left out of it."""
    loads = {
        name: {part.id for part in ast.walk(statement.node) if isinstance(part, ast.Name)}
        for name, statement in definitions.items()
    }
    wanted = missing.keys() | definitions.keys()
    reads = {name: _global_reads(definitions[name].text) for name, loaded in loads.items() if loaded & wanted}
    messages, unimportable = {}, set()
    for name, (at_definition, at_call) in reads.items():
        used = [read for read in dict.fromkeys([*at_definition, *at_call]) if read in missing]
        if used:
            messages[name] = _uses(name, used, missing)
        if missing.keys() & set(at_definition):
            unimportable.add(name)
    callers: dict[str, list[str]] = {}
    for name, (_, at_call) in reads.items():
        for called in at_call:
            if called in definitions and called != name:
                callers.setdefault(called, []).append(name)
    helpers = collections.deque(name for name in messages if name not in stub_functions)
    while helpers:  # through the student's helpers, breadth first
        helper = helpers.popleft()
        for caller in callers.get(helper, []):
            if caller not in messages:
                messages[caller] = f"`{caller}` calls `{helper}`; {messages[helper]}"
                if caller not in stub_functions:
                    helpers.append(caller)
    return messages, unimportable


def _uses(function: str, names: list[str], missing: dict[str, int | None]) -> str:
    values = [name for name in names if missing[name] is not None]
    if not values:
        return (
            f"`{function}` runs an IPython command (a `%` magic or a `!` line), which works only in "
            "Jupyter: take it out of the function"
        )
    cells = sorted({missing[name] for name in values})
    where = f"cell {cells[0]}" if len(cells) == 1 else f"cells {_listed([str(cell) for cell in cells])}"
    listed = _listed([f"`{name}`" for name in values])
    pronoun, argument = ("it", "an argument") if len(values) == 1 else ("them", "arguments")
    return (
        f"`{function}` uses {listed}, which your notebook computes from the chapter's data in {where}: "
        f"pass {pronoun} in as {argument}"
    )


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _global_reads(definition: str) -> tuple[list[str], list[str]]:
    """The global names a definition's code reads, in order: when it is defined (its decorators
    and defaults, a class's body) and when it is called. Python's own scoping (`symtable`)
    decides what is local; code too deeply nested for it reads nothing (it cannot run either)."""
    try:
        tables = [(symtable.symtable(definition, "<cell>", "exec"), False)]
    except (SyntaxError, RecursionError, MemoryError):
        return [], []
    at_definition: dict[str, None] = {}
    at_call: dict[str, None] = {}
    while tables:
        table, called = tables.pop()
        called = called or table.get_type() == "function"
        for symbol in table.get_symbols():
            if symbol.is_referenced() and (symbol.is_global() or table.get_type() == "module"):
                (at_call if called else at_definition)[symbol.get_name()] = None
        tables.extend((child, called) for child in table.get_children())
    return list(at_definition), list(at_call)


def _first_line(node: ast.stmt) -> int:
    return min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])


def _written(lines: list[str], node: ast.stmt, alone: bool) -> str:
    """A top-level statement as the student wrote it: its lines, decorators and comments included;
    or, when it shares a line with another (`a = 1; b = X.sum()`), its own text alone."""
    if alone:
        return "\n".join(lines[_first_line(node) - 1 : node.end_lineno])
    first, last = node.lineno - 1, node.end_lineno - 1
    if first == last:  # column offsets count UTF-8 bytes
        return lines[first].encode()[node.col_offset : node.end_col_offset].decode()
    return "\n".join(
        [
            lines[first].encode()[node.col_offset :].decode(),
            *lines[first + 1 : last],
            lines[last].encode()[: node.end_col_offset].decode(),
        ]
    )


def _imports_the_course(node: ast.Import | ast.ImportFrom) -> bool:
    modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
    return any(module == COURSE_PACKAGE or module.startswith(COURSE_PACKAGE + ".") for module in modules)


def _is_ipython_call(node: ast.stmt) -> bool:
    """Whether a statement is, or assigns, an IPython command as IPython writes it in Python:
    `get_ipython().run_line_magic('timeit', 'f(x)')`, `files = get_ipython().getoutput('ls')`."""
    value = getattr(node, "value", None)
    return (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and isinstance(value.func.value, ast.Call)
        and isinstance(value.func.value.func, ast.Name)
        and value.func.value.func.id == IPYTHON
    )


def _imported(node: ast.Import | ast.ImportFrom) -> set[str]:
    """The names an import binds."""
    return {(alias.asname or alias.name).split(".")[0] for alias in node.names if alias.name != "*"}


def _names(node: ast.stmt) -> tuple[set[str], set[str]]:
    """The names a top-level statement (but an import) reads, and those it binds where the module
    sees them: an assignment's annotation aside (the lesson file's `from __future__ import
    annotations` never evaluates it), and a function's, lambda's or comprehension's own names
    neither read nor bound. One pass over the tree, for a cell may hold 100,000 statements."""
    if isinstance(node, ast.Assign):
        roots = [*node.targets, node.value]
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        roots = [node.target, node.value]
    else:
        roots = [node]
    loads, binds, own = set(), set(), set()
    if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
        loads.add(node.target.id)
    todo = [(root, False) for root in roots]
    while todo:
        part, nested = todo.pop()
        if isinstance(part, ast.Name):
            if isinstance(part.ctx, ast.Load):
                loads.add(part.id)
            else:
                (own if nested else binds).add(part.id)
        elif isinstance(part, ast.arg):
            own.add(part.arg)
        else:
            nested = nested or isinstance(part, SCOPES)
            for name in part._fields:
                value = getattr(part, name, None)
                if isinstance(value, list):
                    todo.extend((item, nested) for item in value if isinstance(item, ast.AST))
                elif isinstance(value, ast.AST):
                    todo.append((value, nested))
    return loads - own, binds


def _copy_regular(source: Path, target: Path) -> None:
    """Copy `source` to `target` when it is a regular file (`_open_regular`: never a symlink)."""
    try:
        stream = _open_regular(source)
    except OSError:
        return
    if stream is not None:
        with stream, open(target, "wb") as copy:
            shutil.copyfileobj(stream, copy)


def staged(folder: Path, lessons: Iterable[Lesson], stubs: Path, into: Path) -> Staged:
    """The folder to grade for `lessons`: `folder` itself when no lesson comes from a notebook,
    else `into`, holding `folder`'s top-level `.py` files (regular files only) with each notebook
    lesson written as its `.py`. Also, by lesson number: why a notebook could not be read, the
    `LessonSource` of each notebook read, and which file of each lesson is graded."""
    lessons = list(lessons)
    choices = {lesson.number: choose_file(folder, lesson) for lesson in lessons}
    from_notebooks = [lesson for lesson in lessons if choices[lesson.number].file.suffix == NOTEBOOK]
    if not from_notebooks:
        return Staged(Path(folder), {}, {}, choices)
    into.mkdir(parents=True, exist_ok=True)
    for source in Path(folder).glob("*.py"):
        _copy_regular(source, into / source.name)
    problems, sources = {}, {}
    for lesson in from_notebooks:
        path = choices[lesson.number].file
        target = into / lesson.file_name
        target.unlink(missing_ok=True)
        try:
            stub = (stubs / lesson.file_name).read_text(encoding="utf-8")
            sources[lesson.number] = lesson_from_cells(code_cells(path), stub, path.name)
            target.write_text(sources[lesson.number].text, encoding="utf-8")
        except NotebookError as error:
            problems[lesson.number] = str(error)
        except OSError as error:
            problems[lesson.number] = f"{path.name} cannot be read: {error.strerror}"
    return Staged(into, problems, sources, choices)
