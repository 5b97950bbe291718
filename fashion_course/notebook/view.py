"""A lesson's verdicts as a notebook shows them: an HTML table, with plain text for terminals.

One renderer of `grader.LessonReport` beside the terminal's (`cli.print_report`): outcome per
function, the grader's message, the next step, and hints behind clicks. `check("one_hot")` is
about one_hot: its verdict first, its next step and its hint ladder, then the lesson's other
functions in one line; `check(1)` shows every function's row and the hints of the first to fix.

The table reads at any width: a message sits on its own row under its function's, across the
table, so JupyterLab's narrow layout (or a phone, at 390 px) wraps it rather than squeezing it.
Messages, notes and hints are Markdown of one kind only: a `code` span between backticks shows
as code; everything else, including whatever a student's code put in a message, is escaped.
"""

from __future__ import annotations

import html

from fashion_course.grader import LessonReport
from fashion_course.grader.grading import MARKS, Verdict

COLOURS = {
    "passed": "#1b7f3b",
    "failed": "#c62828",
    "not started": "#6b6b6b",
    "error": "#c62828",
    "timeout": "#b26a00",
    "missing": "#6b6b6b",
}
WHERE = "this notebook's exercise cells"
CELL = "text-align:left;vertical-align:top;padding:.15em .5em"  # JupyterLab right-aligns table cells
ROW = "background:none"  # and stripes their rows, which would split a verdict from its message


def markdown_html(text: str) -> str:
    """`text` as HTML: the pieces between paired backticks as code, everything escaped."""
    pieces = text.split("`")
    if len(pieces) % 2 == 0:  # an unpaired backtick: no code spans at all
        return html.escape(text)
    return "".join(
        f"<code>{html.escape(piece)}</code>" if i % 2 else html.escape(piece)
        for i, piece in enumerate(pieces)
    )


