"""The checker: runs a submission's checks in a trusted process that never imports student code.

Started by `grading.Checker`, never by hand, with the lessons' numbers (JSON) and its parent's
process id as its arguments; it grades each folder named on its stdin, one after the other, so a
class pays for starting Python, NumPy, pytest and the checks once per worker. It writes one JSON
line per event to its stdout, which only the grader reads:

    {"event": "isolation", "name": "bubblewrap", "summary": "..."}
    {"event": "import", "lesson": 3, "problem": null}
    {"event": "end", "lesson": 3, "function": "...", "outcome": "...", "message": "..."}
    {"event": "missing", "lesson": 3}                       (no file for the lesson)
    {"event": "stopped", "lesson": 3, "problem": "..."}   (its checks were cut short)
    {"event": "finished"}                                   (the folder is graded)

**One lesson of one submission, one forked process.** This process only loads what the checks
need and waits; it never runs a check. Each lesson of each folder is graded in a child forked
from it (`_grade_lesson_in_child`): the child starts the lesson's student process
(`proxy.open_lesson`: the sandbox imports the lesson while pytest collects), runs that lesson's
checks with pytest, and exits. Whatever it leaves behind (a student process that timed out or
died, a fixture half torn down, a check module's data changed through the proxy, pytest's own
state) dies with it, so no lesson and no student can touch another's verdicts: each starts from
the same untouched copy. The child's events reach the grader only through this process, a whole
line at a time, so a child killed mid-line leaves no trace but a "stopped" event.

The verdict of every check is decided in the child, from what the student's functions returned.

**Nothing outlives the grader.** This process is told the process id of the grader that started
it, and each lesson child that of this process; each asks Linux to kill it when its parent dies,
and exits at once if that parent is already gone (`die_with_parent`), so a `course grade` killed
mid-run leaves no checker behind (nor a student's process: bubblewrap's own `--die-with-parent`).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import select
import signal
import sys
import time
from pathlib import Path
from typing import TextIO

from fashion_course.grader import proxy, standins
from fashion_course.grader.grading import CHECKER_SECONDS
from fashion_course.grader.sandbox import SubmissionGroup, isolation, submission_limits
from fashion_course.lessons import IMPORT_SECONDS, Lesson, find_lesson
from fashion_course.student import is_untouched_stub
from fashion_course.tracebacks import Places
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
_folders_graded = itertools.count()  # names each submission's control group
MAX_EVENT_BYTES = 64 * 1024  # a verdict's message is cut to 2,000 characters long before this
PR_SET_PDEATHSIG = 1  # Linux's prctl option: the signal a process gets when its parent dies


def die_with_parent(parent: int) -> None:
    """Have Linux kill this process when its parent dies, and exit now if `parent` (the process
    that started it) is already gone; nothing elsewhere. Linux counts the thread that started a
    process as its parent: a checker dies with the thread that keeps it."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # it died before the signal was asked for
        os._exit(1)


def _untouched(path: Path, lesson: Lesson) -> bool:
    """Whether `path` is still the lesson's stub (read, never run)."""
    try:
        source = path.read_text(encoding="utf-8") if path.stat().st_size < 1024**2 else ""
    except (OSError, UnicodeDecodeError):
        return False
    defined = re.findall(r"^def (\w+)\(", source, flags=re.MULTILINE)
    return set(lesson.functions) <= set(defined) and is_untouched_stub(source)


def _write(events: TextIO, **event: object) -> None:
    events.write(json.dumps(event) + "\n")
    events.flush()


def _pytest_arguments(lesson: Lesson) -> list[str]:
    arguments = [str(CHECKS / lesson.check_file), "-q", "-s", "--assert=plain", "-o", "addopts="]
    arguments += ["--rootdir", str(CHECKS)]
    for plugin in UNUSED_PLUGINS:
        arguments += ["-p", f"no:{plugin}"]
    return arguments


