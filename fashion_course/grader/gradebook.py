"""Grading a class: every student's folder, in parallel, into a gradebook that survives anything.

Each submission is graded by a `grading.Checker` (trusted checks, the student's code sandboxed),
`workers` at a time (one per core by default): each thread here keeps one checker process and
only waits on it.
Only this process writes the gradebook, a row as each submission finishes:

    gradebook.csv            a row per student, a column per function, then the totals
    gradebook.json           every student's reports
    reports/<student>.json   one student's reports, byte-identical for the same submission

A rerun resumes: a student whose saved report was made from the same files by the same course
is not graded again.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from fashion_course import __version__
from fashion_course.grader import similarity
from fashion_course.grader.grading import Checker, clean_message
from fashion_course.lessons import Lesson
from fashion_course.submission import NOTEBOOK, lesson_file
from fashion_course.workspace import CHECKS, SOLUTIONS, STUBS

Reports = list[dict[str, Any]]  # a student's lesson reports, as JSON


def submissions_in(folder: Path) -> list[Path]:
    """The student folders in `folder`, by name (hidden folders left out)."""
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def fingerprint(submission: Path, lessons: list[Lesson]) -> str:
    """A digest of what a grade depends on: the student's .py files and notebooks (and which of
    the two is each lesson's), the lessons, the checks, the course."""
    chosen = [lesson_file(submission, lesson).name for lesson in lessons]
    digest = hashlib.sha256(f"{__version__} {[lesson.number for lesson in lessons]} {chosen}".encode())
    files = [*sorted(submission.glob("*.py")), *sorted(submission.glob(f"*{NOTEBOOK}"))]
    for path in [*sorted(CHECKS.glob("*.py")), *files]:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8", newline="")
    os.replace(partial, path)


