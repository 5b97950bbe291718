"""Grading a class: every student's folder, in parallel, into a gradebook.

Each submission is graded by `grader.grade` in its own worker process (time limits, a memory
cap, one BLAS thread), so a submission that hangs, crashes or floods costs only its own row.
Submissions are graded `workers` at a time (one per core by default): the threads here only
wait on the worker processes.

The gradebook is `gradebook.csv` (a row per student, a column per function, then the totals)
and `reports/<student>.json` (the full reports, byte-identical for the same submission).
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fashion_course.grader import LessonReport, grade
from fashion_course.lessons import Lesson


def submissions_in(folder: Path) -> list[Path]:
    """The student folders in `folder`, by name (hidden folders left out)."""
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def grade_all(
    folder: Path,
    lessons: list[Lesson],
    workers: int | None = None,
    on_graded: Callable[[str], None] | None = None,
) -> dict[str, list[LessonReport]]:
    """Grade every submission in `folder`; returns the reports by student, in name order."""
    students = submissions_in(folder)

    def one(submission: Path) -> list[LessonReport]:
        reports = grade(lessons, submission)
        if on_graded:
            on_graded(submission.name)
        return reports

    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        results = list(pool.map(one, students))
    return {student.name: reports for student, reports in zip(students, results)}


def write_gradebook(results: dict[str, list[LessonReport]], out: Path) -> Path:
    """Write `gradebook.csv` and `reports/<student>.json` into `out`; returns the CSV's path."""
    (out / "reports").mkdir(parents=True, exist_ok=True)
    lessons = [report.lesson for report in next(iter(results.values()), [])]
    columns = [f"lesson{lesson.number}.{function}" for lesson in lessons for function in lesson.functions]
    path = out / "gradebook.csv"
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["student", *columns, "passed", "total"])
        for student, reports in results.items():
            outcomes = [verdict.outcome for report in reports for verdict in report.verdicts]
            passed = sum(report.passed for report in reports)
            writer.writerow([student, *outcomes, passed, sum(report.total for report in reports)])
            report_json = json.dumps([report.to_json() for report in reports], indent=1, sort_keys=True)
            (out / "reports" / f"{student}.json").write_text(report_json + "\n", encoding="utf-8")
    return path