class Verdicts:
    """What `check` returns: Jupyter shows its HTML, a terminal or nbconvert its text."""

    def __init__(self, report: LessonReport, focus: str | None = None, isolation: str = "") -> None:
        self.report, self.isolation = report, isolation
        self.focus = focus if focus in report.lesson.functions else None

    @property
    def focused(self) -> Verdict | None:
        """The verdict of the function `check` was asked about, if it was asked about one."""
        return next((v for v in self.report.verdicts if v.function == self.focus), None)

    def to_fix(self) -> Verdict | None:
        """The function whose hints to show: the one asked about, or the first that does not pass."""
        if self.focus is not None:
            focused = self.focused
            return focused if focused is not None and focused.outcome != "passed" else None
        return self.report.first_to_fix

    def next_step(self) -> str:
        report, todo = self.report, self.report.first_to_fix
        if report.import_error:
            return f"make {WHERE} run without errors, then run this check again"
        focused = self.focused
        if focused is not None and focused.outcome != "passed":
            todo = focused
        elif focused is not None and todo is not None:  # it passes: on to the next one to write
            order = list(report.lesson.functions)
            after = [
                v
                for v in report.verdicts
                if v.outcome != "passed" and order.index(v.function) > order.index(focused.function)
            ]
            todo = after[0] if after else todo
            where = "further down" if after else "above"
            return f"{focused.function} passes: on to {todo.function}, {where}"
        if todo is None:
            return f"lesson {report.lesson.number} passes: on to the next lesson"
        if todo.outcome == "not started":
            return f"write {todo.function} in its exercise cell, run that cell, then run its check again"
        return f"fix {todo.function} in its exercise cell, run that cell, then run its check again"

    def header(self) -> str:
        report = self.report
        return f"Lesson {report.lesson.number} · {report.lesson.title}: {report.passed} of {report.total} functions pass"

    def others(self) -> list[Verdict]:
        return [v for v in self.report.verdicts if v.function != self.focus]

    def __repr__(self) -> str:
        report = self.report
        width = max(len(v.function) for v in report.verdicts)

        def row(v: Verdict) -> str:
            message = f"  {v.message}" if v.message else ""
            return f"  {MARKS[v.outcome]} {v.function:{width}}  {v.outcome}{message}"

        lines = [] if self.focused else [self.header()]
        lines += [f"  Note: {note}" for note in report.notes]
        if report.import_error:
            lines.append(f"  ! the code does not run: {report.import_error}")
        elif self.focused:
            lines.append(row(self.focused))
        else:
            lines += [row(v) for v in report.verdicts]
        lines.append(f"Next: {self.next_step()}.")
        if self.focused and not report.import_error:
            others = ", ".join(f"{v.function} {v.outcome}" for v in self.others())
            lines.append(f"{self.header()}: {others}")
        if self.isolation:
            lines.append(f"Isolation: {self.isolation}")
        return "\n".join(lines)

    def _rows(self, verdicts: list[Verdict]) -> str:
        rows = []
        for v in verdicts:
            colour = COLOURS[v.outcome]
            rows.append(
                f'<tr class="course-{v.outcome.replace(" ", "-")}" style="{ROW}">'
                f'<td style="{CELL};color:{colour}">{MARKS[v.outcome]}</td>'
                f'<td style="{CELL}"><code>{html.escape(v.function)}</code></td>'
                f'<td style="{CELL};color:{colour};white-space:nowrap">{html.escape(v.outcome)}</td></tr>'
            )
            if v.message:
                rows.append(
                    f'<tr class="course-message" style="{ROW}"><td style="{CELL}"></td>'
                    f'<td colspan="2" style="{CELL};overflow-wrap:anywhere;white-space:normal">'
                    f"{markdown_html(v.message)}</td></tr>"
                )
        return "".join(rows)

    def _repr_html_(self) -> str:
        report, e = self.report, html.escape
        if report.import_error:
            rows = (
                f'<tr style="{ROW}"><td style="{CELL};color:{COLOURS["error"]}">!</td>'
                f'<td style="{CELL}">the code does not run</td></tr>'
                f'<tr class="course-message" style="{ROW}"><td style="{CELL}"></td>'
                f'<td style="{CELL};overflow-wrap:anywhere">{markdown_html(report.import_error)}</td></tr>'
            )
        else:
            rows = self._rows([self.focused] if self.focused else report.verdicts)
        todo = None if report.import_error else self.to_fix()
        hints = ""
        if todo is not None:
            ladder = report.lesson.hints[todo.function]
            hints = "".join(
                f"<details><summary>Hint {n} of {len(ladder)} for <code>{e(todo.function)}</code></summary>"
                f"<p>{markdown_html(text)}</p>"
                for n, text in enumerate(ladder, 1)
            ) + "</details>" * len(ladder)
        footer = (
            f'<p style="color:#6b6b6b;font-size:smaller">Isolation: {e(self.isolation)}</p>'
            if self.isolation
            else ""
        )
        notes = "".join(
            f'<p class="course-note"><strong>Note:</strong> {markdown_html(note)}</p>'
            for note in report.notes
        )
        title = f"<p><strong>{e(self.header())}</strong></p>"
        others = ""
        if self.focused is not None:
            title = ""
            listed = ", ".join(
                f'<span class="course-{v.outcome.replace(" ", "-")}" style="white-space:nowrap">'
                f'<code>{e(v.function)}</code> <span style="color:{COLOURS[v.outcome]}">{e(v.outcome)}</span></span>'
                for v in self.others()
            )
            others = f'<p class="course-others">{e(self.header())}: {listed}</p>'
        about = f' data-function="{e(self.focus)}"' if self.focus else ""
        return (
            f'<div class="course-verdicts" data-lesson="{report.lesson.number}" data-passed="{report.passed}" '
            f'data-total="{report.total}"{about}>{title}{notes}'
            f'<table style="border-collapse:collapse;margin:0;table-layout:auto;max-width:100%">{rows}</table>'
            f"<p><strong>Next:</strong> {e(self.next_step())}.</p>{hints}{others}{footer}</div>"
        )
