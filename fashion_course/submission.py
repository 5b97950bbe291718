"""What a student submitted for a lesson: a `.py` file or an exercise notebook, as the Python the grader runs.

**What was handed in, read once.** `Submission.read` reads a student's folder once, into memory:
its top-level `.py` files and the lessons' notebooks, with their modification times. Only regular
files are read: each is looked at with `lstat`, then opened without following a link or waiting
on a pipe and looked at again, so a symbolic link (to a classmate's file, the gradebook, the
reference solutions, `/proc/self/environ`, `/dev/stdin`), a FIFO or a device is never read. Each
size is checked before a byte is read: the `.py` files may hold `MAX_PYTHON_BYTES` together (the
lessons' own first), a notebook `MAX_NOTEBOOK_BYTES`, and at most `MAX_HELPER_FILES` `.py` files
sit beside the lessons'. What was not read, and why, each lesson's report says
(`Submission.notes`: the lesson's own files, and the other `.py` files, which any lesson may
import). Everything after works from that one object: which file is a lesson's, the notebooks'
conversion, the gradebook's digest, the similarity report, and the grader's private folder that
the sandbox's copy is made from (`staged`, from the bytes read); so nothing the folder holds or
becomes after the read reaches a grade.

**Which file.** A workspace may hold `lesson3_gradient_descent.py`, `lesson3_gradient_descent.ipynb`,
or both; `choose_file` says which is the lesson's, and why (a `Choice`; `lesson_file` is its
file). A file that is still the lesson's stub (`is_untouched_stub`; for a notebook, every
exercise cell still its stub) never wins over one with work in it, even saved later (a second
`course init`); between two with work, or two stubs, the one saved last wins, and at the same
time (a `git clone` gives every file the same) the `.py`. Only the files read count.

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

The notebook is untrusted input read on the grader's side: beyond the size cap, JSON nested
deeper than `MAX_NOTEBOOK_DEPTH` (measured before it is parsed), a cell IPython's transformer
would take too long over, or with code nested too deeply to parse, is a one-line
`NotebookError` naming it, and the work is linear in the number of statements.

`staged` writes, for the grader, a private folder from a submission's bytes: its `.py` files, and
every lesson that comes from a notebook as that `.py` file; and returns each such lesson's
`LessonSource`, every lesson's `Choice`, and the notes each lesson's report adds.
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
import re
import stat
import symtable
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from fashion_course import syntax
from fashion_course.lessons import LESSONS, Lesson
from fashion_course.workspace import STUBS, user_cache

if TYPE_CHECKING:
    from fashion_course.notebook.cells import CellReader

MAX_PYTHON_BYTES = 4 * 1024**2  # a submission's .py files, together
MAX_NOTEBOOK_BYTES = 20 * 1024**2  # outputs included; a cleared notebook of the course is ~0.2 MB
MAX_HELPER_FILES = 50  # .py files beside the lessons' own
PYTHON = ".py"
NOTEBOOK = ".ipynb"
MEGABYTE = 1024**2
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
# Open a file without following a symbolic link, waiting on a FIFO or taking a terminal.
NO_FOLLOWING = (
    os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
)
ONLY_REGULAR = "(only regular files are graded)"
KINDS = (  # what a file that is not a regular one is, as a report says it
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)
# Written as escapes in a name shown: the backslash (so an escape is never ambiguous), C0 and C1
# control characters, DEL, invisible, spacing and bidirectional formatting characters, the lone
# surrogates that stand for a file name's bytes that are not UTF-8, and a space at either end.
UNSHOWABLE = re.compile(
    "[\\\\\x00-\x1f\x7f-\xa0\xad\u061c\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f"
    "\u3000\ufeff\ufff9-\ufffb\ud800-\udfff]|\\A | \\Z"
)


class NotebookError(ValueError):
    """A notebook that cannot be graded; the message is one line for the student."""


def shown_name(name: str) -> str:
    """A file's or a folder's name as reports, the gradebook and the terminal show it: what a
    terminal would obey or a spreadsheet hide written as its Python escape (`student07` and an
    ESC shows as `student07\\x1b`), so that two different names never show the same."""

    def escape(match: re.Match) -> str:
        code = ord(match.group())
        return "\\\\" if code == ord("\\") else f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return UNSHOWABLE.sub(escape, name)


def notebook_name(lesson: Lesson) -> str:
    return f"{lesson.module_name}{NOTEBOOK}"


class SubmittedFile(NamedTuple):
    """A file as read for grading."""

    data: bytes
    modified: int  # its modification time, in ns: it decides between a lesson's .py and notebook


class SkippedFileError(Exception):
    """Why a file was not read: `reason`, or, when it is too large, its `size` in bytes."""

    def __init__(self, reason: str = "", size: int = 0) -> None:
        super().__init__(reason)
        self.reason, self.size = reason, size


@dataclass(frozen=True)
class Submission:
    """A student's folder as read once for grading (see the module's docstring): `files`, the
    `.py` files and the lessons' notebooks read, by name; `skipped`, those not read, by name, and
    why; `unread`, what kept files from being read that no one file explains (the folder could not
    be listed, too many `.py` files). `folder` is where it was read, for the reports to name."""

    folder: Path
    files: dict[str, SubmittedFile]
    skipped: dict[str, str] = field(default_factory=dict)
    unread: tuple[str, ...] = ()
    # each notebook's lesson file, by (notebook, stub): a LessonSource, or the NotebookError
    converted: dict[tuple[str, str], LessonSource | NotebookError] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def read(cls, folder: Path) -> Submission:
        """Read `folder`'s top-level `.py` files and lesson notebooks, regular files only, each
        size checked before it is read: the lessons' files first, in the lessons' order, then
        the other `.py` files by name, until the `.py` files read hold `MAX_PYTHON_BYTES` (a
        file that would pass it is skipped). A folder that cannot be listed has no files."""
        folder = Path(folder)
        lessons, helpers, too_many = [], [], False
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name in _LESSON_FILES:
                        lessons.append(entry.name)
                    elif entry.name.endswith(PYTHON) and not too_many:  # never a list of a million names
                        helpers.append(entry.name)
                        too_many = len(helpers) > MAX_HELPER_FILES
        except OSError as error:
            return cls(folder, {}, {}, (f"the folder cannot be read ({error.strerror})",))
        unread = ()
        if too_many:
            helpers = []
            unread = (
                "skipped every .py file but the lessons' own: a submission may hold at most "
                f"{MAX_HELPER_FILES} beside them",
            )
        files, skipped, budget = {}, {}, MAX_PYTHON_BYTES
        for name in [*sorted(lessons, key=_LESSON_FILES.get), *sorted(helpers)]:
            is_notebook = name.endswith(NOTEBOOK)
            try:
                files[name] = _read_regular(folder / name, MAX_NOTEBOOK_BYTES if is_notebook else budget)
            except SkippedFileError as why:
                skipped[name] = why.reason or _too_large(why.size, is_notebook)
                continue
            if not is_notebook:
                budget -= len(files[name].data)
        return cls(folder, dict(sorted(files.items())), dict(sorted(skipped.items())), unread)

    def notes(self, lesson: Lesson) -> list[str]:
        """What `lesson`'s report says was not read: its own files, then the other `.py` files
        (any lesson may import them), and what kept the folder's files from being read."""
        own = (lesson.file_name, notebook_name(lesson))
        skipped = [name for name in own if name in self.skipped]
        skipped += [name for name in self.skipped if name not in _LESSON_FILES]
        return [*(f"skipped {shown_name(name)}: {self.skipped[name]}" for name in skipped), *self.unread]

    def notebook_lesson(self, name: str, stub: str) -> LessonSource:
        """The lesson file that the notebook `name` amounts to after `stub`'s header
        (`lesson_from_cells`), converted once whoever asks (choosing the file, staging it, the
        similarity step); raises `NotebookError` for one that cannot be read, every time."""
        key = (name, stub)
        if key not in self.converted:
            try:
                self.converted[key] = lesson_from_cells(code_cells(self.files[name].data, name), stub, name)
            except NotebookError as error:
                self.converted[key] = error
        found = self.converted[key]
        if isinstance(found, NotebookError):
            raise NotebookError(str(found))
        return found

    def write_python(self, into: Path) -> None:
        """Write the `.py` files read into the folder `into`, from the bytes read."""
        for name, file in self.files.items():
            if name.endswith(PYTHON):
                (into / name).write_bytes(file.data)


