"""Where the course's files are, where the student's work is, and how a lesson file is loaded.

The course's own files (never the student's) come from the installed package: a wheel carries
them in `fashion_course/course/` (`exercises` the stubs, `solutions` the reference, `checks` the
autograder's checks, `results` the saved runs the pages draw, `pages` the lesson pages the
exercise notebooks are made from); a checkout installed with
`pip install -e .` reads them from the repository (`exercises/`, `solutions/`, `tests/checks/`,
`docs/results/full/`, `docs/lessons/`).

The student's work is a *workspace*: a folder made by `course init`, marked by a `.fashion-course`
file, or a course checkout's `exercises/`. `find_workspace` walks up from the current folder, like
git, so two workspaces never see each other's files.

Lessons build on one another: `lesson3_gradient_descent.py` starts with
`from lesson2_logistic_regression import predict_proba`. `load_lesson` decides which copy of an
earlier lesson that import finds: `course run` passes the folder it trains, the grader's sandbox
holds the reference solutions.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

from fashion_course import __version__
from fashion_course.lessons import LESSONS, Lesson
from fashion_course.tracebacks import describe_exception, import_problem


def user_cache() -> Path:
    """The course's folder in the user's cache (downloaded data, what is kept between runs)."""
    import pooch

    return Path(pooch.os_cache("fashion-course"))


PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent  # the repository, in a checkout (the course author's tools write there)
INSTALLED = PACKAGE / "course"  # the course's files, in a wheel
if (INSTALLED / "checks").is_dir():
    STUBS, SOLUTIONS, CHECKS, RESULTS, PAGES = (
        INSTALLED / name for name in ("exercises", "solutions", "checks", "results", "pages")
    )
else:
    STUBS, SOLUTIONS = ROOT / "exercises", ROOT / "solutions"
    CHECKS, RESULTS = ROOT / "tests" / "checks", ROOT / "docs" / "results" / "full"
    PAGES = ROOT / "docs" / "lessons"
MARKER = ".fashion-course"  # in a workspace made by `course init`: the course version that made it


class NoWorkspaceError(Exception):
    """No workspace in a folder or above it; the message says how to make one."""


def is_checkout(folder: Path) -> bool:
    """Whether `folder` is a course repository (its `exercises/` is then a workspace)."""
    return (folder / "exercises").is_dir() and (folder / "fashion_course" / "lessons.py").is_file()


def find_workspace(start: Path | None = None) -> Path:
    """The workspace holding `start` (default: the current folder): the nearest folder at or above
    it with a `.fashion-course` marker, or a checkout's `exercises/`."""
    start = Path(start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / MARKER).is_file():
            return folder
        if is_checkout(folder):
            return folder / "exercises"
    raise NoWorkspaceError(
        f"no course workspace in {start} or above it: make one with `course init` (or pass --path)"
    )


def mark_workspace(folder: Path) -> None:
    """Write the marker that makes `folder` a workspace, recording the course version."""
    marker = {"course": "fashion-course", "version": __version__}
    (folder / MARKER).write_text(json.dumps(marker, indent=1) + "\n", encoding="utf-8")


class LessonImportError(Exception):
    """A lesson file that does not import; the message names the file and the line."""


_loaded: dict[tuple[Path, int], ModuleType] = {}


def load_lesson(lesson: Lesson, directory: Path) -> ModuleType:
    """Execute `directory/<lesson file>` as a module and return it (cached per process).

    While it executes, `import lessonK_...` of an earlier lesson K gives the copy of lesson K in
    the same `directory`, loaded the same way.
    """
    directory = Path(directory).resolve()
    key = (directory, lesson.number)
    if key in _loaded:
        return _loaded[key]
    path = directory / lesson.file_name
    if not path.is_file():
        raise LessonImportError(f"{path} does not exist")
    earlier = {other.number: load_lesson(other, directory) for other in LESSONS if other.number < lesson.number}
    try:
        module = execute_lesson(lesson, path, earlier)
    except BaseException as error:  # a syntax error, a missing module, sys.exit at import time
        raise LessonImportError(import_problem(error, path)) from None
    _loaded[key] = module
    return module


def execute_lesson(lesson: Lesson, path: Path, earlier: dict[int, ModuleType]) -> ModuleType:
    """Execute `path` afresh as `lesson`'s module (uncached), its `import lessonK_...` of an
    earlier lesson K giving `earlier[K]`; `sys.modules` is as it was afterwards."""
    imported = {other.module_name: earlier[other.number] for other in LESSONS if other.number in earlier}
    saved = {name: sys.modules.get(name) for name in imported}
    sys.modules.update(imported)
    try:
        spec = importlib.util.spec_from_file_location(lesson.module_name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        for name, previous in saved.items():
            if previous is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = previous
    return module


def student_line(error: BaseException, directory: Path) -> str:
    """`lesson1_data.py line 12` for the innermost frame of `error` in a file in `directory`."""
    return describe_exception(error, Path(directory).resolve())["where"]
