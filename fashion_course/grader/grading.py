"""Grading a folder of lesson files: verdicts, reports, and the checker process that decides them.

`grade(lessons, folder)` starts the checker (`fashion_course.grader.checker`), a trusted process
that runs the checks and never imports student code, and reads its verdicts; a `Checker` kept
open grades one folder after another (a class, a watch loop). A folder is read once
(`submission.Submission`) and graded from the bytes read: the checker and the sandbox are given
a private folder written from them, and each report notes what was skipped. Every message that
reaches a report passes through `clean_message`: at most `MESSAGE_CHARS` characters, with no
terminal control characters, whatever a student's code put in it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from fashion_course.lessons import IMPORT_SECONDS, Lesson, find_lesson
from fashion_course.submission import NOTEBOOK, Staged, Submission, staged
from fashion_course.tracebacks import Places
from fashion_course.workspace import STUBS

OUTCOMES = ("passed", "failed", "not started", "error", "timeout", "missing")
MARKS = {  # every surface's
    "passed": "✔",
    "failed": "✘",
    "not started": "·",
    "error": "!",
    "timeout": "⏱",
    "missing": "∅",
}
MESSAGE_CHARS = 2000
CHECKER_SECONDS = 900.0  # per lesson: a safety net; the checker enforces each check's own limit too
# C0 and C1 control characters, DEL, and the bidirectional overrides that reorder what a terminal shows
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_message(text: str) -> str:
    """`text` on one line without control characters, cut to `MESSAGE_CHARS`."""
    text = CONTROL.sub("", str(text).replace("\n", " ").replace("\t", " ").replace("\r", " "))
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 12] + " ... (cut)"


@dataclass(frozen=True)
class Verdict:
    function: str
    outcome: str  # one of OUTCOMES
    message: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", clean_message(self.message))


@dataclass
class LessonReport:
    lesson: Lesson
    file: Path
    verdicts: list[Verdict]
    import_error: str = ""
    isolation: str = ""
    limits: str = ""  # how the memory and processes of the submission were limited
    notes: list[str] = field(default_factory=list)  # about its files: "skipped _x.py: ...", "... exists too"

    def __post_init__(self) -> None:
        self.import_error = clean_message(self.import_error) if self.import_error else ""
        self.notes = [clean_message(note) for note in self.notes]

    @property
    def passed(self) -> int:
        return sum(v.outcome == "passed" for v in self.verdicts)

    @property
    def total(self) -> int:
        return len(self.verdicts)

    @property
    def first_to_fix(self) -> Verdict | None:
        return next((v for v in self.verdicts if v.outcome != "passed"), None)

    @property
    def missing(self) -> bool:
        """Whether the lesson's file was not there to grade."""
        return all(v.outcome == "missing" for v in self.verdicts)

    @property
    def state(self) -> str:
        """`done`, `missing`, `not started` or `in progress`, as `course list` shows it."""
        if self.passed == self.total:
            return "done"
        if self.missing:
            return "missing"
        if all(v.outcome == "not started" for v in self.verdicts):
            return "not started"
        return "in progress"

    @classmethod
    def from_json(cls, report: dict[str, Any]) -> LessonReport:
        """The report that `to_json` wrote (a gradebook's `reports/STUDENT.json` holds a list)."""
        return cls(
            find_lesson(report["lesson"]),
            Path(report["file"]),
            [Verdict(check["function"], check["outcome"], check.get("message", "")) for check in report["checks"]],
            report.get("import_error", ""),
            report.get("isolation", ""),
            report.get("limits", ""),
            list(report.get("notes", [])),
        )

    def to_json(self) -> dict[str, Any]:
        report = {
            "lesson": self.lesson.number,
            "slug": self.lesson.slug,
            "file": str(self.file),
            "checks": [vars(v) for v in self.verdicts],
            "passed": self.passed,
            "total": self.total,
            "isolation": self.isolation,
            "limits": self.limits,
        }
        if self.import_error:
            report["import_error"] = self.import_error
        if self.notes:
            report["notes"] = self.notes
        return report