_LESSON_FILES = {  # a lesson's .py and notebook -> their place in the order files are read
    name: order
    for order, name in enumerate(
        name for lesson in LESSONS for name in (lesson.file_name, notebook_name(lesson))
    )
}


def _read_regular(path: Path, limit: int) -> SubmittedFile:
    """`path` read when it is a regular file of at most `limit` bytes, checked before it is opened
    (`lstat`), once opened (`fstat`: never a link followed, a FIFO waited on) and while it is read
    (it may grow); `SkippedFileError` says why not."""
    try:
        _check(os.lstat(path), limit)
        descriptor = os.open(path, NO_FOLLOWING)
    except OSError as error:
        if error.errno == errno.ELOOP:  # it became a symbolic link since the lstat
            raise SkippedFileError(f"a symbolic link {ONLY_REGULAR}") from None
        raise SkippedFileError(f"it cannot be read ({error.strerror})") from None
    with open(descriptor, "rb") as stream:
        status = os.fstat(descriptor)
        _check(status, limit)
        try:
            data = stream.read(limit + 1)
        except OSError as error:
            raise SkippedFileError(f"it cannot be read ({error.strerror})") from None
    if len(data) > limit:
        raise SkippedFileError(size=max(len(data), status.st_size))
    return SubmittedFile(data, status.st_mtime_ns)


