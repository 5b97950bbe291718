"""Grading a class: every student's folder, in parallel, into a gradebook that survives anything.

Each student's folder is read once (`submission.Submission`: its regular top-level files, no
link followed, each size checked first), and everything about it comes from those bytes: the
digest that decides whether a rerun grades it again, its grade, and the similarity report.
Each submission is graded by a `grading.Checker` (trusted checks, the student's code sandboxed),
`workers` at a time (one per core by default): each thread here reads a folder, keeps one
checker process and only waits on it.
Only this process writes the gradebook, a row as each submission finishes, keyed by the
folder's exact name (shown with its control characters escaped, `submission.shown_name`):

    gradebook.csv            a row per student: per lesson, a column per function and one of how
                             many pass; then the totals
    gradebook.json           every student's reports
    reports/<student>.json   one student's reports, byte-identical for the same submission
    similarity.csv           the copy report (`similarity`): a row per flag, pairs of students first
    similarity.html          the flagged code side by side

A rerun resumes: a student whose saved report was made from the same files by the same course
is not graded again.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any, NamedTuple

from fashion_course import __version__
from fashion_course.grader import similarity
from fashion_course.grader.grading import Checker, CheckerAbortedError
from fashion_course.lessons import Lesson
from fashion_course.submission import Submission, SubmittedFile, choose_file, shown_name
from fashion_course.workspace import CHECKS, SOLUTIONS, STUBS

Reports = list[dict[str, Any]]  # a student's lesson reports, as JSON


def submissions_in(folder: Path) -> list[Path]:
    """The student folders in `folder`, by name (hidden folders left out)."""
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def fingerprint(submission: Submission, lessons: list[Lesson]) -> str:
    """A digest of what a grade depends on: the files of `submission` as read (and which of each
    lesson's .py and notebook is graded, and why), what was skipped and why, the lessons, the
    checks, the course."""
    choices = [choose_file(submission, lesson) for lesson in lessons]
    about = [
        [lesson.number for lesson in lessons],
        [(choice.file.name, choice.note) for choice in choices],
        submission.skipped,
        submission.unread,
    ]
    digest = hashlib.sha256(f"{__version__} {about!r}".encode())  # repr: a name's every character escaped
    checks = {path.name: path.read_bytes() for path in sorted(CHECKS.glob("*.py"))}
    files = {name: file.data for name, file in submission.files.items()}
    for name, data in [*checks.items(), *files.items()]:
        encoded = os.fsencode(name)
        digest.update(f"{len(encoded)} {len(data)}\n".encode() + encoded + data)
    return digest.hexdigest()


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8", newline="")
    os.replace(partial, path)


def safe_cell(text: str) -> str:
    """A name for a spreadsheet cell: as `shown_name` shows it (its control characters escaped, so
    two names never show the same), and never read as a formula: a name that starts with `=`,
    `+`, `-` or `@`, or with the `'` that marks such a cell, gets a `'` before it."""
    text = shown_name(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "'") else text


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
        """gradebook.csv: a row per student; per lesson, in the lessons' order, the outcome of each
        function then how many pass (`lessonN.passed`); then the totals. And gradebook.json."""
        lessons = sorted(self.lessons, key=lambda lesson: lesson.number)
        columns = [
            name
            for lesson in lessons
            for name in [*(f"lesson{lesson.number}.{f}" for f in lesson.functions), f"lesson{lesson.number}.passed"]
        ]
        lines = []
        for student in sorted(self.rows):
            reports = {report["lesson"]: report for report in self.rows[student]}
            cells: list[object] = [safe_cell(student)]
            for lesson in lessons:
                outcomes = {check["function"]: check["outcome"] for check in reports[lesson.number]["checks"]}
                cells += [*(outcomes[function] for function in lesson.functions), reports[lesson.number]["passed"]]
            passed, total = sum(r["passed"] for r in reports.values()), sum(r["total"] for r in reports.values())
            lines.append([*cells, passed, total])
        partial = self.out / "gradebook.csv.partial"
        with open(partial, "w", newline="", encoding="utf-8") as stream:
            writer = csv.writer(stream)
            writer.writerow(["student", *columns, "passed", "total"])
            writer.writerows(lines)
        os.replace(partial, self.out / "gradebook.csv")
        every = {student: self.rows[student] for student in sorted(self.rows)}
        _write_atomically(self.out / "gradebook.json", json.dumps(every, indent=1, sort_keys=True) + "\n")


class Graded(NamedTuple):
    """What grading a class gives back, by student: the reports, and the Python of each lesson's
    graded file, by lesson number (for `write_similarity`)."""

    reports: dict[str, Reports]
    sources: dict[str, dict[int, str]]


class Student(NamedTuple):
    """A student as read for grading: the folder's exact name, the digest of the submission
    (`fingerprint`), and the Python of each lesson's graded file, by lesson number."""

    name: str
    digest: str
    sources: dict[int, str]


Outcome = tuple[Student, Reports, bool]  # a student, their reports, and whether these were saved


def read_student(
    folder: Path, lessons: list[Lesson], book: Gradebook
) -> tuple[Student, Submission, Reports | None]:
    """Read a student's folder, once (`Submission.read`); also the reports saved in `book`, when
    they were made from the same submission."""
    submission = Submission.read(folder)
    digest = fingerprint(submission, lessons)
    sources = {lesson.number: similarity.lesson_source(submission, lesson, STUBS) for lesson in lessons}
    return Student(folder.name, digest, sources), submission, book.saved(folder.name, digest)


def grade_all(
    folder: Path,
    lessons: list[Lesson],
    out: Path,
    workers: int | None = None,
    on_graded: Callable[[str, bool], None] | None = None,
    scheduler: str | None = None,
) -> Graded:
    """Grade every submission in `folder` into the gradebook in `out`; returns the reports, and
    each lesson's Python, by student.

    On this machine, `workers` threads each read a student's folder and grade it with the checker
    process they keep; with `scheduler` (a Dask distributed scheduler's address), this process
    reads the folders and that cluster's workers grade what it read (`on_cluster`). A student
    whose saved reports were made from the same submission is not graded again. Either way only
    this process writes the gradebook, a row as each student's reports arrive.
    `on_graded(student, reused)` is called as each student's row is written.
    """
    book = Gradebook(out, lessons)
    students = submissions_in(folder)
    if scheduler:
        outcomes = on_cluster(students, lessons, book, scheduler)
    else:
        outcomes = on_threads(students, lessons, book, workers)
    sources = {}
    for student, reports, reused in outcomes:
        if reused:
            book.add(student.name, student.digest, reports, fresh=False)
        else:
            book.add(student.name, student.digest, [portable(report, student.name) for report in reports])
        sources[student.name] = student.sources
        if on_graded:
            on_graded(student.name, reused)
    return Graded(dict(sorted(book.rows.items())), dict(sorted(sources.items())))


def portable(report: dict[str, Any], student: str) -> dict[str, Any]:
    """The report naming its file as `student/file`, wherever it was graded."""
    return {**report, "file": f"{student}/{Path(report['file']).name}"}


def on_threads(
    students: list[Path], lessons: list[Lesson], book: Gradebook, workers: int | None
) -> Iterator[Outcome]:
    """Grade on this machine: `workers` threads, each reading a student's folder and grading it
    (unless its reports are saved) with the one checker process it keeps for all its students."""
    mine = threading.local()
    checkers: list[Checker] = []
    aborting, aborted = threading.Lock(), threading.Event()  # no checker made after an abort

    def one(folder: Path) -> Outcome:
        student, submission, saved = read_student(folder, lessons, book)
        if saved is not None:
            return student, saved, True
        with aborting:
            if aborted.is_set():
                raise CheckerAbortedError("grading was stopped")
            if not hasattr(mine, "checker"):
                mine.checker = Checker(lessons)
                checkers.append(mine.checker)
        return student, [report.to_json() for report in mine.checker.grade_submission(submission)], False

    pool = ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1)
    try:
        for done in as_completed([pool.submit(one, folder) for folder in students]):
            yield done.result()
    except BaseException:  # a Ctrl-C, or the caller gone: what is being graded is dropped, at once
        pool.shutdown(wait=False, cancel_futures=True)
        with aborting:
            aborted.set()
            for checker in checkers:
                checker.abort()
        raise
    finally:
        pool.shutdown(wait=True)
        for checker in checkers:
            checker.__exit__()