class LessonChild:
    """A child forked to grade one lesson of one folder: it starts the student's process at once,
    then waits for `run` before it runs a check, so the lessons' sandboxes import side by side
    while their checks run one lesson at a time."""

    def __init__(self, lesson: Lesson, folder: Path, places: Places, group: SubmissionGroup | None) -> None:
        self.lesson = lesson
        events_reader, events_writer = os.pipe()
        go_reader, go_writer = os.pipe()
        checker = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # the child: grade, then leave without running the checker's exit handlers
            code = 1
            try:
                die_with_parent(checker)
                os.close(events_reader)
                os.close(go_writer)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                events = os.fdopen(events_writer, "w", encoding="utf-8")
                self._grade(folder, places, group, go_reader, events)
                code = 0
            finally:
                os._exit(code)
        os.close(events_writer)
        os.close(go_reader)
        self.events, self.go = events_reader, go_writer

    def _grade(
        self, folder: Path, places: Places, group: SubmissionGroup | None, go: int, events: TextIO
    ) -> None:
        import pytest

        from fashion_course.grader.recorder import Recorder

        os.environ["COURSE_IMPL"] = str(folder)
        # The student's process starts while the lessons before it are graded.
        student = proxy.open_lesson(self.lesson, folder, places, group)
        try:
            if not os.read(go, 1):  # the checker is gone: grade nothing
                return
            pytest.main(_pytest_arguments(self.lesson), plugins=[Recorder(events, self.lesson, student)])
        finally:
            proxy.close_all()

    def run(self, events: TextIO) -> None:
        """Let the child grade; relay its events, whole lines only, until it is done or too late."""
        os.write(self.go, b"g")
        os.close(self.go)
        deadline = time.monotonic() + IMPORT_SECONDS + CHECKER_SECONDS
        pending, problem = b"", ""
        with os.fdopen(self.events, "rb", buffering=0) as stream:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([stream], [], [], left)[0]:
                    problem = f"its checks ran past {CHECKER_SECONDS:g} s and were stopped"
                    os.kill(self.pid, signal.SIGKILL)
                    break
                chunk = stream.read(1 << 16)
                if not chunk:
                    break
                *lines, pending = (pending + chunk).split(b"\n")
                if len(pending) > MAX_EVENT_BYTES:
                    pending = b""
                for line in lines:
                    events.write(line.decode("utf-8", errors="replace") + "\n")
                events.flush()
        _, status = os.waitpid(self.pid, 0)
        if not problem and status != 0:
            problem = f"the process grading it ended with status {status}"
        if problem:
            _write(events, event="stopped", lesson=self.lesson.number, problem=problem)


def grade_folder(folder: Path, lessons: list[Lesson], events: TextIO, places: Places | None = None) -> None:
    """Run the checks of `lessons` on the files in `folder`, writing the events to `events`;
    `places` says which notebook cell each line of a file made from a notebook came from."""
    chosen = isolation()
    _write(events, event="isolation", name=chosen.name, summary=chosen.summary, limits=submission_limits())
    present = [lesson for lesson in lessons if (folder / lesson.file_name).is_file()]
    stubs = [lesson for lesson in present if _untouched(folder / lesson.file_name, lesson)]
    group = SubmissionGroup.make(f"fashion-course-{os.getpid()}-{next(_folders_graded)}")
    children = {
        lesson.number: LessonChild(lesson, folder, places or {}, group)
        for lesson in present
        if lesson not in stubs
    }
    try:
        _grade_lessons(lessons, present, children, events)
    finally:
        if group is not None:
            group.remove()
    _write(events, event="finished")


def _grade_lessons(
    lessons: list[Lesson], present: list[Lesson], children: dict[int, LessonChild], events: TextIO
) -> None:
    for lesson in lessons:
        if lesson.number in children:
            children[lesson.number].run(events)
        elif lesson not in present:
            _write(events, event="missing", lesson=lesson.number)
        else:  # a stub: nothing to run, every function raises NotImplementedError
            _write(events, event="import", lesson=lesson.number, problem=None)
            for function in lesson.functions:
                _write(
                    events,
                    event="end",
                    lesson=lesson.number,
                    function=function,
                    outcome="not started",
                    message="still raises NotImplementedError",
                )


def _load_checks(lessons: list[Lesson]) -> None:
    """Import pytest and the lessons' check modules once, as pytest would name them, and make the
    stand-ins' excerpts, so that each child starts with them (copy-on-write: what a child changes,
    no other child sees)."""
    import importlib

    import pytest  # noqa: F401

    import fashion_course.grader.recorder  # noqa: F401

    sys.path.insert(0, str(CHECKS))  # pytest's default import mode, for a folder without __init__.py
    for name in ["conftest", *(Path(lesson.check_file).stem for lesson in lessons)]:
        importlib.import_module(name)
    for lesson in lessons:
        for names in {lesson.standins(function) for function in lesson.functions} - {()}:
            standins.excerpt(lesson, names)


def main(lessons: list[Lesson]) -> None:
    """Grade each folder named on stdin until stdin closes: a line of JSON each,
    `{"folder": path, "places": {file name: places}}` (see `tracebacks.Places`)."""
    # Events go to the grader on our own copy of stdout; pytest's chatter goes nowhere.
    events = os.fdopen(os.dup(1), "w", encoding="utf-8")
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # the checks need no installed plugin
    _load_checks(lessons)
    isolation()  # the trial run, once, before any child is forked
    for line in sys.stdin:
        request = json.loads(line)
        grade_folder(Path(request["folder"]).resolve(), lessons, events, request["places"])


def _end(signum: int, frame: object) -> None:
    """SIGTERM (`Checker.abort`): unwind, so that the folder being graded has its processes
    killed and its control group removed (`grade_folder`), then exit."""
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _end)
    die_with_parent(int(sys.argv[2]))
    main([find_lesson(number) for number in json.loads(sys.argv[1])])
    os._exit(0)  # everything is written and every child has exited: skip the interpreter's teardown