def _check(status: os.stat_result, limit: int) -> None:
    """`SkippedFileError` unless `status` is a regular file's of at most `limit` bytes."""
    if not stat.S_ISREG(status.st_mode):
        kind = next((kind for is_kind, kind in KINDS if is_kind(status.st_mode)), "not a regular file")
        raise SkippedFileError(f"{kind} {ONLY_REGULAR}")
    if status.st_size > limit:
        raise SkippedFileError(size=status.st_size)


def _too_large(size: int, is_notebook: bool) -> str:
    if is_notebook:
        return (
            f"{size / MEGABYTE:,.1f} MB, over the {MAX_NOTEBOOK_BYTES // MEGABYTE} MB a notebook may be: clear "
            "its outputs (Edit > Clear Outputs of All Cells) and save it"
        )
    return f"{size / MEGABYTE:,.1f} MB, over the {MAX_PYTHON_BYTES // MEGABYTE} MB a submission's .py files may hold together"


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

    folder: Path  # the folder to grade: the .py files read, and the notebooks as `.py` files
    problems: dict[int, str]  # lesson number -> why its notebook could not be read (one line)
    sources: dict[int, LessonSource]  # lesson number -> the lesson file its notebook amounts to
    choices: dict[int, Choice]  # lesson number -> which of its files is graded, and why
    notes: dict[int, list[str]]  # lesson number -> what its report says of the files (skipped, chosen)


def notebook_path(folder: Path, lesson: Lesson) -> Path:
    return Path(folder) / notebook_name(lesson)


def is_untouched_stub(source: str) -> bool:
    """Whether `source` is a pure stub: a docstring and imports, then functions that are each only
    a docstring and `raise NotImplementedError`. Such a file cannot pass any check (whatever its
    imports do, each function ends in that raise), so the grader calls it not started unrun."""
    try:
        tree = syntax.parse(source)
    except (SyntaxError, ValueError):
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
    """The student's file for `lesson` in `folder` (`choose_file`, of the folder as read now)."""
    return choose_file(Submission.read(folder), lesson).file


def choose_file(submission: Submission, lesson: Lesson) -> Choice:
    """Which of the `.py` and the notebook of `lesson` in `submission` is graded, and why (see the
    module's docstring); only the files read count."""
    script, notebook = lesson.file_name, notebook_name(lesson)
    script_file, notebook_file = submission.folder / script, submission.folder / notebook
    files = submission.files
    if notebook not in files:
        return Choice(script_file)
    if script not in files:
        return Choice(notebook_file)
    script_work, notebook_work = (_has_work(submission, name, lesson) for name in (script, notebook))
    if script_work != notebook_work:
        chosen, reason = (notebook_file, "the notebook") if notebook_work else (script_file, "the .py file")
        reason += " has your work"
    elif files[script].modified != files[notebook].modified:
        newer = files[notebook].modified > files[script].modified
        chosen, reason = (notebook_file, "the notebook") if newer else (script_file, "the .py file")
        reason += " was saved last"
    else:
        chosen = script_file
        reason = (
            "both have work and were saved at the same time: delete the one you do not use"
            if script_work
            else "neither has work yet"
        )
    return Choice(chosen, notebook_file if chosen == script_file else script_file, reason)


def _has_work(submission: Submission, name: str, lesson: Lesson) -> bool:
    """Whether the file `name` of `submission` holds more than the lesson's stub; a notebook
    that cannot be read as a lesson does (the grader then says what is wrong with it)."""
    if name.endswith(NOTEBOOK):
        stub = (STUBS / lesson.file_name).read_text(encoding="utf-8")
        try:
            return not is_untouched_stub(submission.notebook_lesson(name, stub).text)
        except NotebookError:
            return True
    return not is_untouched_stub(submission.files[name].data.decode("utf-8", errors="replace"))


MAX_NOTEBOOK_DEPTH = 100  # arrays and objects within each other in a notebook's JSON; Jupyter's nest ~15
NOT_JSON_STRUCTURE = bytes(sorted(set(range(256)) - set(b'"[]{}')))  # all but what the depth is read from
JSON_STEPS = bytes.maketrans(b'"[{]}', b"\x00\x01\x01\xff\xff")  # as int8: a quote 0, brackets +1 and -1


