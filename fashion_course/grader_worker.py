"""The grader's worker: imports a student's lesson files and runs their checks, in its own process.

Started by `fashion_course.grader`, never by hand. It reads a JSON job from its argument
and appends one JSON line per event to the job's progress file, flushing each, so the grader
knows which check was running if this process hangs, crashes or exits:

    {"event": "start", "id": "...", "function": "...", "timeout": 10.0}
    {"event": "end", "id": "...", "function": "...", "outcome": "...", "message": "..."}

Ids are `import:N` for importing lesson N's file, else pytest node ids. Checks listed in the
job's `done` are skipped: the grader restarts a worker that died, without the check that killed
it (and without any lesson whose import killed it).
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any

import pytest

from fashion_course.lessons import LESSONS, Lesson
from fashion_course.sandbox import StudentCodeTimeout, check_time_limit, limit_memory, time_limit
from fashion_course.workspace import CHECKS, SOLUTIONS, LessonImportError, load_lesson, student_line

IMPORT_TIMEOUT = 10.0


class Progress:
    def __init__(self, path: Path) -> None:
        self.stream = open(path, "a", encoding="utf-8")  # noqa: SIM115 (open for the process's life)

    def write(self, **event: Any) -> None:
        self.stream.write(json.dumps(event) + "\n")
        self.stream.flush()


def classify(error: BaseException, function: str, impl: Path) -> tuple[str, str]:
    """The outcome and message of a check that raised `error` while grading `function`."""
    where = student_line(error, impl)
    frames = traceback.extract_tb(error.__traceback__)
    raised_by_student = bool(frames) and Path(frames[-1].filename).resolve().is_relative_to(impl)
    if isinstance(error, StudentCodeTimeout):
        return "timeout", f"{function} {error} (an endless loop, or far too much work?)"
    if isinstance(error, NotImplementedError) and raised_by_student:
        return "not started", "still raises NotImplementedError"
    if isinstance(error, AssertionError) and not raised_by_student:
        return "failed", str(error)
    if isinstance(error, SystemExit):
        return "error", f"{function} calls sys.exit({error.code!r}) ({where}); return a value instead"
    if isinstance(error, MemoryError):
        return "error", f"{function} asked for more memory than the grader allows: MemoryError ({where})"
    if where:
        return "error", f"{function} raised {type(error).__name__}: {error} ({where})"
    # The check itself tripped over what the function returned (a None, a list, a wrong shape).
    return "failed", f"the check could not use what {function} returned: {type(error).__name__}: {error}"


def graded_function(item: pytest.Item) -> str:
    marker = item.get_closest_marker("grades")
    return marker.args[0] if marker else item.name


def function_key(item: pytest.Item) -> str:
    return f"{Path(item.path).name}::{graded_function(item)}"


class Recorder:
    """A pytest plugin: skips finished checks, records each check's start and verdict."""

    def __init__(self, progress: Progress, done: set[str], stopped: set[str], impl: Path) -> None:
        self.progress, self.done, self.impl = progress, done, impl
        self.stopped = stopped  # "<check file>::<function>" that timed out or crashed: not run again

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        items[:] = [item for item in items if item.nodeid not in self.done]

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> bool | None:
        return True if function_key(item) in self.stopped else None  # True: handled, do not run

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self.progress.write(
            event="start", id=item.nodeid, function=graded_function(item), timeout=check_time_limit(item)
        )

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        report = yield
        function = graded_function(item)
        if call.excinfo is not None and call.when in ("setup", "call"):
            outcome, message = classify(call.excinfo.value, function, self.impl)
        elif call.when == "call":
            outcome, message = "passed", ""
        else:
            return report
        self.progress.write(event="end", id=item.nodeid, function=function, outcome=outcome, message=message)
        if outcome == "timeout":
            self.stopped.add(function_key(item))
        return report


def import_lesson(lesson: Lesson, impl: Path, progress: Progress) -> bool:
    """Import the student's file of `lesson` under a time limit; record and return whether it did."""
    event_id = f"import:{lesson.number}"
    progress.write(event="start", id=event_id, function="", timeout=IMPORT_TIMEOUT)
    try:
        with time_limit(IMPORT_TIMEOUT):
            load_lesson(lesson, impl, SOLUTIONS)
        outcome, message = "passed", ""
    except LessonImportError as error:
        outcome, message = "error", str(error)
    except StudentCodeTimeout:
        outcome = "timeout"
        message = f"{lesson.file_name} did not finish importing within {IMPORT_TIMEOUT:g} s (a loop at the top level?)"
    progress.write(event="end", id=event_id, function="", outcome=outcome, message=message)
    return outcome == "passed"


def main(job: dict[str, Any]) -> None:
    impl = Path(job["impl"]).resolve()
    limit_memory(job["memory_bytes"])
    progress = Progress(Path(job["progress"]))
    os.environ["COURSE_IMPL"] = str(impl)
    files = []
    for lesson in LESSONS:
        if lesson.number not in job["lessons"]:
            continue
        if import_lesson(lesson, impl, progress):
            files.append(str(CHECKS / lesson.check_file))
    if files:
        args = [
            *files,
            "-q",
            "-s",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            "--rootdir",
            str(CHECKS.parent.parent),
        ]
        pytest.main(args, plugins=[Recorder(progress, set(job["done"]), set(job["stopped"]), impl)])
    progress.write(event="finished")


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
