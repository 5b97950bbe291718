"""The checker's pytest plugin: each check's verdict, decided from what the student's code did.

`classify` turns what a check raised into an outcome and a message for the student; `Recorder`
writes one event per check to the grader and skips the remaining checks of a function that timed
out or killed its process.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

import pytest

from fashion_course.grader import proxy
from fashion_course.lessons import LESSONS, Lesson


def classify(error: BaseException, function: str) -> tuple[str, str]:
    """The outcome and message of a check of `function` that raised `error`."""
    if isinstance(error, proxy.StudentCodeTimeout):
        return "timeout", f"{error} and was stopped (an endless loop, or far too much work?)"
    if isinstance(error, proxy.StudentCodeError):
        where = f" ({error.where})" if error.where else ""
        if error.type == "NotImplementedError" and error.raised_here:
            return "not started", "still raises NotImplementedError"
        if error.type == "SystemExit":
            return "error", f"{error.function} calls sys.exit({error.message}){where}; return a value instead"
        if error.type == "MemoryError":
            return (
                "error",
                f"{error.function} asked for more memory than the grader allows: MemoryError{where}",
            )
        return "error", f"{error.function} raised {error.type}: {error.message}{where}"
    if isinstance(error, proxy.MissingFunctionError):
        return "error", str(error)
    if isinstance(error, proxy.StudentProcessError):
        return "error", (
            f"the process running your code {error} while running {function}: "
            "does the code call os._exit, or crash the interpreter?"
        )
    if isinstance(error, proxy.StudentAnswerError):
        return "error", f"{function} {error}"
    if isinstance(error, AssertionError):
        return "failed", str(error)
    # The check itself tripped over what the function returned (a None, a list, a wrong shape).
    return "failed", f"the check could not use what {function} returned: {type(error).__name__}: {error}"


def graded_function(item: pytest.Item) -> str:
    marker = item.get_closest_marker("grades")
    return marker.args[0] if marker else item.name


def lesson_of(item: pytest.Item) -> Lesson:
    return next(lesson for lesson in LESSONS if lesson.check_file == Path(item.path).name)


class Recorder:
    """A pytest plugin for one lesson's checks: once pytest has collected them, waits for the
    student's lesson to import (its sandbox starts while pytest does) and runs no check when it
    does not; records each check's verdict; skips the other checks of a function that timed out
    or killed its process."""

    def __init__(self, events: TextIO, lesson: Lesson, student: proxy.StudentModule) -> None:
        self.events, self.lesson, self.student = events, lesson, student
        self.stopped: set[tuple[int, str]] = set()  # (lesson, function) not to check again

    def write(self, **event: Any) -> None:
        self.events.write(json.dumps(event) + "\n")
        self.events.flush()

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool | None:
        problem = self.student.wait_until_imported()
        self.write(event="import", lesson=self.lesson.number, problem=problem)
        return True if problem else None  # True: the checks are not run

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> bool | None:
        return True if (lesson_of(item).number, graded_function(item)) in self.stopped else None

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport:
        """Record the verdict, and make pytest's report without its traceback formatting (the
        student never sees it, and it would cost more than the checks)."""
        error = call.excinfo.value if call.excinfo is not None else None
        function, lesson = graded_function(item), lesson_of(item).number
        message = ""
        if call.when == "call" or (call.when == "setup" and error is not None):
            outcome, message = classify(error, function) if error is not None else ("passed", "")
            self.write(event="end", lesson=lesson, function=function, outcome=outcome, message=message)
        if isinstance(error, (proxy.StudentCodeTimeout, proxy.StudentProcessError)):  # no use trying again
            self.stopped.add((lesson, function))
        return pytest.TestReport(
            item.nodeid,
            item.location,
            {},
            "passed" if error is None else "failed",
            None if error is None else message,
            call.when,
            duration=call.duration,
            start=call.start,
            stop=call.stop,
        )
