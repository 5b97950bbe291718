"""A student's tools: a workspace, hints one at a time, resetting a lesson.

Hints live in the lesson registry; the only state kept is how many of each function's hints
were shown, in `.hints.json` in the student's folder. Progress is never stored: it is always
read from the checks.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

from fashion_course.lessons import LESSONS, Lesson
from fashion_course.submission import NOTEBOOK, is_untouched_stub, lesson_file, notebook_path
from fashion_course.workspace import INSTALLED, MARKER, ROOT, STUBS, mark_workspace

BACKUPS = "backups"  # in a workspace: what `course reset` replaced
GITIGNORE = """# fashion-course: what is yours to keep out of git
backups/
results/
.hints.json
.ipynb_checkpoints/
__pycache__/
*.swp
*~
.DS_Store
"""
README = """# My fashion-course workspace

These are my lesson files: each function raises `NotImplementedError` until I write it.

    course check 1      grade lesson 1, function by function
    course hint 1       the next hint for the first function that does not pass
    course list         every lesson and its state
    course run binary --data sample --impl exercises    train with my code

A lesson can be a notebook instead: `course init --notebooks` writes `lesson1_data.ipynb` and the
others, each the lesson's chapter with an exercise cell and a check cell for every function.
Open them with `jupyter lab`; `course check 1` grades whichever of lesson1_data.py and
lesson1_data.ipynb has my work (the one I saved last, when both have).

The lessons are on the course's website; `course --help` lists every command. `course reset N`
puts a lesson's stub back (my version is kept in `backups/`).
"""

HINTS_SEEN = ".hints.json"  # in the student's folder


def next_hint(lesson: Lesson, function: str, folder: Path) -> tuple[int, int, str]:
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


class ResetError(RuntimeError):
    """The original stub of a lesson could not be found."""


def original_stub(lesson: Lesson) -> str:
    """The lesson's stub as the course shipped it: from the installed package, or in a checkout
    the working copy if it is still a pure stub, else the newest pure stub in git."""
    shipped = STUBS / lesson.file_name
    if INSTALLED.is_dir() or is_untouched_stub(shipped.read_text()):
        return shipped.read_text()
    relative = shipped.relative_to(ROOT)

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout

    try:
        for commit in git("log", "--format=%H", "--", str(relative)).split():
            source = git("show", f"{commit}:{relative}")
            if is_untouched_stub(source):
                return source
    except (OSError, subprocess.CalledProcessError):
        pass
    raise ResetError(
        f"cannot find the original {lesson.file_name} in the course's git history; "
        "copy it from a fresh clone of the course"
    )


def reset(lesson: Lesson, folder: Path) -> tuple[Path, Path | None]:
    """Put the original stub back in the lesson's file (a notebook gets a fresh exercise notebook,
    its stub cells back), keeping the current file as `backups/<file>.<time>`; returns the file
    and the backup (None when there was no file)."""
    path = lesson_file(folder, lesson)
    fresh = _exercise_notebook_text(lesson) if path.suffix == NOTEBOOK else original_stub(lesson)
    backup = None
    if path.exists():
        (folder / BACKUPS).mkdir(exist_ok=True)
        backup = folder / BACKUPS / f"{path.name}.{time.strftime('%Y%m%d-%H%M%S')}"
        shutil.copy2(path, backup)
    path.write_text(fresh, encoding="utf-8")
    return path, backup


def _exercise_notebook_text(lesson: Lesson) -> str:
    import nbformat

    from fashion_course.notebook.build import exercise_notebook

    return nbformat.writes(exercise_notebook(lesson)) + "\n"


def holds_notebooks(folder: Path) -> bool:
    """Whether `folder` holds a lesson as an exercise notebook (it was made with `--notebooks`)."""
    return any(notebook_path(folder, lesson).exists() for lesson in LESSONS)


def init_workspace(folder: Path, notebooks: bool = False) -> list[str]:
    """Make `folder` a workspace: the lessons' stubs, a README, a .gitignore, the marker. Adds only
    what is missing and never touches a student's file; returns the names it wrote.

    With `notebooks`, each lesson that has no notebook gets its exercise notebook. Without, a
    lesson that has neither file gets its stub: a notebook when `folder` already holds exercise
    notebooks (a `course init` run again there must not add `.py` stubs), else the `.py`.
    """
    folder.mkdir(parents=True, exist_ok=True)
    as_notebooks = notebooks or holds_notebooks(folder)
    files = {}
    for lesson in LESSONS:
        script, notebook = folder / lesson.file_name, notebook_path(folder, lesson)
        if notebooks or (as_notebooks and not script.exists()):
            files[notebook.name] = lambda lesson=lesson: _exercise_notebook_text(lesson)
        elif not as_notebooks:
            files[script.name] = lambda lesson=lesson: original_stub(lesson)
    files.update({"README.md": lambda: README, ".gitignore": lambda: GITIGNORE})
    written = []
    for name, text in files.items():
        if not (folder / name).exists():
            (folder / name).write_text(text(), encoding="utf-8")
            written.append(name)
    if not (folder / MARKER).exists():
        mark_workspace(folder)
        written.append(MARKER)
    return written