def _json_depth(data: bytes) -> int:
    """How deeply the arrays and objects of the JSON text `data` (UTF-8) nest, read in one pass
    without parsing it, from the brackets outside its strings: so with no stack, in time and
    memory linear in its size. (For text that is not JSON the number means nothing, and parsing
    it fails after.)"""
    import numpy as np

    # In JSON, a backslash escapes the next character; where a run of them ends in a quote, the
    # quote is escaped when the run is odd. Taking out `\\` and then `\"` leaves unescaped quotes only.
    structure = data.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, NOT_JSON_STRUCTURE)
    quotes = np.frombuffer(structure, np.uint8) == ord('"')
    outside_strings = np.cumsum(quotes, dtype=np.uint8) % 2 == 0  # after an even number of quotes
    steps = np.frombuffer(structure.translate(JSON_STEPS), np.int8) * outside_strings
    return int(np.cumsum(steps, dtype=np.int32).max(initial=0))


def code_cells(data: bytes, name: str) -> list[Cell]:
    """The code cells, in order, of the notebook `name` that holds `data`; `NotebookError` when it
    is not one, or when its JSON nests deeper than `MAX_NOTEBOOK_DEPTH` (measured before it is
    parsed: Python parses JSON by recursion)."""
    try:
        text = data.decode(json.detect_encoding(data), "surrogatepass")  # as `json.loads` decodes bytes
    except UnicodeDecodeError as error:
        raise NotebookError(f"{name} is not a notebook: it is not valid JSON ({error})") from None
    if _json_depth(text.encode("utf-8", "surrogatepass")) > MAX_NOTEBOOK_DEPTH:
        raise NotebookError(
            f"{name} is not a notebook: its JSON nests deeper than {MAX_NOTEBOOK_DEPTH} levels (Jupyter's "
            "own nest about 15)"
        )
    try:
        notebook = json.loads(text)
    except ValueError as error:
        raise NotebookError(f"{name} is not a notebook: it is not valid JSON ({error})") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise NotebookError(f"{name} is not a notebook in nbformat 4 (it has no list of cells)")
    if notebook.get("nbformat") != 4:
        raise NotebookError(
            f"{name} is in nbformat {notebook.get('nbformat')}, not 4: open it in Jupyter and save it again"
        )
    cells = []
    for cell in notebook["cells"]:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            if isinstance(source, list) and all(isinstance(line, str) for line in source):
                source = "".join(source)
            if not isinstance(source, str):
                raise NotebookError(f"{name} has a code cell whose source is not text")
            count = cell.get("execution_count")
            cells.append(
                Cell(source, count if isinstance(count, int) and not isinstance(count, bool) else None)
            )
    if not cells:
        raise NotebookError(f"{name} has no code cells: write your functions in its exercise cells")
    return cells


@functools.cache
def chapter_cells() -> frozenset[str]:
    """The code cells of every lesson page (but its exercise marks), stripped: in an exercise
    notebook they are the chapter's own code, which draws its figures, not the student's.

    Reading the pages takes jupytext, whose imports (nbformat, jsonschema) take seconds, so the
    cells are kept in the user's cache under a digest of the pages' bytes: a changed page is
    read afresh, and a cache that cannot be written is only slower."""
    from fashion_course.workspace import PAGES

    pages = sorted(PAGES.glob("lesson*.py"))
    digest = hashlib.sha256(b"".join(page.name.encode() + b"\0" + page.read_bytes() for page in pages))
    kept = user_cache() / f"chapter-cells-{digest.hexdigest()[:20]}.json"
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

    stub_tree = syntax.parse(stub)
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
    except syntax.TooDeepError:
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


def staged(submission: Submission, lessons: Iterable[Lesson], stubs: Path, into: Path) -> Staged:
    """The folder to grade for `lessons`: `into` (a folder only the grader can write), holding
    the submission's `.py` files, written from the bytes read, with each notebook lesson written
    as its `.py`. Also, by lesson number: why a notebook could not be read, the `LessonSource` of
    each notebook read, which file of each lesson is graded, and what the lesson's report says
    of its files (what was skipped, then why the file graded rather than the other)."""
    lessons = list(lessons)
    choices = {lesson.number: choose_file(submission, lesson) for lesson in lessons}
    into.mkdir(parents=True, exist_ok=True)
    submission.write_python(into)
    problems, sources = {}, {}
    for lesson in lessons:
        name = choices[lesson.number].file.name
        if not name.endswith(NOTEBOOK):
            continue
        target = into / lesson.file_name
        target.unlink(missing_ok=True)
        try:
            stub = (stubs / lesson.file_name).read_text(encoding="utf-8")
            sources[lesson.number] = submission.notebook_lesson(name, stub)
            target.write_text(sources[lesson.number].text, encoding="utf-8")
        except NotebookError as error:
            problems[lesson.number] = str(error)
    notes = {}
    for lesson in lessons:
        choice = choices[lesson.number]
        notes[lesson.number] = [*submission.notes(lesson), *([choice.note] if choice.note else [])]
    return Staged(into, problems, sources, choices, notes)
