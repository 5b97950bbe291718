"""The autograder: grades a folder of lesson files, function by function, and outlives them.

`grade(lessons, folder)` runs the lessons' checks on the files in `folder` in a worker process
(`fashion_course.grader_worker`) with a memory cap, one BLAS thread and no output. It watches
the worker's progress file: a check that runs past its time limit gets the worker killed and a
`timeout` verdict, a check during which the worker dies gets an `error` verdict, and a new
worker carries on with the checks that are left. The result is one `LessonReport` per lesson.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fashion_course.lessons import Lesson

OUTCOMES = ("passed", "failed", "not started", "error", "timeout")
MEMORY_LIMIT = 2 * 1024**3  # bytes of address space for a worker
GRACE = 5.0  # seconds the watchdog allows past a check's own time limit
STARTUP = 60.0  # seconds a worker may take to start its first check


@dataclass(frozen=True)
class Verdict:
    function: str
    outcome: str  # one of OUTCOMES
    message: str = ""


@dataclass
class LessonReport:
    lesson: Lesson
    file: Path
    verdicts: list[Verdict]
    import_error: str = ""

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
    def state(self) -> str:
        """`done`, `not started` or `in progress`, as `course list` shows it."""
        if self.passed == self.total:
            return "done"
        if all(v.outcome == "not started" for v in self.verdicts):
            return "not started"
        return "in progress"

    def to_json(self) -> dict[str, Any]:
        report = {
            "lesson": self.lesson.number,
            "slug": self.lesson.slug,
            "file": str(self.file),
            "checks": [vars(v) for v in self.verdicts],
            "passed": self.passed,
            "total": self.total,
        }
        if self.import_error:
            report["import_error"] = self.import_error
        return report


@dataclass
class _Run:
    """What the workers have reported so far."""

    lessons: list[Lesson]
    ends: dict[str, dict] = field(default_factory=dict)  # id -> its "end" event
    failed_imports: set[int] = field(default_factory=set)
    stopped: set[str] = field(default_factory=set)  # "<check file>::<function>" not to run again
    problem: str = ""  # why checks are missing, if a worker failed outside any check

    def record(self, event: dict) -> None:
        self.ends[event["id"]] = event
        if event["outcome"] == "timeout" or event.get("fatal"):  # do not run its other checks
            self.stopped.add(f"{event['id'].split('::')[0].split('/')[-1]}::{event['function']}")
        if event["id"].startswith("import:") and event["outcome"] != "passed":
            self.failed_imports.add(int(event["id"].split(":")[1]))

    @property
    def lessons_left(self) -> list[int]:
        return [lesson.number for lesson in self.lessons if lesson.number not in self.failed_imports]


def _worker_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        OPENBLAS_NUM_THREADS="1",  # one BLAS thread: deterministic sums, and room for parallel graders
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PYTHONDONTWRITEBYTECODE="1",  # leave no __pycache__ in the student's folder
        PYTHONHASHSEED="0",
    )
    return env


def _describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with code {code}"


def _run_worker(run: _Run, impl: Path, workdir: Path, attempt: int) -> str:
    """Run one worker until it finishes, dies or overruns.

    Returns "finished"; "restart" when the check it was running has been given a verdict and
    another worker should carry on; or "stuck" when it failed outside any check.
    """
    progress = workdir / f"progress-{attempt}.jsonl"
    progress.touch()
    job = {
        "impl": str(impl),
        "lessons": run.lessons_left,
        "done": sorted(run.ends),
        "stopped": sorted(run.stopped),
        "progress": str(progress),
        "memory_bytes": MEMORY_LIMIT,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "fashion_course.grader_worker", json.dumps(job)],
        cwd=workdir,
        env=_worker_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so a kill reaches anything the student's code started
    )
    current: dict | None = None  # the "start" event of the check under way
    deadline = time.monotonic() + STARTUP
    with open(progress, encoding="utf-8") as stream:
        pending = ""
        while True:
            exited = process.poll() is not None
            pending += stream.read()
            *lines, pending = pending.split("\n")
            for event in map(json.loads, lines):
                if event["event"] == "finished":
                    process.wait()
                    return "finished"
                if event["event"] == "start":
                    current, deadline = event, time.monotonic() + event["timeout"] + GRACE
                else:
                    run.record(event)
                    current = None
            if exited or time.monotonic() > deadline:
                break
            time.sleep(0.02)
    if not exited:
        _kill(process)
    if current is None:
        run.problem = f"the grader's worker {_describe_exit(process.returncode)} outside any check"
        return "stuck"
    what = current["function"] or "importing the file"
    if exited:
        outcome = "error"
        message = (
            f"the grader's process {_describe_exit(process.returncode)} while running {what}: "
            "does the code call os._exit, or crash the interpreter?"
        )
    else:
        outcome = "timeout"
        message = f"{what} did not finish within {current['timeout']:g} s and was stopped (an endless loop?)"
    run.record({**current, "outcome": outcome, "message": message, "fatal": True})
    return "restart"


def _kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.wait()


def grade(lessons: list[Lesson], impl: Path) -> list[LessonReport]:
    """Grade the files in `impl` for `lessons`; one report per lesson, in the order given."""
    impl = Path(impl).resolve()
    run = _Run(list(lessons))
    with tempfile.TemporaryDirectory(prefix="course-grade-") as workdir:
        attempt = 0
        while run.lessons_left and _run_worker(run, impl, Path(workdir), attempt) == "restart":
            attempt += 1
    return [_report(lesson, impl, run) for lesson in lessons]


def _report(lesson: Lesson, impl: Path, run: _Run) -> LessonReport:
    file = impl / lesson.file_name
    imported = run.ends.get(f"import:{lesson.number}")
    if imported and imported["outcome"] != "passed":
        verdicts = [Verdict(f, "error", imported["message"]) for f in lesson.functions]
        return LessonReport(lesson, file, verdicts, import_error=imported["message"])
    prefix = f"{lesson.check_file}::"
    results: dict[str, list[dict]] = {}
    for event_id, event in run.ends.items():
        if event_id.split("/")[-1].startswith(prefix):
            results.setdefault(event["function"], []).append(event)
    verdicts = []
    for function in lesson.functions:
        events = results.get(function)
        if not events:
            verdicts.append(
                Verdict(function, "error", f"its checks did not run: {run.problem or 'none found'}")
            )
            continue
        failing = next((e for e in events if e["outcome"] != "passed"), None)
        verdicts.append(
            Verdict(function, failing["outcome"], failing["message"])
            if failing
            else Verdict(function, "passed")
        )
    return LessonReport(lesson, file, verdicts)
