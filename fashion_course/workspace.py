"""Where the course's files are, and how a lesson's file is loaded as a module.

A course checkout holds `exercises/` (the student's files), `solutions/` (the reference) and
`tests/checks/` (the autograder's checks). `ROOT` is that checkout: the folder above this
package (the course is installed with `pip install -e .`), or `COURSE_ROOT` when set.

Lessons build on one another: `lesson3_gradient_descent.py` starts with
`from lesson2_logistic_regression import predict_proba`. `load_lesson` decides which copy of an
earlier lesson that import finds: the grader passes the reference solutions, so a bug in a
student's lesson 2 never fails lesson 3's checks; `course run --impl exercises` passes the
student's own folder.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

from fashion_course.lessons import LESSONS, Lesson

ROOT = Path(os.environ.get("COURSE_ROOT") or Path(__file__).resolve().parent.parent)
EXERCISES = ROOT / "exercises"
SOLUTIONS = ROOT / "solutions"
CHECKS = ROOT / "tests" / "checks"


class LessonImportError(Exception):
    """A lesson file that does not import; the message names the file and the line."""


_loaded: dict[tuple[Path, Path, int], ModuleType] = {}


def load_lesson(lesson: Lesson, directory: Path, earlier_from: Path | None = None) -> ModuleType:
    """Execute `directory/<lesson file>` as a module and return it (cached per process).

    While it executes, `import lessonK_...` of an earlier lesson K gives the copy of lesson K in
    `earlier_from` (default: `directory`, loaded the same way).
    """
    directory = Path(directory).resolve()
    earlier_from = Path(earlier_from).resolve() if earlier_from else directory
    key = (directory, earlier_from, lesson.number)
    if key in _loaded:
        return _loaded[key]
    path = directory / lesson.file_name
    if not path.is_file():
        raise LessonImportError(f"{path} does not exist")
    earlier = {
        other.module_name: load_lesson(other, earlier_from)
        for other in LESSONS
        if other.number < lesson.number
    }
    saved = {name: sys.modules.get(name) for name in earlier}
    sys.modules.update(earlier)
    try:
        spec = importlib.util.spec_from_file_location(lesson.module_name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    except BaseException as error:  # a syntax error, a missing module, sys.exit at import time
        from fashion_course.grader.wire import import_problem  # NumPy: only when a lesson is loaded

        raise LessonImportError(import_problem(error, path)) from None
    finally:
        for name, previous in saved.items():
            if previous is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = previous
    _loaded[key] = module
    return module


def student_line(error: BaseException, directory: Path) -> str:
    """`lesson1_data.py line 12` for the innermost frame of `error` in a file in `directory`."""
    from fashion_course.grader.wire import describe_exception

    return describe_exception(error, Path(directory).resolve())["where"]
