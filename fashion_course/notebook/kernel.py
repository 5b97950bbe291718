"""`check` for a running notebook: grade the functions as the kernel has them, in the sandbox.

    from fashion_course.notebook.kernel import check
    check("softmax")      # or check(4): lesson 4, every function

`check` takes the source of every cell the kernel has run, in the order it ran them (IPython's
input history, where input N is `In [N]`), turns it into the lesson file the CLI would grade
(`submission.lesson_from_cells`: imports, functions, helpers, the constants they use; the last
definition wins; IPython's commands left out), and grades that file with the same trusted
checker and sandbox as `course check`. The student's
code never runs in the kernel's process on the grader's behalf, nor in the checker: a checker
process per lesson is kept warm between calls (it holds pytest and the checks, never student
code), and each check starts a fresh sandboxed process for the student's file. `graded(lesson)`
is that grading alone: `notebook.yours` asks it before it runs the kernel's functions.

Importing this module also lets the kernel import the earlier lessons by their module names
(`from lesson2_logistic_regression import predict_proba`): they are the reference solutions, as
they are in grading, so a lesson's notebook runs whatever state the earlier ones are in.
"""

from __future__ import annotations

import ast
import atexit
import importlib.abc
import importlib.util
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from fashion_course.grader.grading import Checker, LessonReport, Verdict
from fashion_course.grader.sandbox import isolation
from fashion_course.lessons import LESSONS, Lesson, UnknownLessonError, find_lesson
from fashion_course.notebook.view import Verdicts
from fashion_course.submission import (
    NOTEBOOK,
    Cell,
    Choice,
    LessonSource,
    NotebookError,
    Staged,
    Submission,
    choose_file,
    code_cells,
    lesson_from_cells,
)
from fashion_course.workspace import SOLUTIONS, STUBS

_checkers: dict[int, Checker] = {}  # lesson number -> its warm checker


class ReferenceLessons(importlib.abc.MetaPathFinder):
    """Finds `lessonK_...` modules among the reference solutions."""

    files = {lesson.module_name: SOLUTIONS / lesson.file_name for lesson in LESSONS}

    def find_spec(self, name, path=None, target=None):
        if name in self.files:
            return importlib.util.spec_from_file_location(name, self.files[name])
        return None


if not any(isinstance(finder, ReferenceLessons) for finder in sys.meta_path):
    sys.meta_path.insert(0, ReferenceLessons())


def lesson_and_function(what: int | str) -> tuple[Lesson, str | None]:
    """`check(3)`, `check("lesson3")` and `check("gradient-descent")` name a lesson;
    `check("logistic_gradients")` names a function, and so its lesson."""
    for lesson in LESSONS:
        if what in lesson.functions:
            return lesson, str(what)
    try:
        return find_lesson(what), None
    except UnknownLessonError:
        names = ", ".join(f for lesson in LESSONS for f in lesson.functions)
        raise UnknownLessonError(
            f"there is no lesson or function {what!r} to check; the functions are {names}"
        ) from None


