"""A lesson's verdicts as a notebook shows them: an HTML table, with plain text for terminals.

One renderer of `grader.LessonReport` beside the terminal's (`cli.print_report`): outcome per
function, the grader's message, the next step, and the first function's hints behind clicks.
Everything a student's code could have put in a message is escaped.
"""

from __future__ import annotations

import html

from fashion_course.grader import LessonReport
from fashion_course.grader.grading import MARKS

COLOURS = {
    "passed": "#1b7f3b",
    "failed": "#c62828",
    "not started": "#6b6b6b",
    "error": "#c62828",
    "timeout": "#b26a00",
    "missing": "#6b6b6b",
}
WHERE = "this notebook's exercise cells"


class Verdicts:
    """What `check` returns: Jupyter shows its HTML, a terminal or nbconvert its text."""

    def __init__(self, report: LessonReport, focus: str | None = None, isolation: str = "") -> None:
        self.report, self.focus, self.isolation = report, focus, isolation

    def next_step(self) -> str:
        report, todo = self.report, self.report.first_to_fix
        if report.import_error:
            return f"make {WHERE} run without errors, then run this check again"
        if todo is None:
            return f"lesson {report.lesson.number} passes: on to the next lesson"
        if todo.outcome == "not started":
            return f"write {todo.function} in its exercise cell, run that cell, then run its check again"
        return f"fix {todo.function} in its exercise cell, run that cell, then run its check again"

    def __repr__(self) -> str:
        report = self.report
        lines = [
            f"Lesson {report.lesson.number} · {report.lesson.title}: {report.passed} of {report.total} functions pass"
        ]
        lines += [f"  Note: {note}" for note in report.notes]
        if report.import_error:
            lines.append(f"  ! the code does not run: {report.import_error}")
        else:
            width = max(len(v.function) for v in report.verdicts)
            for v in report.verdicts:
                message = f"  {v.message}" if v.message else ""
                lines.append(f"  {MARKS[v.outcome]} {v.function:{width}}  {v.outcome}{message}")
        lines.append(f"Next: {self.next_step()}.")
        if self.isolation:
            lines.append(f"Isolation: {self.isolation}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        report, e = self.report, html.escape
        rows = []
        if report.import_error:
            rows.append(
                f'<tr><td style="color:{COLOURS["error"]}">!</td><td colspan="2">the code does not run</td>'
                f"<td>{e(report.import_error)}</td></tr>"
            )
        else:
            for v in report.verdicts:
                weight = "font-weight:bold;" if v.function == self.focus else ""
                rows.append(
                    f'<tr class="course-{v.outcome.replace(" ", "-")}">'
                    f'<td style="color:{COLOURS[v.outcome]}">{MARKS[v.outcome]}</td>'
                    f'<td style="{weight}text-align:left"><code>{e(v.function)}</code></td>'
                    f'<td style="color:{COLOURS[v.outcome]};text-align:left;white-space:nowrap">{e(v.outcome)}</td>'
                    f'<td style="text-align:left">{e(v.message)}</td></tr>'
                )
        todo = report.first_to_fix
        hints = ""
        if todo is not None and not report.import_error:
            ladder = report.lesson.hints[todo.function]
            hints = "".join(
                f"<details><summary>Hint {n} of {len(ladder)} for <code>{e(todo.function)}</code></summary>"
                f"<p>{e(text)}</p>"
                for n, text in enumerate(ladder, 1)
            ) + "</details>" * len(ladder)
        footer = (
            f'<p style="color:#6b6b6b;font-size:smaller">Isolation: {e(self.isolation)}</p>'
            if self.isolation
            else ""
        )
        notes = "".join(
            f'<p class="course-note"><strong>Note:</strong> {e(note)}</p>' for note in report.notes
        )
        return (
            f'<div class="course-verdicts" data-lesson="{report.lesson.number}" data-passed="{report.passed}" '
            f'data-total="{report.total}">'
            f"<p><strong>Lesson {report.lesson.number} · {e(report.lesson.title)}</strong>: "
            f"{report.passed} of {report.total} functions pass</p>{notes}"
            f'<table style="border-collapse:collapse">{"".join(rows)}</table>'
            f"<p><strong>Next:</strong> {e(self.next_step())}.</p>{hints}{footer}</div>"
        )