@dataclass
class _Events:
    """What the checker has reported so far."""

    isolation: str = ""
    limits: str = ""
    imports: dict[int, str | None] = field(default_factory=dict)  # lesson -> why it did not import
    missing: set[int] = field(default_factory=set)  # lessons whose file is not there
    stopped: dict[int, str] = field(default_factory=dict)  # lesson -> why its checks were cut short
    ends: dict[tuple[int, str], list[tuple[str, str]]] = field(default_factory=dict)
    problem: str = ""  # why checks are missing, if the checker failed

    def record(self, event: dict[str, Any]) -> None:
        if event["event"] == "isolation":
            self.isolation, self.limits = event["name"], event["limits"]
        elif event["event"] == "import":
            self.imports[event["lesson"]] = event["problem"]
        elif event["event"] == "missing":
            self.missing.add(event["lesson"])
        elif event["event"] == "stopped":
            self.stopped[event["lesson"]] = event["problem"]
        elif event["event"] == "end":
            key = (event["lesson"], event["function"])
            self.ends.setdefault(key, []).append((event["outcome"], event["message"]))


def _checker_environment() -> dict[str, str]:
    """The checker's environment: the grader's, with one BLAS thread and Python's own random
    string hashing (a fixed PYTHONHASHSEED would let a reply's keys be chosen to collide)."""
    return {
        **{name: value for name, value in os.environ.items() if name != "PYTHONHASHSEED"},
        "OPENBLAS_NUM_THREADS": "1",  # the checks' own arithmetic: one thread, deterministic sums
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }


class CheckerAbortedError(RuntimeError):
    """Grading asked of a checker that was stopped."""


class Checker:
    """A checker process that grades one folder after another for `lessons`, one at a time
    whichever threads ask (`lock`). On Linux the process dies with the thread that started it
    (`checker.die_with_parent`): keep a checker in a thread that lives as long as its grading."""

    def __init__(self, lessons: list[Lesson]) -> None:
        self.lessons = list(lessons)
        self.process: subprocess.Popen | None = None
        self.errors = tempfile.TemporaryFile()  # the checker's stderr: its last line explains a crash
        self.lock = threading.Lock()  # held while the process grades a submission, or is stopped
        self.aborted = False

    def start(self) -> subprocess.Popen:
        if self.aborted:
            raise CheckerAbortedError("this checker was stopped (`abort`)")
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "fashion_course.grader.checker",
                    json.dumps([x.number for x in self.lessons]),
                    str(os.getpid()),  # its parent, which it checks is still there
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.errors,
                env=_checker_environment(),
                text=True,
                start_new_session=True,
            )
        return self.process

    def grade(self, folder: Path) -> list[LessonReport]:
        """Grade the files in `folder`, `.py` files or notebooks (`submission.choose_file`), as
        read once now (`Submission.read`); one report per lesson, in the order of `lessons`,
        naming the file it graded."""
        return self.grade_submission(Submission.read(Path(folder).resolve()))

    def grade_submission(self, submission: Submission) -> list[LessonReport]:
        """Grade the files of `submission`, from the bytes read: the checker and the sandbox are
        given a private folder written from them, never the student's own."""
        with tempfile.TemporaryDirectory(prefix="course-submission-") as scratch:
            return self.grade_staged(staged(submission, self.lessons, STUBS, Path(scratch)))

    def grade_staged(self, submission: Staged) -> list[LessonReport]:
        """Grade what `staged` made (or a kernel's cells, as `notebook.kernel` stages them): a
        notebook's verdicts name its cells, and a function that uses a name its lesson file cannot
        have is told so rather than NameError."""
        places = {
            find_lesson(number).file_name: source.places() for number, source in submission.sources.items()
        }
        with self.lock:
            events = self._events(submission.folder, places)
        events.imports.update(submission.problems)
        reports = []
        for lesson in self.lessons:
            file = submission.choices[lesson.number].file
            source = submission.sources.get(lesson.number)
            report = _report(lesson, file, events, source.unavailable if source else {})
            notes = submission.notes.get(lesson.number)
            reports.append(replace(report, notes=notes) if notes else report)
        return reports

    def _events(self, folder: Path, places: Places) -> _Events:
        """What the checker reports about the `.py` files in `folder` (with `lock` held)."""
        events, process = _Events(), self.start()
        # The checker stops a lesson past its limit itself; this is for a checker that hangs.
        watchdog = threading.Timer((IMPORT_SECONDS + CHECKER_SECONDS) * len(self.lessons) + 60, process.kill)
        watchdog.start()
        finished = False
        try:
            process.stdin.write(json.dumps({"folder": str(folder), "places": places}) + "\n")
            process.stdin.flush()
            while not finished:
                line = process.stdout.readline()
                if not line:
                    break
                event = json.loads(line)
                finished = event["event"] == "finished"
                events.record(event)
        except (OSError, ValueError):  # the checker died, or its last line was cut short
            pass
        finally:
            watchdog.cancel()
        if not finished:
            self._stop()
            self.errors.seek(0)
            last = (self.errors.read().decode(errors="replace").strip().splitlines() or ["no output"])[-1]
            events.problem = f"the grader's checker stopped early ({last})"
        return events

    def close(self) -> None:
        """Stop the checker process, once the submission it grades (if any) is graded."""
        with self.lock:
            self._stop()

    def abort(self) -> None:
        """Stop now, from any thread, whatever it grades (a Ctrl-C): the checker process is asked
        to end (it kills its submission's processes on the way out), the submission it grades gets
        no report, and it starts no more."""
        self.aborted = True
        process = self.process
        if process is not None and process.poll() is None:
            process.terminate()

    def _stop(self) -> None:
        if self.process is not None:
            try:
                self.process.stdin.close()
            except OSError:
                pass
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process.stdout.close()
            self.process = None

    def __enter__(self) -> Checker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
        self.errors.close()


