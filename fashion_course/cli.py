"""The `course` command: check lessons, list them, and show where the data comes from.

    course check 1              grade exercises/lesson1_data.py, function by function
    course check --all --json   grade every lesson, one JSON report per lesson
    course list                 every lesson with its state
    course data                 which Fashion-MNIST files are in use, verified

Exit codes: 0 all is well, 1 a check did not pass (or the data is bad), 2 a usage error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from fashion_course import data
from fashion_course.grader import LessonReport, grade
from fashion_course.lessons import LESSONS, Lesson, UnknownLessonError, find_lesson
from fashion_course.workspace import EXERCISES, ROOT, SOLUTIONS

app = typer.Typer(
    help="fashion-course: learn classification from scratch on Fashion-MNIST, with an autograder.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)

MARKS = {
    "passed": "[green]✔[/]",
    "failed": "[red]✘[/]",
    "not started": "[dim]·[/]",
    "error": "[red]![/]",
    "timeout": "[yellow]⏱[/]",
}
STATE_STYLE = {"done": "green", "in progress": "yellow", "not started": "dim"}


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one line to stderr and exit: 2 for a usage error, 1 for bad data."""
    errors.print(f"[red]error:[/] {message}", soft_wrap=True)
    raise typer.Exit(code)


def shown(path: Path) -> str:
    """A path relative to the course folder when it is inside it."""
    path = Path(path)
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def chosen_lessons(lesson: str | None, every: bool) -> list[Lesson]:
    if every:
        return list(LESSONS)
    if lesson is None:
        fail("name a lesson (for example `course check 1`) or use --all")
    try:
        return [find_lesson(lesson)]
    except UnknownLessonError as error:
        fail(str(error))


def implementation(solutions: bool, path: Path | None) -> Path:
    if solutions and path:
        fail("use either --solutions or --path, not both")
    folder = SOLUTIONS if solutions else (path or EXERCISES)
    if not folder.is_dir():
        fail(f"{folder} is not a folder")
    return folder.resolve()


def print_report(report: LessonReport) -> None:
    lesson = report.lesson
    console.print(f"\n[bold]Lesson {lesson.number} · {lesson.title}[/]  [dim]{shown(report.file)}[/]")
    if report.import_error:
        console.print(Text.assemble(("  ✘ the file does not import: ", "red"), report.import_error))
        return
    table = Table(box=None, show_header=False, padding=(0, 1))
    table.add_column(width=1)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for verdict in report.verdicts:
        table.add_row(MARKS[verdict.outcome], verdict.function, verdict.outcome, Text(verdict.message))
    console.print(table)


@app.command()
def check(
    lesson: Annotated[str | None, typer.Argument(help="1-6, lesson3 or a slug like gradient-descent")] = None,
    every: Annotated[bool, typer.Option("--all", help="Grade every lesson.")] = False,
    solutions: Annotated[bool, typer.Option("--solutions", help="Grade the reference solutions.")] = False,
    path: Annotated[Path | None, typer.Option(help="Grade the lesson files in this folder.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Grade a lesson (your exercises/ by default), function by function."""
    lessons = chosen_lessons(lesson, every)
    reports = grade(lessons, implementation(solutions, path))
    if as_json:
        payload = [r.to_json() for r in reports] if every else reports[0].to_json()
        console.print_json(json.dumps(payload))
    else:
        for report in reports:
            print_report(report)
        print_summary(reports, every)
    raise typer.Exit(0 if all(r.passed == r.total for r in reports) else 1)


def print_summary(reports: list[LessonReport], every: bool) -> None:
    todo = next((r for r in reports if r.passed < r.total), None)
    if todo:
        verdict = todo.first_to_fix
        target = "the file" if todo.import_error else f"[bold]{verdict.function}[/]"
        console.print(
            f"\n[bold]Next:[/] fix {target} in {shown(todo.file)}, then run "
            f"[cyan]course check {todo.lesson.number}[/] again."
        )
    passed = sum(r.passed for r in reports)
    total = sum(r.total for r in reports)
    if every:
        done = sum(r.passed == r.total for r in reports)
        console.print(f"{done} of {len(reports)} lessons done; {passed} of {total} functions pass.")
    else:
        lesson = reports[0].lesson
        state = "passed" if passed == total else "not yet passed"
        console.print(f"lesson {lesson.number} ({lesson.slug}): {passed} of {total} functions pass, {state}.")


@app.command("list")
def list_lessons(
    path: Annotated[Path | None, typer.Option(help="The folder of lesson files to report on.")] = None,
) -> None:
    """Every lesson, its title and your state: not started, in progress or done."""
    reports = grade(list(LESSONS), implementation(False, path))
    table = Table(box=None)
    for column in ("#", "lesson", "you learn", "state"):
        table.add_column(column)
    for report in reports:
        lesson, state = report.lesson, report.state
        table.add_row(
            str(lesson.number),
            f"[bold]{lesson.title}[/]\n[dim]course check {lesson.slug}[/]",
            lesson.learns,
            f"[{STATE_STYLE[state]}]{state}[/] {report.passed}/{report.total}",
        )
    console.print(table)


@app.command("data")
def show_data(
    sample: Annotated[bool, typer.Option("--sample", help="Show the bundled sample instead.")] = False,
    download: Annotated[bool, typer.Option(help="Download the full data when it is not found.")] = True,
) -> None:
    """Show which Fashion-MNIST files the course uses, and verify them."""
    try:
        source = data.locate("sample" if sample else "auto", download=download)
    except data.DataError as error:
        fail(str(error), code=1)
    console.print(f"Using {source.description}.")
    if source.fallback_reason:
        console.print(f"[yellow]Not the full data:[/] {source.fallback_reason}.")
    table = Table(box=None)
    for column in ("file", "bytes", "MD5", "holds"):
        table.add_column(column, no_wrap=True)
    for entry in data.FILES:
        path = data.file_in(source.directory, entry)
        array = data.load(entry.split, source)[0 if entry.kind == "images" else 1]
        shape = " x ".join(map(str, array.shape))
        table.add_row(path.name, f"{path.stat().st_size:,}", "[green]verified[/]", f"{entry.kind} {shape}")
    console.print(table)
    console.print(f"Folder: {source.directory}")
    console.print("Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017), Zalando SE, MIT licence.")
