"""The `course` command: the student's, the instructor's and the course author's tools.

    course init                 make a workspace: the six lesson stubs, a README, a .gitignore
    course init --notebooks     ... with each lesson as an exercise notebook to work in Jupyter
    course check 1              grade your lesson1_data.py, function by function
    course check --all --json   grade every lesson, one JSON report per lesson
    course list                 every lesson with its state
    course status               progress over all lessons
    course hint 3               the next hint for the first function that does not pass
    course watch                re-check a lesson each time its file is saved
    course solution 3           the reference solution, once the lesson passes
    course reset 3              put a lesson's stub back, keeping a backup
    course data                 which Fashion-MNIST files are in use, verified
    course run binary           train an experiment, save its history and learning curves
    course plots                retrain every experiment, redraw every figure and the results table
    course grade SUBMISSIONS    grade a class in parallel into a gradebook
    course points REPORT        points from a JSON report, for classroom autograding

Exit codes: 0 all is well, 1 a check did not pass (or the data is bad), 2 a usage error.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from fashion_course import student
from fashion_course.grader import LessonReport, grade, grading
from fashion_course.grader.sandbox import isolation
from fashion_course.lessons import LESSONS, Lesson, UnknownLessonError, find_lesson
from fashion_course.submission import Submission, lesson_file, notebook_path, shown_name, staged
from fashion_course.workspace import (
    RESULTS,
    ROOT,
    SOLUTIONS,
    STUBS,
    LessonImportError,
    NoWorkspaceError,
    find_workspace,
    is_checkout,
    student_line,
)

if TYPE_CHECKING:
    from fashion_course.grader import similarity


def imported_when_used(name: str) -> ModuleType:
    """The module `name`, executed at its first attribute access (the standard library's
    LazyLoader): `course check` starts its checker without waiting for NumPy and the data code."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


data = imported_when_used("fashion_course.data")
experiments = imported_when_used("fashion_course.experiments")


class FlagsShownAsFlags:
    """Every on/off option shown in the help as the flag it is (`--json`, not `--json <bool>`),
    `--help` included."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if getattr(param, "is_flag", False):
                param.metavar = ""
        return params


class Command(FlagsShownAsFlags, typer.core.TyperCommand):
    pass


class Group(FlagsShownAsFlags, typer.core.TyperGroup):
    pass


app = typer.Typer(
    cls=Group,
    help="fashion-course: learn classification from scratch on Fashion-MNIST, with an autograder.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
command = functools.partial(app.command, cls=Command)
console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)

OUTCOME_STYLE = {
    "passed": "green",
    "failed": "red",
    "not started": "dim",
    "error": "red",
    "timeout": "yellow",
    "missing": "red",
}
MARKS = {outcome: f"[{OUTCOME_STYLE[outcome]}]{mark}[/]" for outcome, mark in grading.MARKS.items()}
STATE_STYLE = {"done": "green", "in progress": "yellow", "not started": "dim", "missing": "red"}


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one line to stderr and exit: 2 for a usage error, 1 for bad data."""
    errors.print(f"[red]error:[/] {message}", soft_wrap=True)
    raise typer.Exit(code)


def shown(path: Path) -> str:
    """A path relative to the current folder when it is inside it, else absolute."""
    path, here = Path(path).resolve(), Path.cwd().resolve()
    return str(path.relative_to(here)) if path.is_relative_to(here) else str(path)


def workspace(path: Path | None = None) -> Path:
    """`path` if given, else the workspace the current folder is in (one line and exit 2 if none)."""
    if path is not None:
        if not path.is_dir():
            fail(f"{path} is not a folder")
        return path.resolve()
    try:
        return find_workspace()
    except NoWorkspaceError as error:
        fail(str(error))


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
    return SOLUTIONS.resolve() if solutions else workspace(path)


def print_report(report: LessonReport) -> None:
    lesson = report.lesson
    console.print(f"\n[bold]Lesson {lesson.number} · {lesson.title}[/]  [dim]{shown(report.file)}[/]")
    for note in report.notes:
        console.print(Text(f"  ({note})", style="dim"))
    if report.import_error:
        console.print(Text.assemble(("  ✘ the file does not import: ", "red"), report.import_error))
        return
    if report.missing:
        console.print(Text.assemble(("  ∅ missing: ", "red"), report.verdicts[0].message))
        return
    table = Table(box=None, show_header=False, padding=(0, 1))
    table.add_column(width=1)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for verdict in report.verdicts:
        table.add_row(MARKS[verdict.outcome], verdict.function, verdict.outcome, Text(verdict.message))
    console.print(table)