def on_cluster(
    students: list[Path], lessons: list[Lesson], book: Gradebook, scheduler: str
) -> Iterator[Outcome]:
    """Grade on a Dask distributed cluster: each submission is read here and travels as the bytes
    read (`files_of`: no shared file system), each worker grades it with the same checker and
    sandbox (`grade_files`), and the reports come back as plain data. A worker lost mid-task has
    its tasks run again elsewhere by the scheduler; a task is keyed by the submission's digest,
    so it is never counted twice."""
    from distributed import Client
    from distributed import as_completed as arrived

    numbers = [lesson.number for lesson in lessons]
    with Client(scheduler) as client:
        futures = {}
        for folder in students:
            student, submission, saved = read_student(folder, lessons, book)
            if saved is not None:
                yield student, saved, True
                continue
            key = f"grade-{shown_name(student.name)}-{student.digest}"
            futures[client.submit(grade_files, files_of(submission), numbers, key=key, retries=2)] = student
        for future in arrived(futures):  # on a Ctrl-C, closing the client releases what is left
            yield futures[future], future.result(), False


def files_of(submission: Submission) -> dict[str, Any]:
    """A submission as plain data, to send to another machine: the bytes and modification times
    of the files read (the times decide between a lesson's .py and notebook), and what was
    skipped and why; no path of this machine."""
    return {
        "files": {name: (file.data, file.modified) for name, file in submission.files.items()},
        "skipped": submission.skipped,
        "unread": submission.unread,
    }