def grade(lessons: list[Lesson], folder: Path) -> list[LessonReport]:
    """Grade the files in `folder` for `lessons`; one report per lesson, in the order given."""
    with Checker(lessons) as checker:
        return checker.grade(folder)


def missing_message(lesson: Lesson) -> str:
    """What a report says of a lesson whose file is not there: no path of any machine in it."""
    return f"{lesson.file_name} (or {NOTEBOOK}) was not handed in"


def _report(lesson: Lesson, file: Path, events: _Events, unavailable: dict[str, str]) -> LessonReport:
    """The report of `lesson`; `unavailable` says which functions use a name their file cannot have."""
    problem = events.imports.get(lesson.number)
    if problem:
        verdicts = [Verdict(f, "error", problem) for f in lesson.functions]
        return LessonReport(
            lesson, file, verdicts, import_error=problem, isolation=events.isolation, limits=events.limits
        )
    if lesson.number in events.missing:
        verdicts = [Verdict(f, "missing", missing_message(lesson)) for f in lesson.functions]
        return LessonReport(lesson, file, verdicts, isolation=events.isolation, limits=events.limits)
    verdicts = []
    for function in lesson.functions:
        ends = events.ends.get((lesson.number, function))
        if not ends:
            why = events.stopped.get(lesson.number) or events.problem or "none found"
            verdicts.append(
                Verdict(function, "error", unavailable.get(function, f"its checks did not run: {why}"))
            )
            continue
        outcome, message = next((end for end in ends if end[0] != "passed"), ("passed", ""))
        if outcome != "passed" and function in unavailable:  # why it fails, where the student can act
            outcome, message = "error", unavailable[function]
        verdicts.append(Verdict(function, outcome, message))
    return LessonReport(
        lesson, file, _blame_what_it_calls(lesson, verdicts), isolation=events.isolation, limits=events.limits
    )


def _blame_what_it_calls(lesson: Lesson, verdicts: list[Verdict]) -> list[Verdict]:
    """Point a failing function at the student's own functions its checks use (backward's at
    forward, whose cache it is given) when those fail too. (What a function calls is the
    reference's while it is checked, so it needs no such note.)"""
    outcome = {v.function: v.outcome for v in verdicts}
    blamed = []
    for verdict in verdicts:
        failing = [f for f in lesson.checked_with(verdict.function) if outcome.get(f) not in (None, "passed")]
        if verdict.outcome in ("failed", "error") and failing:
            names = " and ".join(failing)
            first = (
                f"first fix {names}: {verdict.function}'s checks use your {names}, "
                f"which {'do' if len(failing) > 1 else 'does'} not pass {'their' if len(failing) > 1 else 'its'} own checks yet. "
            )
            verdict = Verdict(verdict.function, verdict.outcome, first + verdict.message)
        blamed.append(verdict)
    return blamed