@command()
def check(
    lesson: Annotated[str | None, typer.Argument(help="1-6, lesson3 or a slug like gradient-descent")] = None,
    every: Annotated[bool, typer.Option("--all", help="Grade every lesson.")] = False,
    solutions: Annotated[bool, typer.Option("--solutions", help="Grade the reference solutions.")] = False,
    path: Annotated[Path | None, typer.Option(help="Grade the lesson files in this folder.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Grade a lesson of your workspace (the one you are in), function by function."""
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
        if todo.missing:
            console.print(
                f"\n[bold]Next:[/] lesson {todo.lesson.number} has no file: "
                f"[cyan]course reset {todo.lesson.number}[/] writes its stub."
            )
        else:
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
    console.print(f"[dim]Isolation: {isolation().summary}[/]")


@command("list")
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


@command("data")
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
        console.print(Text(source.fallback_notice, style="yellow"))
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


def data_source(which: str) -> data.DataSource:
    """The data for a training command, with a one-line notice when it is only the sample."""
    if which not in ("auto", "full", "sample"):
        fail(f"--data must be auto, full or sample, not {which!r}")
    try:
        source = data.locate(which)
    except data.DataError as error:
        fail(str(error), code=1)
    if source.fallback_reason:
        errors.print(Text(source.fallback_notice, style="yellow"))
    return source


def originally_reported(experiment: experiments.Experiment) -> str:
    """The original challenge's numbers for `experiment`, e.g. "test accuracy 0.98, cost 0.075"."""
    return ", ".join(f"{k.replace('_', ' ')} {v:g}" for k, v in experiment.original.items())


def experiment_table() -> Table:
    table = Table(box=None)
    for column in ("experiment", "what it is", "the original reported"):
        table.add_column(column)
    for experiment in experiments.EXPERIMENTS.values():
        table.add_row(experiment.name, experiment.summary, originally_reported(experiment) or "-")
    return table


@command("run")
def run_experiment(
    name: Annotated[str | None, typer.Argument(help="The experiment; --list shows them.")] = None,
    show_list: Annotated[bool, typer.Option("--list", help="List the experiments.")] = False,
    which: Annotated[str, typer.Option("--data", help="auto (full if available), full or sample.")] = "auto",
    impl: Annotated[
        str, typer.Option(help="solutions, exercises (your workspace), or a folder of lesson files.")
    ] = "solutions",
    use_dev: Annotated[
        bool, typer.Option("--dev", help="Evaluate on a dev split of the training set, not the test set.")
    ] = False,
    out: Annotated[Path | None, typer.Option(help="Where to save the results (default: results/).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Train an experiment, print its results, and save its history and learning curves."""
    if show_list or name is None:
        console.print(experiment_table())
        raise typer.Exit(0 if show_list else 2)
    try:
        experiment = experiments.find_experiment(name)
    except experiments.UnknownExperimentError as error:
        fail(str(error))
    source = data_source(which)
    if not as_json:
        console.print(f"[bold]{experiment.name}[/]: {experiment.summary}\nData: {source.description}.")
    with tempfile.TemporaryDirectory(prefix="course-run-") as scratch:
        if impl == "solutions":
            folder = SOLUTIONS
        else:
            yours = workspace(None if impl == "exercises" else Path(impl))
            folder = yours_where_they_pass(experiment, yours, Path(scratch), as_json)
            try:  # your train logs once an epoch: so does the reference it is drawn over
                experiment = experiments.logged_as(experiment, folder)
            except LessonImportError as error:
                fail(f"{error}; fix it, then check it with `course check`", code=1)
        result = train_with_progress(experiment, folder, source, use_dev, quiet=as_json)
        if folder != SOLUTIONS:
            result.implementation = str(yours)  # not the scratch folder it trained from
    reference = None
    if folder != SOLUTIONS:  # overlay the reference, logged at the same steps (saved, or trained once)
        reference, _ = experiments.reference_result(experiment, source, use_dev=use_dev)
    history_path, figure = experiments.save(
        experiment, result, (out or Path("results")) / source.kind, reference
    )
    if as_json:
        console.print_json(json.dumps(result.summary()))
        return
    console.print(
        f"train accuracy {result.train_accuracy:.4f}, {result.evaluated_on} accuracy {result.eval_accuracy:.4f}, "
        f"cost {result.cost:.4f}, {result.seconds:.1f} s "
        f"({result.train_examples:,} training and {result.eval_examples:,} {result.evaluated_on} examples)"
    )
    if experiment.original:
        console.print(f"The original reported: {originally_reported(experiment)}.")
    console.print(f"Saved {shown(history_path)} and {shown(figure)}")


def yours_where_they_pass(
    experiment: experiments.Experiment, folder: Path, scratch: Path, quiet: bool
) -> Path:
    """A folder in `scratch` holding your lessons that pass their checks and the reference for
    the rest, of every lesson the experiment needs; says which is which."""
    needed = [lesson for lesson in LESSONS if lesson.number <= max(experiment.lessons)]
    submission = Submission.read(folder)  # read once: what passes is what trains
    with grading.Checker(needed) as checker:
        passing = {r.lesson.number for r in checker.grade_submission(submission) if r.passed == r.total}
    yours = staged(submission, needed, STUBS, scratch / "from-notebooks").folder  # a notebook as its .py
    mixed = scratch / folder.name
    mixed.mkdir()
    for lesson in needed:
        shutil.copyfile(
            (yours if lesson.number in passing else SOLUTIONS) / lesson.file_name, mixed / lesson.file_name
        )
    if not quiet:
        mine = [str(lesson.number) for lesson in needed if lesson.number in passing]
        others = [str(lesson.number) for lesson in needed if lesson.number not in passing]
        said = (
            f"your lesson{'s' if len(mine) > 1 else ''} {', '.join(mine)}" if mine else "none of your lessons"
        )
        rest = (
            f", and the reference for {', '.join(others)} (yours do not pass their checks yet: course check)"
            if others
            else ""
        )
        console.print(f"Training with {said}{rest}.")
    return mixed


TRAINING_COLUMNS = (
    TextColumn("{task.description:<16}"),
    BarColumn(),
    TextColumn("{task.fields[status]}"),
    TimeElapsedColumn(),
)


def show_training(progress: Progress, task: TaskID) -> Callable[[dict[str, list]], None]:
    """An `on_log` callback that moves `task`'s bar and shows the running cost and accuracy."""

    def on_log(history: dict[str, list]) -> None:
        done = (history.get("epoch") or history["step"])[-1]  # the bar counts epochs, or full-batch steps
        status = f"cost {history['cost'][-1]:.4f}  train acc {history['train_accuracy'][-1]:.3f}"
        progress.update(task, completed=done, status=status)

    return on_log


def train_with_progress(
    experiment: experiments.Experiment, folder: Path, source: data.DataSource, use_dev: bool, quiet: bool
) -> experiments.Result:
    with Progress(*TRAINING_COLUMNS, console=errors, disable=quiet) as progress:
        task = progress.add_task(f"training ({folder.name})", total=experiment.epochs, status="")
        try:
            result = experiments.run(
                experiment, folder, source, use_dev=use_dev, on_log=show_training(progress, task)
            )
        except LessonImportError as error:
            fail(f"{error}; fix it, then check it with `course check`", code=1)
        except Exception as error:  # the student's own code raised: say where, in one line
            where = student_line(error, folder) or "in the lesson functions"
            if isinstance(error, NotImplementedError):
                fail(
                    f"{where} still raises NotImplementedError: write it and pass `course check` first",
                    code=1,
                )
            fail(f"training with {shown(folder)} stopped: {type(error).__name__}: {error} ({where})", code=1)
        progress.update(task, completed=experiment.epochs)
    return result


@command("plots")
def regenerate_plots(
    which: Annotated[str, typer.Option("--data", help="auto (full if available), full or sample.")] = "auto",
    out: Annotated[
        Path | None,
        typer.Option(help="Where to write (default: docs/results/ in a checkout of the course, else ./course-results/)."),
    ] = None,
    only: Annotated[
        list[str] | None,
        typer.Option(help="Retrain only these experiments: --only mlp-sgd,mlp-adam (or repeat --only)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Retrain even the runs that are current.")] = False,
) -> None:
    """Retrain what changed since it was saved, then redraw every figure and the results table.

    A saved run is reused when its settings, the reference code it ran and the data are what they were.
    """
    from fashion_course import plots

    only = [name for names in only or () for name in names.split(",") if name]
    for name in only:
        try:
            experiments.find_experiment(name)
        except experiments.UnknownExperimentError as error:
            fail(str(error))
    source = data_source(which)
    directory = (out or (ROOT / "docs" / "results" if is_checkout(ROOT) else Path.cwd() / "course-results")) / source.kind
    if source.full and plots.start_from(RESULTS, directory):
        console.print("Starting from the runs the course ships: each is reused while it is current.")
    console.print(f"Regenerating every figure from {source.description} into {shown(directory)}.")
    start = time.perf_counter()
    trained: list[str] = []
    with Progress(*TRAINING_COLUMNS, console=console) as progress:

        def on_experiment(experiment: experiments.Experiment):
            trained.append(experiment.name)  # its last log fills its bar
            return show_training(
                progress, progress.add_task(experiment.name, total=experiment.epochs, status="")
            )

        results = plots.regenerate(directory, source, on_experiment, only, force)
    for name, result in results.items():
        how = "trained" if name in trained else "reused"
        console.print(
            f"{name:15s} train {result.train_accuracy:.4f}  test {result.eval_accuracy:.4f}  "
            f"cost {result.cost:.4f}  {result.seconds:6.1f} s  ({how})"
        )
    files = list(directory.iterdir())
    console.print(f"Wrote {len(files)} files to {shown(directory)} in {time.perf_counter() - start:.0f} s.")


def first_failing(lesson_name: str, path: Path | None) -> tuple[LessonReport, Path]:
    lesson = chosen_lessons(lesson_name, False)[0]
    folder = implementation(False, path)
    return grade([lesson], folder)[0], folder


@command()
def hint(
    lesson: Annotated[str, typer.Argument(help="1-6, lesson3 or a slug.")],
    path: Annotated[
        Path | None, typer.Option(help="Your lesson files, if not the workspace you are in.")
    ] = None,
) -> None:
    """The next hint for the first function of a lesson that does not pass yet."""
    report, folder = first_failing(lesson, path)
    verdict = report.first_to_fix
    if verdict is None:
        console.print(f"Lesson {report.lesson.number} passes: no hint needed. On to the next one!")
        return
    if report.import_error:
        console.print(Text.assemble(("Fix the file first: ", "bold"), report.import_error))
        raise typer.Exit(1)
    number, total, text = student.next_hint(report.lesson, verdict.function, folder)
    console.print(f"[bold]{verdict.function}[/] ({verdict.outcome}): hint {number} of {total}")
    console.print(Text(text), style="cyan")
    if verdict.outcome != "not started":
        console.print(Text(f"What the check says: {verdict.message}", style="dim"))
    if number < total:
        console.print(f"[dim]Run [bold]course hint {report.lesson.number}[/] again for the next hint.[/]")


@command()
def status(
    path: Annotated[
        Path | None, typer.Option(help="Your lesson files, if not the workspace you are in.")
    ] = None,
) -> None:
    """Your progress over all lessons, measured by running the checks."""
    reports = grade(list(LESSONS), implementation(False, path))
    passed, total = sum(r.passed for r in reports), sum(r.total for r in reports)
    table = Table(box=None)
    for column in ("#", "lesson", "state", "functions", "next to fix"):
        table.add_column(column)
    for report in reports:
        todo = report.first_to_fix
        table.add_row(
            str(report.lesson.number),
            report.lesson.title,
            f"[{STATE_STYLE[report.state]}]{report.state}[/]",
            f"{report.passed}/{report.total}",
            "the file does not import"
            if report.import_error
            else "the file is missing"
            if report.missing
            else (todo.function if todo else ""),
        )
    console.print(table)
    with Progress(
        TextColumn("overall"),
        BarColumn(bar_width=40),
        TextColumn("{task.completed}/{task.total} functions"),
        console=console,
    ) as bar:
        bar.add_task("", total=total, completed=passed)


@command()
def reset(
    lesson: Annotated[str, typer.Argument(help="1-6, lesson3 or a slug.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    path: Annotated[Path | None, typer.Option(help="Your workspace, if not the one you are in.")] = None,
) -> None:
    """Put a lesson's original stub back; your version is kept in the workspace's backups/."""
    chosen = chosen_lessons(lesson, False)[0]
    folder = workspace(path)
    target = lesson_file(folder, chosen)
    if not yes and not typer.confirm(
        f"Replace {shown(target)} with the original stub (your version is kept in backups/)?"
    ):
        console.print("Nothing changed.")
        raise typer.Exit(1)
    try:
        target, backup = student.reset(chosen, folder)
    except student.ResetError as error:
        fail(str(error), code=1)
    kept = f"; your version is in {shown(backup)}" if backup else ""
    console.print(f"Restored {shown(target)}{kept}.")


@command()
def init(
    folder: Annotated[Path, typer.Argument(help="Where to make the workspace.")] = Path("fashion-course"),
    notebooks: Annotated[
        bool,
        typer.Option(
            "--notebooks",
            help="Write each lesson as an exercise notebook (lessonN_*.ipynb) to work in Jupyter.",
        ),
    ] = False,
) -> None:
    """Make a workspace for your lesson files (or add the lessons it is missing; never overwrites)."""
    if folder.exists() and not folder.is_dir():
        fail(f"{folder} exists and is not a folder")
    as_notebooks = notebooks or student.holds_notebooks(folder)
    try:
        written = student.init_workspace(folder, notebooks)
    except (OSError, student.ResetError) as error:
        fail(f"cannot make a workspace in {folder}: {error}", code=1)
    if written:
        console.print(f"Wrote {', '.join(written)} in {shown(folder)}.")
    else:
        console.print(f"{shown(folder)} is already a complete workspace: nothing changed.")
    if as_notebooks and not notebooks:
        console.print(
            f"{shown(folder)} holds exercise notebooks, so a lesson it was missing is added as a notebook."
        )
    if as_notebooks:
        console.print(
            f"Next: [cyan]cd {shown(folder)}[/] and [cyan]jupyter lab lesson1_data.ipynb[/] "
            "(`pip install jupyterlab` if you have no Jupyter)."
        )
    else:
        console.print(f"Next: [cyan]cd {shown(folder)}[/] and [cyan]course check 1[/].")


@command()
def solution(
    lesson: Annotated[str, typer.Argument(help="1-6, lesson3 or a slug.")],
    force: Annotated[
        bool, typer.Option("--force", help="Show it even if the lesson does not pass (instructors).")
    ] = False,
    path: Annotated[
        Path | None, typer.Option(help="Your lesson files, if not the workspace you are in.")
    ] = None,
) -> None:
    """The reference solution of a lesson, once your version passes."""
    from rich.syntax import Syntax

    chosen = chosen_lessons(lesson, False)[0]
    if not force:
        report = grade([chosen], implementation(False, path))[0]
        if report.passed < report.total:
            fail(
                f"pass lesson {chosen.number} first ({report.passed} of {report.total} functions pass: "
                f"course check {chosen.number}); instructors can use --force",
                code=1,
            )
    console.print(Syntax((SOLUTIONS / chosen.file_name).read_text(), "python", line_numbers=True))


@command()
def watch(
    lesson: Annotated[str | None, typer.Argument(help="Watch only this lesson (default: all).")] = None,
    path: Annotated[
        Path | None, typer.Option(help="Your lesson files, if not the workspace you are in.")
    ] = None,
    interval: Annotated[float, typer.Option(help="Seconds between looks at the files.")] = 0.5,
) -> None:
    """Re-check a lesson every time you save its file (or press Enter); Ctrl-C stops.

    It looks at the files' modification times every `interval` seconds rather than waiting for
    file-system events, so it works on network drives, WSL and containers alike.
    """
    folder = implementation(False, path)
    lessons = chosen_lessons(lesson, False) if lesson else list(LESSONS)

    def stamps() -> dict[int, tuple[int, ...]]:
        """When each lesson's `.py` and notebook were saved (0: no such file): a change to either
        may change which one is graded."""
        return {
            x.number: tuple(
                path.stat().st_mtime_ns if path.exists() else 0
                for path in (folder / x.file_name, notebook_path(folder, x))
            )
            for x in lessons
        }

    enter = threading.Event()
    if sys.stdin and sys.stdin.isatty():
        threading.Thread(target=lambda: [enter.set() for _ in sys.stdin], daemon=True).start()
    current = next((r.lesson for r in grade(lessons, folder) if r.passed < r.total), lessons[0])
    console.print(
        f"Watching {shown(folder)}: save a lesson file to check it, press Enter to check again, Ctrl-C to stop."
    )
    seen, due = stamps(), [current]
    try:
        while True:
            for chosen in due:
                report = grade([chosen], folder)[0]
                print_report(report)
                print_summary([report], False)
                current = chosen
            time.sleep(interval)
            now = stamps()
            due = [x for x in lessons if now[x.number] != seen[x.number]]
            seen = now
            if enter.is_set():
                enter.clear()
                due = due or [current]
    except KeyboardInterrupt:
        console.print("Stopped watching.")


@command("grade")
def grade_class(
    submissions: Annotated[
        Path, typer.Argument(help="A folder holding one folder of lesson files per student.")
    ],
    out: Annotated[
        Path | None, typer.Option(help="Where to write the gradebook (default: SUBMISSIONS/../gradebook).")
    ] = None,
    lesson: Annotated[list[str] | None, typer.Option(help="Grade only these lessons (repeatable).")] = None,
    workers: Annotated[
        int | None, typer.Option(help="Submissions graded at once (default: one per core).")
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Grade on this Dask distributed cluster (its scheduler's address, e.g. tcp://10.0.0.5:8786); "
            "every worker needs the course and bubblewrap installed."
        ),
    ] = None,
    unsandboxed: Annotated[
        bool,
        typer.Option(
            "--let-submissions-read-and-change-my-files",
            help="Grade without a sandbox, where none is available: each submission's code can then read, "
            "change or delete whatever your user can, other students' files and the gradebook included.",
        ),
    ] = False,
) -> None:
    """Grade every student's folder in parallel into a gradebook (CSV and JSON); a rerun resumes."""
    from fashion_course.feedback import write_feedback
    from fashion_course.grader import gradebook

    if not submissions.is_dir():
        fail(f"{submissions} is not a folder")
    if not isolation().sandboxed and not unsandboxed and not scheduler:
        fail(
            "no sandbox: bubblewrap (`bwrap`) is not installed or does not work here, so one student's code "
            "could read or change another's files and the gradebook; install it (Debian: `apt install "
            "bubblewrap`), or pass --let-submissions-read-and-change-my-files to grade without one"
        )
    lessons = [chosen_lessons(name, False)[0] for name in lesson] if lesson else list(LESSONS)
    students = gradebook.submissions_in(submissions)
    if not students:
        fail(f"{submissions} holds no student folders")
    book = out or submissions.resolve().parent / "gradebook"
    start = time.perf_counter()
    reused, done = [], []
    signal.signal(signal.SIGINT, _interrupt_once)
    with Progress(
        TextColumn("grading"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} students"),
        TimeElapsedColumn(),
        console=errors,
    ) as progress:
        task = progress.add_task("", total=len(students))

        def graded(student: str, was_saved: bool) -> None:
            progress.advance(task)
            done.append(student)
            if was_saved:
                reused.append(student)

        try:
            results = gradebook.grade_all(submissions, lessons, book, workers, graded, scheduler)
        except KeyboardInterrupt:
            progress.stop()
            console.print(
                f"Stopped: {len(done)} of {len(students)} students graded, in {book / 'gradebook.csv'}. "
                "Run the same command again to grade the rest (who is graded is not graded again)."
            )
            # Each row is written whole and every checker is stopped: skip the interpreter's
            # teardown, which takes seconds once Dask's client is loaded.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(130)
        except ImportError:
            fail("--scheduler needs Dask's distributed on this machine: pip install distributed")
        except OSError as error:
            fail(f"cannot reach the Dask scheduler at {scheduler}: {error}", code=1)
    copies = gradebook.write_similarity(results.sources, lessons, book)
    passed_all = sum(all(r["passed"] == r["total"] for r in reports) for reports in results.reports.values())
    kept = f" ({len(reused)} unchanged since the last run, not graded again)" if reused else ""
    console.print(
        f"Graded {len(results.reports)} submissions{kept} of {len(lessons)} lesson(s) in {time.perf_counter() - start:.0f} s: "
        f"{passed_all} pass everything. Gradebook: {book / 'gradebook.csv'}"
    )
    print_similarity(copies, book / "similarity.csv")
    handed = write_feedback(book, results.reports)
    console.print(f"Feedback to hand back, a page per student: {shown(handed)}/STUDENT.html")
    console.print(f"[dim]Isolation: {isolation().summary}[/]")


def _interrupt_once(signum: int, frame: object) -> None:
    """Ctrl-C while grading: stop (KeyboardInterrupt), and let a second one change nothing."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def few(items: list[str], shown: int, separator: str) -> str:
    """`items` joined, the first `shown` of them and how many more when that saves a line: never
    "and 1 more" where the one would fit."""
    if len(items) <= shown + 1:
        return separator.join(items)
    return f"{separator.join(items[:shown])}{separator.rstrip()} and {len(items) - shown} more"


def print_similarity(report: similarity.Report, path: Path) -> None:
    """The copy report's summary in `course grade`'s output (`report`, a `similarity.Report`; `path`,
    its CSV, beside the HTML page): a handful of lines whatever the class size, the pairs of
    students first. Flags for a person to look at, not grades."""
    from fashion_course.grader.similarity import lesson_list

    page = path.with_name("similarity.html")
    pairs, copied = report.student_pairs(), report.copied_reference()
    if not pairs and not copied:
        console.print(
            "Similarity: no two students share code beyond the reference, and none hands in the "
            f"reference's code; no grade changed ({shown(path)})."
        )
        return
    console.print("Similarity: flags for you to judge; no grade changed.")
    if pairs:  # a folder's name as written, escaped, never read as markup
        closest = few(
            [
                f"{shown_name(first)} and {shown_name(second)} ({lesson_list([p.lesson for p in flags])}, "
                f"{max(p.score for p in flags):.0%})"
                for first, second, flags in pairs
            ],
            3,
            "; ",
        )
        counted = f"{len(pairs)} pairs of students share" if len(pairs) > 1 else "1 pair of students shares"
        console.print(Text(f"  {counted} code beyond the reference: {closest}"))
    if copied:
        named = few(
            [f"{shown_name(student)} ({lesson_list([p.lesson for p in flags])})" for student, flags in copied.items()],
            6,
            ", ",
        )
        counted = f"{len(copied)} student{'s hand' if len(copied) > 1 else ' hands'} in"
        console.print(Text(f"  {counted} the reference's code: {named}"))
    console.print(Text(f"  Side by side: {shown(page)}; every flag: {shown(path)}"))


@command()
def points(
    report: Annotated[Path, typer.Argument(help="The output of `course check --all --json`.")],
    summary: Annotated[
        Path | None, typer.Option(help="Also append a Markdown table here (a CI run's summary).")
    ] = None,
) -> None:
    """Points from a JSON report: one per passing function (for classroom autograding)."""
    try:
        reports = json.loads(report.read_text())
    except (OSError, ValueError) as error:
        fail(f"{report} is not a report of `course check --json`: {error}", code=1)
    reports = reports if isinstance(reports, list) else [reports]
    rows = ["| lesson | points | first to fix |", "| --- | --- | --- |"]
    for lesson in reports:
        todo = next((c for c in lesson["checks"] if c["outcome"] != "passed"), None)
        rows.append(
            f"| {lesson['lesson']} {lesson['slug']} | {lesson['passed']}/{lesson['total']} | {todo['function'] + ': ' + todo['outcome'] if todo else ''} |"
        )
    earned, possible = sum(r["passed"] for r in reports), sum(r["total"] for r in reports)
    rows.append(f"| **total** | **{earned}/{possible}** | |")
    if summary:
        with open(summary, "a", encoding="utf-8") as stream:
            stream.write("## fashion-course autograder\n\n" + "\n".join(rows) + "\n")
    console.print(f"Points: {earned}/{possible}")
