"""Feedback to hand back: each student's verdicts on one page they can open anywhere.

`course grade` writes `feedback/STUDENT.html` beside the gradebook, from the student's reports
as graded: for each lesson, the verdicts rendered by the notebook's renderer
(`notebook.view.Verdicts`: outcome, message, next step and hints), the next step naming the
student's own file. One self-contained page (no script, nothing fetched, styles inline), that
reads on a phone; it holds that student's reports and nothing of a classmate's.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

from fashion_course.grader.grading import LessonReport
from fashion_course.notebook.view import Verdicts
from fashion_course.submission import shown_name

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{title}</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 46em; padding: 1em; color: #1f1f1f; }}
h1 {{ font-size: 1.4em; }}
.course-verdicts {{ border-top: 1px solid #d0d0d0; margin-top: 1.2em; }}
code {{ font-size: .92em; background: #f2f2f2; padding: 0 .2em; overflow-wrap: anywhere; }}
summary {{ cursor: pointer; }} details {{ margin: .3em 0 .3em .8em; }}
</style></head>
<body><h1>{title}</h1><p>{summary}</p>{lessons}</body></html>
"""


class HandedBack(Verdicts):
    """A lesson's verdicts as a feedback page shows them: the next step names the graded file."""

    def next_step(self) -> str:
        report = self.report
        file, command = report.file.name, f"course check {report.lesson.number}"
        todo = report.first_to_fix
        if report.import_error:
            return f"make {file} run without errors ({command} shows the same)"
        if todo is None:
            return f"lesson {report.lesson.number} passes"
        verb = "write" if todo.outcome == "not started" else "fix"
        return f"{verb} {todo.function} in {file}, then run {command}"


def page(student: str, reports: list[LessonReport]) -> str:
    """The feedback page of `student` (their folder's name) from their lesson reports."""
    passed, total = sum(r.passed for r in reports), sum(r.total for r in reports)
    lessons = "".join(HandedBack(report)._repr_html_() for report in reports)
    return PAGE.format(
        title=f"Feedback for {html.escape(shown_name(student))}",
        summary=f"{passed} of {total} functions pass, lesson by lesson below.",
        lessons=lessons,
    )


def write_feedback(out: Path, reports: dict[str, list[dict[str, Any]]]) -> Path:
    """`out/feedback/STUDENT.html` for each student of `reports` (a gradebook's JSON reports, by
    student); returns the folder."""
    folder = out / "feedback"
    folder.mkdir(parents=True, exist_ok=True)
    for student, lessons in reports.items():
        partial = folder / f"{student}.html.partial"
        partial.write_text(page(student, [LessonReport.from_json(lesson) for lesson in lessons]), encoding="utf-8")
        os.replace(partial, folder / f"{student}.html")
    return folder
