"""The checker: runs a submission's checks in a trusted process that never imports student code.

Started by `grading.grade`, never by hand, with a JSON job as its argument. It starts one
student process per lesson (`proxy.open_lesson`: the sandbox imports the lesson while pytest
starts up here), then runs the lessons' checks with pytest; each check's `student` is the
proxy. It writes one JSON line per event to its stdout, which only the grader reads:

    {"event": "isolation", "name": "bubblewrap", "summary": "..."}
    {"event": "import", "lesson": 3, "problem": null}
    {"event": "end", "lesson": 3, "function": "...", "outcome": "...", "message": "..."}
    {"event": "finished"}

The verdict of every check is decided here, from what the student's functions returned.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from fashion_course.grader import proxy
from fashion_course.grader.sandbox import isolation
from fashion_course.lessons import find_lesson
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


def main(job: dict[str, Any]) -> None:
    # Events go to the grader on our own copy of stdout; pytest's chatter goes nowhere.
    events = os.fdopen(os.dup(1), "w", encoding="utf-8")
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    folder = Path(job["folder"]).resolve()
    os.environ["COURSE_IMPL"] = str(folder)
    lessons = [find_lesson(number) for number in job["lessons"]]
    students = {lesson.number: proxy.open_lesson(lesson, folder) for lesson in lessons}
    # The student processes import their lessons while pytest loads here.
    import pytest

    from fashion_course.grader.recorder import Recorder

    recorder = Recorder(events)
    chosen = isolation()
    recorder.write(event="isolation", name=chosen.name, summary=chosen.summary)
    files = []
    try:
        for lesson in lessons:
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
                str(CHECKS.parent.parent),
            ]
            for plugin in UNUSED_PLUGINS:
                arguments += ["-p", f"no:{plugin}"]
            pytest.main([*files, *arguments], plugins=[recorder])
    finally:
        proxy.close_all()
    recorder.write(event="finished")


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
    os._exit(0)  # everything is written and every student process stopped: skip the interpreter's teardown