def safe_cell(text: str) -> str:
    """A name for a spreadsheet cell: one clean line, never read as a formula."""
    text = clean_message(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


class Gradebook:
    """The gradebook in `out`: what is saved there, and a row added as each student finishes."""

    def __init__(self, out: Path, lessons: list[Lesson]) -> None:
        self.out, self.lessons = out, lessons
        (out / "reports").mkdir(parents=True, exist_ok=True)
        self.rows: dict[str, Reports] = {}

    def report_path(self, student: str) -> Path:
        return self.out / "reports" / f"{student}.json"

    def saved(self, student: str, digest: str) -> Reports | None:
        """The student's saved reports, when they were made from the same submission."""
        try:
            saved = json.loads(self.report_path(student).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return saved["lessons"] if isinstance(saved, dict) and saved.get("submission") == digest else None

    def add(self, student: str, digest: str, reports: Reports, *, fresh: bool = True) -> None:
        self.rows[student] = reports
        if fresh:
            record = {"student": student, "submission": digest, "lessons": reports}
            _write_atomically(self.report_path(student), json.dumps(record, indent=1, sort_keys=True) + "\n")
        self.write_tables()

    def write_tables(self) -> None:
        columns = [
            f"lesson{lesson.number}.{function}" for lesson in self.lessons for function in lesson.functions
        ]
        lines = []
        for student in sorted(self.rows):
            reports = self.rows[student]
            outcomes = [check["outcome"] for report in reports for check in report["checks"]]
            passed, total = sum(r["passed"] for r in reports), sum(r["total"] for r in reports)
            lines.append([safe_cell(student), *outcomes, passed, total])
        partial = self.out / "gradebook.csv.partial"
        with open(partial, "w", newline="", encoding="utf-8") as stream:
            writer = csv.writer(stream)
            writer.writerow(["student", *columns, "passed", "total"])
            writer.writerows(lines)
        os.replace(partial, self.out / "gradebook.csv")
        every = {student: self.rows[student] for student in sorted(self.rows)}
        _write_atomically(self.out / "gradebook.json", json.dumps(every, indent=1, sort_keys=True) + "\n")


def grade_all(
    folder: Path,
    lessons: list[Lesson],
    out: Path,
    workers: int | None = None,
    on_graded: Callable[[str, bool], None] | None = None,
    scheduler: str | None = None,
) -> dict[str, Reports]:
    """Grade every submission in `folder` into the gradebook in `out`; returns the reports by student.

    On this machine, `workers` threads each keep a checker process; with `scheduler` (a Dask
    distributed scheduler's address), on that cluster's workers instead (`on_cluster`). Either
    way only this process writes the gradebook, a row as each student's reports arrive.
    `on_graded(student, reused)` is called as each student's row is written.
    """
    book = Gradebook(out, lessons)
    to_grade = []
    for submission in submissions_in(folder):
        digest = fingerprint(submission, lessons)
        saved = book.saved(submission.name, digest)
        if saved is None:
            to_grade.append((submission, digest))
        else:
            book.add(submission.name, digest, saved, fresh=False)
            if on_graded:
                on_graded(submission.name, True)
    graded = on_cluster(to_grade, lessons, scheduler) if scheduler else on_threads(to_grade, lessons, workers)
    for (submission, digest), reports in graded:
        book.add(submission.name, digest, [portable(report, submission.name) for report in reports])
        if on_graded:
            on_graded(submission.name, False)
    return dict(sorted(book.rows.items()))


def portable(report: dict[str, Any], student: str) -> dict[str, Any]:
    """The report naming its file as `student/file`, wherever it was graded."""
    return {**report, "file": f"{student}/{Path(report['file']).name}"}


Job = tuple[Path, str]  # a submission's folder and its digest


def on_threads(
    to_grade: list[Job], lessons: list[Lesson], workers: int | None
) -> Iterator[tuple[Job, Reports]]:
    """Grade on this machine: `workers` threads, each keeping one checker process for all its students."""
    mine = threading.local()
    checkers: list[Checker] = []

    def one(submission: Path) -> Reports:
        if not hasattr(mine, "checker"):
            mine.checker = Checker(lessons)
            checkers.append(mine.checker)
        return [report.to_json() for report in mine.checker.grade(submission)]

    try:
        with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
            running = {pool.submit(one, job[0]): job for job in to_grade}
            for done in as_completed(running):
                yield running[done], done.result()
    finally:
        for checker in checkers:
            checker.__exit__()


def on_cluster(to_grade: list[Job], lessons: list[Lesson], scheduler: str) -> Iterator[tuple[Job, Reports]]:
    """Grade on a Dask distributed cluster: each submission travels as its files' bytes (no shared
    file system), each worker grades it with the same checker and sandbox (`grade_files`), and the
    reports come back as plain data. A worker lost mid-task has its tasks run again elsewhere by
    the scheduler; a task is keyed by the submission's digest, so it is never counted twice."""
    from distributed import Client
    from distributed import as_completed as arrived

    numbers = [lesson.number for lesson in lessons]
    with Client(scheduler) as client:
        futures = {
            client.submit(
                grade_files, files_of(job[0]), numbers, key=f"grade-{job[0].name}-{job[1]}", retries=2
            ): job
            for job in to_grade
        }
        for future in arrived(futures):
            yield futures[future], future.result()


def files_of(submission: Path) -> dict[str, tuple[bytes, int]]:
    """What a submission is, to send to another machine: each top-level lesson file's bytes and
    modification time (which decides between a lesson's .py and notebook)."""
    return {
        path.name: (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(submission.iterdir())
        if path.is_file() and path.suffix in (".py", NOTEBOOK)
    }


_worker_checkers: dict[tuple[int, ...], Checker] = {}  # in a cluster's worker: one per set of lessons


def grade_files(files: dict[str, tuple[bytes, int]], numbers: list[int]) -> Reports:
    """Grade a submission sent as `files_of` gives it, on a cluster's worker; refuses without a sandbox."""
    from fashion_course.grader.sandbox import isolation
    from fashion_course.lessons import find_lesson

    if not isolation().sandboxed:
        raise RuntimeError(
            "this worker has no sandbox (bubblewrap is not installed or does not work): it does not grade"
        )
    key = tuple(numbers)
    if key not in _worker_checkers:
        _worker_checkers[key] = Checker([find_lesson(n) for n in numbers])
    with tempfile.TemporaryDirectory(prefix="course-submission-") as scratch:
        for name, (content, modified) in files.items():
            path = Path(scratch) / Path(name).name
            path.write_bytes(content)
            os.utime(path, ns=(modified, modified))
        return [report.to_json() for report in _worker_checkers[key].grade(Path(scratch))]


def write_similarity(folder: Path, lessons: list[Lesson], out: Path) -> list[similarity.Pair]:
    """`similarity.csv` in `out`: for each lesson, the pairs of students, and students against the
    reference, whose functions are nearly the same code (`similarity`); returns the pairs."""
    students = submissions_in(folder)
    pairs = []
    for lesson in lessons:
        sources = {s.name: similarity.lesson_source(s, lesson, STUBS) for s in students}
        pairs += similarity.similar_pairs(sources, (SOLUTIONS / lesson.file_name).read_text(), lesson)
    rows = [["lesson", "student", "other", "score", "functions"]]
    rows += [
        [p.lesson, safe_cell(p.first), safe_cell(p.second), p.score, " ".join(p.functions)] for p in pairs
    ]
    partial = out / "similarity.csv.partial"
    with open(partial, "w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(rows)
    os.replace(partial, out / "similarity.csv")
    return pairs