def kernel_cells() -> list[Cell]:
    """Every cell this kernel has run, in the order it ran them, as typed: input N ran as `In [N]`."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        raise RuntimeError(
            "check() grades the functions of a running notebook; in a terminal, use `course check`"
        )
    return [Cell(source, count) for count, source in enumerate(shell.history_manager.input_hist_raw[1:], 1)]


def grade_source(lesson: Lesson, source: LessonSource) -> LessonReport:
    """Grade `source` (a kernel's cells) as `lesson`'s file, with the lesson's warm checker."""
    checker = _checkers.get(lesson.number)
    if checker is None:
        checker = _checkers[lesson.number] = Checker([lesson])
        atexit.register(checker.close)
    with tempfile.TemporaryDirectory(prefix="course-check-") as folder:
        (Path(folder) / lesson.file_name).write_text(source.text, encoding="utf-8")
        choice = Choice(Path("this notebook"))
        (report,) = checker.grade_staged(
            Staged(Path(folder), {}, {lesson.number: source}, {lesson.number: choice}, {})
        )
    return report


def saved_notebook() -> Path | None:
    """The notebook file this kernel runs, where the front end tells the kernel: VS Code in the
    variable `__vsc_ipynb_file__`, Jupyter Server (JupyterLab, Notebook 7) in the environment
    variable `JPY_SESSION_NAME` (its path, absolute or from the server's root; the kernel starts
    in the notebook's folder). None where neither says, or the file is not there."""
    from IPython import get_ipython

    shell = get_ipython()
    told = [shell.user_ns.get("__vsc_ipynb_file__") if shell else None, os.environ.get("JPY_SESSION_NAME")]
    for name in told:
        if isinstance(name, str) and name.endswith(NOTEBOOK):
            for path in (Path(name), Path.cwd() / Path(name).name):
                if path.is_absolute() and path.is_file():
                    return path.resolve()
    return None


def _statements(text: str) -> dict[str, str]:
    """A lesson file's top-level definitions and assignments, by the names they bind, as trees."""
    statements = {}
    for node in ast.parse(text).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            statements[node.name] = ast.dump(node)
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            statements[" = ".join(ast.unparse(t) for t in targets)] = ast.dump(node)
    return statements


def saved_file_notes(lesson: Lesson, ran: LessonSource) -> list[str]:
    """What a check in this kernel should add when `course grade` would grade other code than
    the kernel ran: the saved notebook differs (an edit saved but not run, a cell run but not
    saved), cannot be read, or is not the file graded. Nothing where the kernel does not know
    its notebook."""
    path = saved_notebook()
    if path is None:
        return []
    submission = Submission.read(path.parent)  # as `course check` reads it
    if path.name in submission.skipped:
        return [f"your saved notebook cannot be graded as it is: {submission.skipped[path.name]}"]
    chosen = choose_file(submission, lesson)
    if chosen.file != path:
        return [
            f"`course check {lesson.number}` and `course grade` grade {chosen.file.name} in this folder, "
            f"not this notebook ({path.name})"
            + (f": {chosen.reason}" if chosen.file.name in submission.files else "")
        ]
    stub = (STUBS / lesson.file_name).read_text(encoding="utf-8")
    try:
        saved = lesson_from_cells(code_cells(submission.files[path.name].data, path.name), stub, path.name)
    except NotebookError as error:
        return [f"your saved notebook cannot be graded as it is: {error}"]
    mine, theirs = _statements(ran.text), _statements(saved.text)
    differ = [name for name in {**mine, **theirs} if mine.get(name) != theirs.get(name)]
    if not differ:
        return []
    names = ", ".join(differ[:5]) + (", ..." if len(differ) > 5 else "")
    return [
        f"your saved notebook differs from what this kernel ran ({names}): save, then Run All, "
        "before you hand it in"
    ]


def graded(lesson: Lesson) -> tuple[LessonReport, LessonSource | None]:
    """The lesson's functions as this kernel has them, graded (see the module's docstring), and
    the lesson file they made (None when a cell could not be read)."""
    stub = (STUBS / lesson.file_name).read_text(encoding="utf-8")
    try:
        source = lesson_from_cells(kernel_cells(), stub, "this notebook", from_kernel=True)
    except NotebookError as error:  # a cell too long for IPython's transformer to read in time
        verdicts = [Verdict(name, "error", str(error)) for name in lesson.functions]
        return LessonReport(lesson, Path("this notebook"), verdicts, import_error=str(error)), None
    return grade_source(lesson, source), source


def check(what: int | str) -> Verdicts:
    """Grade a lesson's functions as this kernel has them (see the module's docstring); the
    verdicts show as a table in the notebook, with a note when the saved notebook, which `course
    grade` grades, holds other code. `check("softmax")` is about softmax: its verdict, next step
    and hints first, the lesson's other functions in one line."""
    lesson, function = lesson_and_function(what)
    report, source = graded(lesson)
    if source is not None:
        report = replace(report, notes=saved_file_notes(lesson, source))
    return Verdicts(report, function, isolation().summary)
