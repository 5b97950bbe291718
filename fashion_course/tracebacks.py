"""Where in a student's file an exception came from, in one line: for reports and the sandbox alike.

Standard library only: the grader's student-side server (`grader/wire.py`) runs inside the
sandbox with a copy of this file beside it, and the course's own loaders (`workspace`) use it
in the trusted process.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any


def describe_exception(error: BaseException, folder: Path) -> dict[str, Any]:
    """What the checks need to know about an exception raised by the student's code in `folder`."""
    frames = traceback.extract_tb(error.__traceback__)
    mine = [f for f in frames if Path(f.filename).parent == folder]
    return {
        "type": type(error).__name__,
        "message": repr(error.code) if isinstance(error, SystemExit) else str(error)[:4000],
        "where": f"{Path(mine[-1].filename).name} line {mine[-1].lineno}" if mine else "",
        "raised_here": bool(frames) and Path(frames[-1].filename).parent == folder,
    }


def import_problem(error: BaseException, path: Path) -> str:
    """One line saying why `path` did not import: file, line and the error."""
    if isinstance(error, SyntaxError) and error.filename == str(path):
        return f"{path.name} line {error.lineno}: {type(error).__name__}: {error.msg}"
    where = describe_exception(error, path.parent)["where"] or path.name
    if isinstance(error, SystemExit):
        return f"{where}: the file exits while it is imported (sys.exit({error.code!r}))"
    return f"{where}: {type(error).__name__}: {error}".strip()
