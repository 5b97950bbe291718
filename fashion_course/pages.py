"""Helpers for the docs' lesson notebooks: what each page shows is read, never copied.

The lesson pages (`docs/lessons/*.py`) are executed when the site is built. They call these
helpers to show a lesson's functions (from the registry and the reference solution's own
signatures and docstrings), the results of `course plots` (from its `results.json`), and what
the grader says about a classic mistake (by running the grader on it).
"""

from __future__ import annotations

import inspect
import json
import re
import tempfile
from pathlib import Path
from types import ModuleType

from IPython.display import Markdown

from fashion_course.grader import grade
from fashion_course.lessons import find_lesson
from fashion_course.workspace import ROOT, SOLUTIONS, load_lesson

RESULTS = ROOT / "docs" / "results" / "full"
SITE_RESULTS = "../../results/full"  # the results folder, seen from a lesson page's URL


def reference(number: int) -> ModuleType:
    """The reference solution of a lesson, as a module (earlier lessons' too, as it imports them)."""
    return load_lesson(find_lesson(number), SOLUTIONS)


def functions_table(number: int) -> Markdown:
    """The functions a lesson asks for: signature and the first line of the reference docstring."""
    lesson, module = find_lesson(number), reference(number)
    rows = ["| you write | what it computes |", "| --- | --- |"]
    for name in lesson.functions:
        function = getattr(module, name)
        parameters = ", ".join(inspect.signature(function).parameters)
        summary = (inspect.getdoc(function) or "").splitlines()[0].replace("|", "\\|")
        rows.append(f"| `{name}({parameters})` | {summary} |")
    return Markdown("\n".join(rows))


def grader_says(number: int, wrong_code: str) -> Markdown:
    """Run the real grader on the reference solution with `wrong_code` appended; show its verdict."""
    lesson = find_lesson(number)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / lesson.file_name
        path.write_text((SOLUTIONS / lesson.file_name).read_text() + "\n\n" + wrong_code)
        (report,) = grade([lesson], Path(folder))
    verdict = report.first_to_fix
    if verdict is None:
        return Markdown("The grader passed this version.")
    message = re.sub(r"([*_\\[\]<>])", r"\\\1", verdict.message)  # the grader's words, not Markdown
    return Markdown(f"`course check {number}` says: **{verdict.function}: {verdict.outcome}**: {message}")


def results() -> dict[str, dict]:
    """The summaries `course plots` wrote for the full data."""
    return json.loads((RESULTS / "results.json").read_text())


def results_table(*names: str) -> Markdown:
    """Rows of the results table (all of them when no names are given), beside the original's."""
    lines = (RESULTS / "results.md").read_text().splitlines()
    keep = lines[:2] + [line for line in lines[2:] if not names or any(f"`{n}`" in line for n in names)]
    return Markdown("\n".join(keep))


def figure(name: str, caption: str) -> Markdown:
    """A figure made by `course plots`, with a caption."""
    return Markdown(f"![{caption}]({SITE_RESULTS}/{name})\n\n*{caption}*")
