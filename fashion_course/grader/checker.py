"""The checker: runs a submission's checks in a trusted process that never imports student code.

Started by `grading.Checker`, never by hand, with the lessons' numbers (JSON) as its argument;
it grades each folder named on its stdin, one after the other, so a class pays for starting
Python, NumPy and pytest once per worker. For each folder it starts one student process per
lesson (`proxy.open_lesson`: the sandbox imports the lesson while pytest starts up here), then
runs the lessons' checks with pytest; each check's `student` is the proxy. It writes one JSON
line per event to its stdout, which only the grader reads:

    {"event": "isolation", "name": "bubblewrap", "summary": "..."}
    {"event": "import", "lesson": 3, "problem": null}
    {"event": "end", "lesson": 3, "function": "...", "outcome": "...", "message": "..."}
    {"event": "finished"}                         (the folder is graded)

The verdict of every check is decided here, from what the student's functions returned.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import TextIO

from fashion_course.grader import proxy
from fashion_course.grader.sandbox import isolation
from fashion_course.lessons import Lesson, find_lesson
from fashion_course.student import is_untouched_stub
from fashion_course.workspace import CHECKS

UNUSED_PLUGINS = (
    "cacheprovider",
    "doctest",
    "junitxml",
    "pastebin",
    "legacypath",
    "unraisableexception",
    "threadexception",
)


def _untouched(path: Path, lesson: Lesson) -> bool:
    """Whether `path` is still the lesson's stub (read, never run)."""
    try:
        source = path.read_text(encoding="utf-8") if path.stat().st_size < 1024**2 else ""
    except (OSError, UnicodeDecodeError):
        return False
    defined = re.findall(r"^def (\w+)\(", source, flags=re.MULTILINE)
    return set(lesson.functions) <= set(defined) and is_untouched_stub(source)


def grade_folder(folder: Path, lessons: list[Lesson], events: TextIO) -> None:
    """Run the checks of `lessons` on the files in `folder`, writing the events to `events`."""
    os.environ["COURSE_IMPL"] = str(folder)
    stubs = [lesson for lesson in lessons if _untouched(folder / lesson.file_name, lesson)]
    students = {lesson.number: proxy.open_lesson(lesson, folder) for lesson in lessons if lesson not in stubs}
    # The student processes import their lessons while pytest loads here (the first time).
    import pytest

    from fashion_course.grader.recorder import Recorder

    recorder = Recorder(events)
    chosen = isolation()
    recorder.write(event="isolation", name=chosen.name, summary=chosen.summary)
    for lesson in stubs:  # nothing to run: every function raises NotImplementedError
        recorder.write(event="import", lesson=lesson.number, problem=None)
        for function in lesson.functions:
            recorder.write(
                event="end",
                lesson=lesson.number,
                function=function,
                outcome="not started",
                message="still raises NotImplementedError",
            )
    files = []
    try:
        for lesson in lessons:
            if lesson in stubs:
                continue
            problem = students[lesson.number].wait_until_imported()
            recorder.write(event="import", lesson=lesson.number, problem=problem)
            if problem is None:
                files.append(str(CHECKS / lesson.check_file))
        if files:
            arguments = [
                "-q",
                "-s",
                "--assert=plain",
                "-o",
                "addopts=",
                "--rootdir",
                str(CHECKS),
            ]
            for plugin in UNUSED_PLUGINS:
                arguments += ["-p", f"no:{plugin}"]
            pytest.main([*files, *arguments], plugins=[recorder])
    finally:
        proxy.close_all()
    recorder.write(event="finished")


def main(lessons: list[Lesson]) -> None:
    """Grade each folder named on stdin (a JSON string a line) until stdin closes."""
    # Events go to the grader on our own copy of stdout; pytest's chatter goes nowhere.
    events = os.fdopen(os.dup(1), "w", encoding="utf-8")
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    for line in sys.stdin:
        grade_folder(Path(json.loads(line)).resolve(), lessons, events)


if __name__ == "__main__":
    main([find_lesson(number) for number in json.loads(sys.argv[1])])
    os._exit(0)  # everything is written and every student process stopped: skip the interpreter's teardown
