"""`check` for a running notebook: grade the functions as the kernel has them, in the sandbox.

    from fashion_course.notebook.kernel import check
    check("softmax")      # or check(4): lesson 4, every function

`check` takes the source of every cell the kernel has run, in the order it ran them (IPython's
input history), turns it into the lesson file the CLI would grade (`submission.lesson_module`:
imports, functions, helpers; the last definition wins; magics and shell escapes dropped), and
grades that file with the same trusted checker and sandbox as `course check`. The student's
code never runs in the kernel's process on the grader's behalf, nor in the checker: a checker
process per lesson is kept warm between calls (it holds pytest and the checks, never student
code), and each check starts a fresh sandboxed process for the student's file.

Importing this module also lets the kernel import the earlier lessons by their module names
(`from lesson2_logistic_regression import predict_proba`): they are the reference solutions, as
they are in grading, so a lesson's notebook runs whatever state the earlier ones are in.
"""

from __future__ import annotations

import atexit
import importlib.abc
import importlib.util
import sys
import tempfile
from pathlib import Path

from fashion_course.grader.grading import Checker, LessonReport
from fashion_course.grader.sandbox import isolation
from fashion_course.lessons import LESSONS, Lesson, UnknownLessonError, find_lesson
from fashion_course.notebook.view import Verdicts
from fashion_course.submission import lesson_module
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


def kernel_cells() -> list[str]:
    """The source of every cell this kernel has run, in the order it ran them, as typed."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        raise RuntimeError(
            "check() grades the functions of a running notebook; in a terminal, use `course check`"
        )
    return list(shell.history_manager.input_hist_raw[1:])


def grade_source(lesson: Lesson, source: str) -> LessonReport:
    """Grade `source` as `lesson`'s file, with the lesson's warm checker."""
    checker = _checkers.get(lesson.number)
    if checker is None:
        checker = _checkers[lesson.number] = Checker([lesson])
        atexit.register(checker.close)
    with tempfile.TemporaryDirectory(prefix="course-check-") as folder:
        (Path(folder) / lesson.file_name).write_text(source, encoding="utf-8")
        (report,) = checker.grade(Path(folder))
    report.file = Path("this notebook")
    return report


def check(what: int | str) -> Verdicts:
    """Grade a lesson's functions as this kernel has them (see the module's docstring); the
    verdicts show as a table in the notebook."""
    lesson, function = lesson_and_function(what)
    stub = (STUBS / lesson.file_name).read_text(encoding="utf-8")
    # The stub first: a function whose cell has not run yet is graded as its stub, "not started".
    source = lesson_module([stub, *kernel_cells()], stub, "this notebook", skip_syntax_errors=True)
    return Verdicts(grade_source(lesson, source), function, isolation().summary)
