"""A student's tools: hints one at a time, resetting a lesson, and telling a stub from work.

Hints live in the lesson registry; the only state kept is how many of each function's hints
were shown, in `.hints.json` in the student's folder. Progress is never stored: it is always
read from the checks.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import time
from pathlib import Path

from fashion_course.lessons import Lesson
from fashion_course.workspace import EXERCISES, ROOT

HINTS_SEEN = ".hints.json"  # in the student's folder


def next_hint(lesson: Lesson, function: str, folder: Path = EXERCISES) -> tuple[int, int, str]:
    """The next unseen hint for `function` (its number from 1, how many there are, the text).

    After the last hint, the last one is shown again.
    """
    hints = lesson.hints[function]
    state = folder / HINTS_SEEN
    seen = json.loads(state.read_text()) if state.exists() else {}
    key = f"{lesson.number}:{function}"
    number = min(seen.get(key, 0) + 1, len(hints))
    seen[key] = number
    state.write_text(json.dumps(seen, indent=1, sort_keys=True) + "\n")
    return number, len(hints), hints[number - 1]


def is_untouched_stub(source: str) -> bool:
    """Whether `source` is a pure stub: a docstring and imports, then functions that are each only
    a docstring and `raise NotImplementedError`. Such a file cannot pass any check (whatever its
    imports do, each function ends in that raise), so the grader calls it not started unrun."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    preamble = tree.body[: len(tree.body) - len(functions)]
    return (
        bool(functions)
        and tree.body[len(preamble) :] == functions  # nothing after the first function but functions
        and all(isinstance(node, (ast.Import, ast.ImportFrom)) for node in preamble[1:])
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


class ResetError(RuntimeError):
    """The original stub of a lesson could not be found."""


def original_stub(lesson: Lesson, folder: Path = EXERCISES) -> str:
    """The lesson's stub as the course shipped it: the newest version in git that is a pure stub."""
    relative = (folder / lesson.file_name).resolve().relative_to(ROOT)

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout

    try:
        commits = git("log", "--format=%H", "--", str(relative)).split()
        for commit in commits:
            source = git("show", f"{commit}:{relative}")
            if is_untouched_stub(source):
                return source
    except (OSError, subprocess.CalledProcessError):
        pass
    raise ResetError(
        f"cannot find the original {lesson.file_name} in this folder's git history; "
        "copy it from a fresh clone of the course"
    )


def reset(lesson: Lesson, folder: Path = EXERCISES) -> Path:
    """Put the original stub back, keeping the current file as `<file>.<timestamp>.bak`; returns the backup."""
    stub = original_stub(lesson, folder)
    path = folder / lesson.file_name
    backup = path.with_name(f"{path.name}.{time.strftime('%Y%m%d-%H%M%S')}.bak")
    if path.exists():
        shutil.copy2(path, backup)
    path.write_text(stub)
    return backup