class _ThreadCheckers(threading.local):
    """A thread's own checkers, one per set of lessons: a worker running tasks on several threads
    grades as many submissions at once, each with a checker of its own."""

    def __init__(self) -> None:
        self.by_lessons: dict[tuple[int, ...], Checker] = {}


_worker_checkers = _ThreadCheckers()  # in a cluster's worker


def grade_files(files: dict[str, Any], numbers: list[int]) -> Reports:
    """Grade a submission sent as `files_of` gives it, on a cluster's worker, from the bytes sent,
    with the checker the calling thread keeps (`_ThreadCheckers`); refuses without a sandbox."""
    from fashion_course.grader.sandbox import isolation
    from fashion_course.lessons import find_lesson

    if not isolation().sandboxed:
        raise RuntimeError(
            "this worker has no sandbox (bubblewrap is not installed or does not work): it does not grade"
        )
    key, checkers = tuple(numbers), _worker_checkers.by_lessons
    if key not in checkers:
        checkers[key] = Checker([find_lesson(n) for n in numbers])
    submission = Submission(
        Path("sent"),  # where the reports say the files are, until `portable` names them by student
        {name: SubmittedFile(*file) for name, file in files["files"].items()},
        files["skipped"],
        tuple(files["unread"]),
    )
    return [report.to_json() for report in checkers[key].grade_submission(submission)]


def write_similarity(
    sources: dict[str, dict[int, str]], lessons: list[Lesson], out: Path
) -> similarity.Report:
    """The copy report (`similarity.class_report`), from each student's Python of each lesson
    (`Graded.sources`), written in `out`: `similarity.csv`, a row per flag (`lesson, student,
    other, score, functions`; `other` is `similarity.REFERENCE` for the reference), the pairs of
    students first, best first; and `similarity.html`, the page that shows them side by side."""
    references = {lesson.number: (SOLUTIONS / lesson.file_name).read_text() for lesson in lessons}
    report = similarity.class_report(sources, lessons, references)
    rows = [["lesson", "student", "other", "score", "functions"]]
    rows += [
        [p.lesson, safe_cell(p.first), safe_cell(p.second), p.score, " ".join(p.functions)] for p in report.rows
    ]
    partial = out / "similarity.csv.partial"
    with open(partial, "w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(rows)
    os.replace(partial, out / "similarity.csv")
    _write_atomically(out / "similarity.html", similarity.page(report))
    return report
