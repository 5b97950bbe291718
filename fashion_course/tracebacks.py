"""Where in a student's file an exception came from, in one line: for reports and the sandbox alike.

Standard library only: the grader's student-side server (`grader/wire.py`) runs inside the
sandbox with a copy of this file beside it, and the course's own loaders (`workspace`) use it
in the trusted process.

A lesson that came from a notebook is graded as a `.py` file made from its cells; `Places` says
which lines of that file came from which cell, so a message names the cell and its line
("lesson4_softmax.ipynb code cell 12 [7], line 3"), never a line of a file the student does not
have. Each place is `[first, last, label, first_in_cell]`: lines `first..last` of the file are
lines `first_in_cell..` of the cell called `label`.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

Places = dict[str, list[list[Any]]]  # a file's name -> its places (none for a file the student wrote)


def locate(file_name: str, line: int, places: Places | None = None) -> str:
    """`lesson1_data.py line 12`, or for a file made from a notebook the cell and its line."""
    for first, last, label, first_in_cell in (places or {}).get(file_name, ()):
        if first <= line <= last:
            return f"{label}, line {line - first + first_in_cell}"
    return f"{file_name} line {line}"


def describe_exception(error: BaseException, folder: Path, places: Places | None = None) -> dict[str, Any]:
    """What the checks need to know about an exception raised by the student's code in `folder`."""
    frames = traceback.extract_tb(error.__traceback__)
    mine = [f for f in frames if Path(f.filename).parent == folder]
    return {
        "type": type(error).__name__,
        "message": repr(error.code) if isinstance(error, SystemExit) else str(error)[:4000],
        "where": locate(Path(mine[-1].filename).name, mine[-1].lineno, places) if mine else "",
        "raised_here": bool(frames) and Path(frames[-1].filename).parent == folder,
    }


def import_problem(error: BaseException, path: Path, places: Places | None = None) -> str:
    """One line saying why `path` did not import: file, line and the error."""
    if isinstance(error, SyntaxError) and error.filename == str(path):
        return f"{locate(path.name, error.lineno or 0, places)}: {type(error).__name__}: {error.msg}"
    where = describe_exception(error, path.parent, places)["where"] or path.name
    if isinstance(error, SystemExit):
        return f"{where}: the file exits while it is imported (sys.exit({error.code!r}))"
    return f"{where}: {type(error).__name__}: {error}".strip()
