"""Helpers for the docs' lesson notebooks: what each page shows is read or computed, never copied.

The lesson pages (`docs/lessons/*.py`) are executed when the site is built, and again by anyone
who downloads one as a notebook. Cells tagged `hide-input` call these helpers and show only
their output: a lesson's functions (from the registry), the results of `course plots` (from
its saved results), figures (drawn by `figures` at that moment and embedded in the output, so
a downloaded notebook carries them), and what the grader says about a classic mistake (by
running the grader on it).
"""

from __future__ import annotations

import atexit
import base64
import functools
import html
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from IPython.display import HTML, Markdown

from fashion_course import figures, plots
from fashion_course.experiments import Result
from fashion_course.figures import Figure
from fashion_course.grader.grading import Checker
from fashion_course.lessons import find_lesson
from fashion_course.workspace import RESULTS, SOLUTIONS, load_lesson


def reference(number: int) -> ModuleType:
    """The reference solution of a lesson, as a module (earlier lessons' too, as it imports them)."""
    return load_lesson(find_lesson(number), SOLUTIONS)


def functions_table(number: int) -> Markdown:
    """The functions a lesson asks for, in writing order, each with what it computes in math (from the
    registry): a list rather than a table, so a formula has the column's whole width on a phone."""
    lesson = find_lesson(number)
    items = [f"- `{name}`: {lesson.formulas[name]}" for name in lesson.functions]
    return Markdown("**You write**, in this order:\n\n" + "\n".join(items))


@functools.cache
def _checker(number: int) -> Checker:
    """Lesson `number`'s grader, kept warm for a page's next classic mistake, stopped at exit."""
    checker = Checker([find_lesson(number)])
    atexit.register(checker.__exit__, None, None, None)
    return checker


def grader_says(number: int, wrong_code: str) -> Markdown:
    """Run the real grader on the reference solution with `wrong_code` appended; show both."""
    lesson = find_lesson(number)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / lesson.file_name
        path.write_text((SOLUTIONS / lesson.file_name).read_text() + "\n\n" + wrong_code)
        (report,) = _checker(number).grade(Path(folder))
    shown = f"```python\n{wrong_code.strip()}\n```\n\n"
    verdict = report.first_to_fix
    if verdict is None:
        return Markdown(shown + "The grader passed this version.")
    # The grader's words as text, but for its `code` spans (the odd pieces between paired backticks).
    pieces = verdict.message.split("`") if verdict.message.count("`") % 2 == 0 else [verdict.message]
    message = "`".join(p if i % 2 else re.sub(r"([*_\\[\]<>`])", r"\\\1", p) for i, p in enumerate(pieces))
    return Markdown(
        shown + f"`course check {number}` says: **{verdict.function}: {verdict.outcome}**: {message}"
    )


@functools.cache
def results() -> dict[str, Result]:
    """The results `course plots` saved for the full data."""
    return plots.load_results(RESULTS)


@functools.cache
def dev_results() -> dict[str, Result]:
    """The dev-split runs `course plots` saved for the full data, by experiment name: the runs whose
    accuracy the original reported on a dev split (mlp-sgd, mlp-adam), trained on 50,000 training
    images and evaluated on the other 10,000."""
    return plots.load_results(RESULTS, dev=True)


def results_table(*names: str) -> Markdown:
    """The results table for these runs (all of them when none are named), beside the original's."""
    return Markdown(plots.results_markdown(results(), dev_results(), names))


def learning_curves(*names: str, caption: str) -> HTML:
    """The saved runs' cost and accuracy, a pair of panels on the axes of the runs they are compared with."""
    runs, x_label, limits = plots.curves(results(), *names)
    return figure(figures.curve_panels(runs, x_label, limits=limits), caption)


def figure(drawn: Figure | Sequence[Figure], caption: str) -> HTML:
    """One figure, or panels side by side (stacked on a narrow screen), embedded, with a caption."""
    panels = [drawn] if isinstance(drawn, Figure) else list(drawn)
    images = "".join(
        f'<img src="data:image/png;base64,{base64.b64encode(figures.png_bytes(fig)).decode()}" '
        f'alt="{html.escape(caption)}" style="max-width: 100%">'
        for fig in panels
    )
    kind = "course-figure course-pair" if len(panels) > 1 else "course-figure"
    return HTML(
        f'<figure class="{kind}"><div class="course-panels">{images}</div>'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )
