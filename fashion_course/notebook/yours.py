"""Your code, your results: the student's functions at work in their own notebook kernel.

    from fashion_course.notebook.yours import your_run
    your_run(3)             # lesson 3's run of the original challenge, with this kernel's functions
    your_run(3, "full")     # the same on the full data

    %load_ext fashion_course.notebook.yours
    %%yours adam_step       # a cell magic: the chapter's code in the cell, run with your adam_step
    ...                     # beside the reference's

Both first grade the lesson's functions as `check()` grades them (`kernel.graded`: the sandbox,
the trusted checks) and run nothing until the functions they use pass: they say which to finish
first, and raise nothing. Then they run the functions as this kernel has them, in the kernel
itself: the student's own code on the student's own machine, never in the sandbox, which only
grades.

`your_run(N)` trains the lesson's experiments of the original challenge (`RUNS`) with the runner
`course run` uses (`experiments.run`): an experiment is data, and the implementation it trains
is `kernel_lessons`, this kernel's functions for lesson N, the reference solutions of the lessons
before it, and the reference code of the lessons after it executed over this kernel's lesson N
(so lesson 4's run is the reference `train` of lesson 6 calling your `forward` and `backward`).
The reference's run of the same experiment, logged at the same steps
(`experiments.logged_as`), comes from `experiments.reference_result` (saved, or trained once and
kept); the figure draws your curves thin over the reference's, wide and pale, so equal code
draws one line, and the table puts yours, the reference's and the original challenge's numbers
side by side. Progress shows as a bar redrawn in place (IPython's `display_id`): JupyterLab
updates it as training goes, nbclient and nbconvert keep its last state.

The `%%yours` magic is what the exercise notebooks put after a chapter's cells tagged `yours`
(`build`): the cell holds those cells' code, separated by `# %%` lines; it runs them twice, in
copies of the kernel's namespace, once as the chapter ran them and once with the named functions
replaced by the kernel's, and shows the two outputs side by side.
"""

from __future__ import annotations

import ast
import base64
import contextlib
import copy
import functools
import html
import io
import math
import time
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from fashion_course import data, experiments
from fashion_course.experiments import EXPERIMENTS, Experiment, Lessons, Result
from fashion_course.grader.grading import MARKS, LessonReport
from fashion_course.lessons import LESSONS, Lesson, find_lesson
from fashion_course.notebook.view import markdown_html
from fashion_course.workspace import SOLUTIONS, execute_lesson, load_lesson

DATA = ("sample", "full")
REDRAW_SECONDS = 0.25  # the progress bar is redrawn at most this often
SEPARATOR = "# %%"  # between the chapter cells a `%%yours` cell holds
PNG_DPI = 110  # a 4-inch panel is about 440 pixels wide: two side by side in JupyterLab at 1280 px
PANEL_PIXELS = 480  # the widest a panel is shown


@dataclass(frozen=True)
class Section:
    """What a lesson's own run trains: experiments with the student's functions, each over the
    reference's, and reference runs drawn beside them for comparison, up to a number of steps."""

    trained: tuple[str, ...]
    compared: tuple[tuple[str, int], ...] = ()


RUNS: dict[int, Section] = {
    3: Section(("binary",)),
    4: Section(("mlp-small-init",)),
    5: Section(("mlp-he",), compared=(("mlp-small-init", 2000),)),
    6: Section(("mlp-sgd", "mlp-adam")),
}


def section_markdown(number: int) -> str:
    """The notebook's introduction to lesson `number`'s own run (the cell that follows calls `your_run`)."""
    section = RUNS[number]
    runs = [EXPERIMENTS[name] for name in section.trained]
    listed = "; ".join(f"`{e.name}`, {e.title}" for e in runs)
    compared = "".join(
        f" Beside it, the reference's `{name}` over its first {steps:,} steps, to compare with."
        for name, steps in section.compared
    )
    originals = " and ".join(f"`{e.name}`" for e in runs if e.original) or "these runs"
    long = [e for e in runs if e.model == "network" and e.full_batch]
    minutes = f" Its {long[0].epochs:,} full-batch steps take minutes, even on the sample." if long else ""
    return (
        f"## Your run of the original challenge\n\n"
        f"With every function of this lesson passing its check, the cell below trains the original "
        f"challenge's {'runs' if len(runs) > 1 else 'run'} with them, here in your kernel: {listed}."
        f"{compared}{minutes} It trains on the bundled sample, draws your learning curves over the "
        "reference's (yours thin, the reference's wide and pale, logged at the same steps: the same "
        "code draws one line) and puts your numbers beside the reference's and those the original "
        f'challenge reported for {originals}. `your_run({number}, "full")` trains on the full data '
        "instead: the original's sizes, and as many minutes as its steps take on your machine. Until "
        "every function of the lesson passes, the cell says which to finish first and trains nothing."
    )


def section_code(number: int) -> str:
    """The notebook's cell that runs lesson `number`'s own run."""
    return (
        "from fashion_course.notebook.yours import your_run\n\n"
        f'your_run({number})  # your_run({number}, "full") for the full data\n'
    )


# Which lessons' functions the kernel has, as modules the runner can train with.


def reference_over(lesson: Lesson, earlier: Mapping[int, types.ModuleType]) -> types.ModuleType:
    """Lesson `lesson`'s reference solution executed afresh, its `import lessonK_...` of an earlier
    lesson K giving `earlier[K]` (the reference, where `earlier` has no K)."""
    before = {
        other.number: earlier.get(other.number) or load_lesson(other, SOLUTIONS)
        for other in LESSONS
        if other.number < lesson.number
    }
    return execute_lesson(lesson, SOLUTIONS / lesson.file_name, before)


def overlay(lesson: Lesson, functions: Mapping[str, Callable]) -> types.ModuleType:
    """Lesson `lesson`'s reference module with `functions` (the kernel's) in place of its own."""
    module = types.ModuleType(lesson.module_name, f"lesson {lesson.number}, as this notebook's kernel has it")
    module.__dict__.update({k: v for k, v in vars(load_lesson(lesson, SOLUTIONS)).items() if k != "__doc__"})
    module.__dict__.update(functions)
    return module


def kernel_lessons(lesson: Lesson, namespace: Mapping[str, Any], last: int = 6) -> Lessons:
    """Lessons 1 to `last` as a kernel whose namespace holds `lesson`'s functions has them: the
    kernel's for `lesson`, the reference for the lessons before it, and the reference code of the
    lessons after it, executed over the kernel's."""
    modules: dict[int, types.ModuleType] = {}
    for other in LESSONS[:last]:
        if other.number < lesson.number:
            modules[other.number] = load_lesson(other, SOLUTIONS)
        elif other.number == lesson.number:
            modules[other.number] = overlay(other, {name: namespace[name] for name in other.functions})
        else:
            modules[other.number] = reference_over(other, modules)
    return Lessons("this notebook", modules)


# What the kernel's functions amount to: graded as check() grades them.


def _graded(lesson: Lesson) -> LessonReport:
    from fashion_course.notebook.kernel import graded

    return graded(lesson)[0]


def _user_namespace() -> dict[str, Any]:
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        raise RuntimeError(
            "your_run() trains a running notebook's functions; in a terminal, use `course run`"
        )
    return shell.user_ns


class Waiting:
    """What a cell shows instead of running: which functions to finish first. Raises nothing."""

    def __init__(self, what: str, report: LessonReport, names: Sequence[str], missing: Sequence[str] = ()):
        self.what, self.report, self.names, self.missing = what, report, list(names), list(missing)

    def todo(self) -> list[tuple[str, str]]:
        """(function, what is wrong with it), in writing order."""
        outcome = {v.function: v.outcome for v in self.report.verdicts}
        todo = [(name, outcome[name]) for name in self.names if outcome.get(name, "passed") != "passed"]
        todo += [(name, "not run in this kernel: run its exercise cell") for name in self.missing]
        return todo

    def first_line(self) -> str:
        if self.report.import_error:
            return (
                f"{self.what} waits for this notebook's exercise cells to run without errors: "
                "make them run, check them, then run this cell again."
            )
        names = [name for name, _ in self.todo()]
        several = len(names) > 1
        return (
            f"{self.what} waits for {listed(names)}: finish {'them' if several else 'it'} first "
            f"({'each has' if several else 'it has'} an exercise cell and a check cell), then run this cell again."
        )

    def __repr__(self) -> str:
        lines = [self.first_line()]
        if self.report.import_error:
            lines.append(f"  ! {self.report.import_error}")
        lines += [f"  {MARKS.get(outcome, '·')} {name}: {outcome}" for name, outcome in self.todo()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        e = html.escape
        items = "".join(f"<li><code>{e(name)}</code>: {e(outcome)}</li>" for name, outcome in self.todo())
        if self.report.import_error:
            items = f"<li>{e(self.report.import_error)}</li>"
        return (
            f'<div class="course-yours-waiting"><p>{markdown_html(self.first_line())}</p>'
            f'<ul style="margin-top:0">{items}</ul></div>'
        )


def listed(names: Sequence[str]) -> str:
    """`a`, `b` and `c`."""
    quoted = [f"`{name}`" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def waiting_for(lesson: Lesson, names: Sequence[str], what: str) -> tuple[Waiting | None, dict[str, Any]]:
    """None when `names` pass their checks and the kernel has them, else what to show instead;
    and the kernel's namespace."""
    namespace = _user_namespace()
    report = _graded(lesson)
    passing = {v.function for v in report.verdicts if v.outcome == "passed"}
    missing = [name for name in names if name in passing and not callable(namespace.get(name))]
    if report.import_error or not set(names) <= passing or missing:
        return Waiting(what, report, names, missing), namespace
    return None, namespace


# Progress, redrawn in place.


class ProgressLine:
    """One training's progress in the notebook: a bar, the steps done, the last cost and accuracy.

    Shown with a display id and redrawn at most every `REDRAW_SECONDS`: JupyterLab updates it in
    place as training goes; nbclient keeps its last state. Its text is rich's bar.
    """

    def __init__(self, label: str, total: int, steps_per_epoch: int | None = None) -> None:
        from IPython.display import display

        self.label, self.total, self.per_epoch = label, max(total, 1), steps_per_epoch
        self.done, self.status, self.start, self.drawn = 0, "", time.perf_counter(), 0.0
        self.handle = display(self, display_id=True)

    def update(self, done: float, status: str = "", final: bool = False) -> None:
        self.done = min(max(done, self.done), self.total)
        self.status = status or self.status
        now = time.perf_counter()
        if self.handle is not None and (final or now - self.drawn >= REDRAW_SECONDS):
            self.drawn = now
            self.handle.update(self)

    def on_log(self, history: dict[str, list]) -> None:
        """An `on_log` callback: the history's last step, cost and accuracy. Never raises."""
        try:
            step = (
                history["step"][-1] if history.get("step") else history["epoch"][-1] * (self.per_epoch or 1)
            )
            status = f"cost {history['cost'][-1]:.4f}, train accuracy {history['train_accuracy'][-1]:.1%}"
            self.update(step, status)
        except Exception:  # noqa: BLE001 (a progress bar must never stop training)
            pass

    def counted(self) -> Callable[[], None]:
        """A callback for every step, where training logs nothing until it returns."""
        counter = iter(range(1, 2**62))
        return lambda: self.update(next(counter))

    def finish(self, status: str = "") -> None:
        self.update(self.total, status, final=True)

    def where(self) -> str:
        if self.per_epoch:
            return f"epoch {self.done / self.per_epoch:.1f} of {self.total // self.per_epoch}"
        return f"step {self.done:,.0f} of {self.total:,}"

    def text(self) -> str:
        seconds = time.perf_counter() - self.start
        return " · ".join(filter(None, [self.label, self.where(), self.status, f"{seconds:.1f} s"]))

    def __repr__(self) -> str:
        from rich.console import Console
        from rich.progress_bar import ProgressBar

        console = Console(
            file=io.StringIO(), width=24, color_system=None, force_terminal=False, force_jupyter=False
        )
        with console.capture() as bar:
            console.print(ProgressBar(total=self.total, completed=self.done, width=24))
        return f"{bar.get().rstrip()} {self.text()}"

    def _repr_html_(self) -> str:
        return (
            f'<div class="course-progress" style="display:flex;flex-wrap:wrap;gap:0 .6em;align-items:center">'
            f'<progress max="{self.total}" value="{self.done:.0f}" style="width:12em;max-width:100%"></progress>'
            f"<span>{html.escape(self.text())}</span></div>"
        )


@contextlib.contextmanager
def steps_counted(function: Callable, name: str, on_step: Callable[[], None]) -> Iterator[None]:
    """While inside, `name` in the globals of `function` (a student's training function) is
    wrapped to call `on_step` first: each call is one optimisation step. Put back afterwards."""
    namespace = getattr(function, "__globals__", None)
    original = namespace.get(name) if isinstance(namespace, dict) else None
    if not callable(original):
        yield
        return

    @functools.wraps(original)
    def counted(*args, **kwargs):
        on_step()
        return original(*args, **kwargs)

    namespace[name] = counted
    try:
        yield
    finally:
        if namespace.get(name) is counted:
            namespace[name] = original


STEP_FUNCTION = {"logistic": "logistic_gradients", "network": "backward"}  # called once a step


def train_examples(experiment: Experiment, source: data.DataSource) -> int:
    """How many training images `experiment` keeps from `source`."""
    import numpy as np

    labels = data.load("train", source)[1]
    return int(np.isin(labels, experiment.classes).sum()) if experiment.classes else len(labels)


def trained(experiment: Experiment, impl, source: data.DataSource, label: str) -> Result:
    """`experiment` trained with `impl` on `source`, its progress shown as it goes."""
    m = train_examples(experiment, source)
    per_epoch = None if experiment.full_batch else -(-m // experiment.batch_size)
    progress = ProgressLine(label, experiments.steps_of(experiment, m), per_epoch)
    function = experiments.training_function(experiment, impl)
    if experiments.accepts(function, "on_log"):
        with_steps = contextlib.nullcontext()
    else:  # COURSE.md's train and gradient_descent take no callback: count the steps they make
        with_steps = steps_counted(function, STEP_FUNCTION[experiment.model], progress.counted())
    with with_steps:
        result = experiments.run(experiment, impl, source, on_log=progress.on_log)
    progress.finish(f"cost {result.cost:.4f}, train accuracy {result.train_accuracy:.1%}")
    return result


def reference_of(experiment: Experiment, source: data.DataSource) -> tuple[Result, str]:
    """The reference's run of `experiment`: saved or kept (at once), else trained with a progress bar."""
    found, where = experiments.reference_result(experiment, source, train=False)
    if found is not None:
        return found, where
    label = f"{experiment.name}, the reference (trained once, then kept in your cache)"
    m = train_examples(experiment, source)
    per_epoch = None if experiment.full_batch else -(-m // experiment.batch_size)
    progress = ProgressLine(label, experiments.steps_of(experiment, m), per_epoch)
    result, where = experiments.reference_result(experiment, source, on_log=progress.on_log)
    progress.finish(f"cost {result.cost:.4f}, train accuracy {result.train_accuracy:.1%}")
    return result, where


def first_steps(experiment: Experiment, steps: int, source: data.DataSource) -> Result:
    """The reference's run of `experiment` up to step `steps`: the saved or kept whole run cut
    there, or else a run of that many steps (the same numbers: full-batch steps do not depend on
    how many follow)."""
    found, _ = experiments.reference_result(experiment, source, train=False)
    if found is None:
        return reference_of(replace(experiment, epochs=min(steps, experiment.epochs)), source)[0]
    x = found.history.get("step") or found.history["epoch"]
    keep = sum(1 for value in x if value <= steps)
    history = {key: values[:keep] for key, values in found.history.items()}
    last = {key: values[-1] for key, values in history.items()}
    return replace(  # its seconds are the whole run's: not known for the part
        found,
        history=history,
        train_accuracy=last["train_accuracy"],
        eval_accuracy=last["dev_accuracy"],
        cost=last["cost"],
        seconds=float("nan"),
    )


# What a run shows: the curves, the table, and whether yours and the reference's agree.


@dataclass
class Pair:
    """One experiment trained with the kernel's functions, beside the reference's run of it."""

    experiment: Experiment
    yours: Result
    reference: Result


def agreement(pair: Pair) -> str:
    """How far your logged curve is from the reference's, in one sentence."""
    from fashion_course.figures import Run

    key = pair.experiment.x_key
    mine, theirs = (Run("", "yours", r.history, key) for r in (pair.yours, pair.reference))
    if list(mine.x) != list(theirs.x):
        return (
            f"Your `{pair.experiment.name}` logged at other steps than the reference's "
            f"({len(mine.x)} logs against {len(theirs.x)}), so the curves cannot be compared point by point."
        )
    gaps = {
        name: max(
            (abs(a - b) for a, b in zip(pair.yours.history.get(key, []), pair.reference.history[key])),
            default=0.0,
        )
        for name, key in (("cost", "cost"), ("train", "train_accuracy"), ("test", "dev_accuracy"))
    }
    logged = f"{len(mine.x)} logged {'steps' if key == 'step' else 'points'}"
    if not any(gaps.values()):
        return (
            f"Your `{pair.experiment.name}` and the reference's agree at all {logged}, to the last digit: "
            "one line in the figure."
        )
    return (
        f"Your `{pair.experiment.name}` differs from the reference's by at most {gaps['cost']:.2g} in cost and "
        f"{100 * max(gaps['train'], gaps['test']):.2g} points of accuracy over its {logged}."
    )


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f} %"


@dataclass
class Row:
    run: str  # the experiment
    who: str  # "yours", "reference", "original challenge", ...
    train: str
    test: str
    cost: str
    seconds: str


def rows(pairs: Sequence[Pair], compared: Sequence[tuple[Experiment, int, Result]]) -> list[Row]:
    table = []

    def measured(name: str, who: str, result: Result) -> Row:
        return Row(
            name, who, _percent(result.train_accuracy), _percent(result.eval_accuracy),
            f"{result.cost:.4f}", "-" if math.isnan(result.seconds) else f"{result.seconds:.1f}",
        )  # fmt: skip

    def original(experiment: Experiment, who: str = "original challenge") -> Row:
        reported = experiment.original
        if "dev_accuracy" in reported:
            evaluated = f"{_percent(reported['dev_accuracy'])} (dev)"
        else:
            evaluated = _percent(reported.get("test_accuracy"))
        cost = f"{reported['cost']:.3f}" if "cost" in reported else "-"
        return Row(experiment.name, who, _percent(reported.get("train_accuracy")), evaluated, cost, "-")

    for pair in pairs:
        table.append(measured(pair.experiment.name, "yours", pair.yours))
        table.append(measured(pair.experiment.name, "reference", pair.reference))
        if pair.experiment.original:
            table.append(original(pair.experiment))
    for experiment, _, result in compared:
        steps = (result.history.get("step") or result.history["epoch"])[-1]
        table.append(measured(experiment.name, f"reference, first {steps:,.0f} steps", result))
        if experiment.original:
            table.append(original(experiment, f"original challenge, all {experiment.epochs:,} steps"))
    return table


COLUMNS = ("run", "train", "test", "cost", "seconds")


class YourRun:
    """What `your_run` shows: the learning curves (yours over the reference's) and the table."""

    def __init__(self, number: int, source: data.DataSource, pairs: list[Pair], compared: list) -> None:
        self.number, self.source, self.pairs, self.compared = number, source, pairs, compared
        self.rows = rows(pairs, compared)

    def caption(self) -> str:
        first = self.pairs[0].yours
        sizes = f"{first.train_examples:,} training and {first.eval_examples:,} test images"
        where = "the bundled sample" if not self.source.full else "the full data"
        return (
            f"Lesson {self.number}'s run of the original challenge with your functions, on {where} ({sizes}); "
            "yours thin, the reference's wide and pale, logged at the same steps. Seconds are each run's "
            "training time when it was trained; the original challenge trained on the full data."
        )

    def figures(self) -> list:
        from fashion_course import figures

        runs = []
        for pair in self.pairs:
            e = pair.experiment
            runs.append(figures.Run(f"{e.name}, yours", e.concept, pair.yours.history, e.x_key))
            runs.append(
                figures.Run(f"{e.name}, reference", e.concept, pair.reference.history, e.x_key, faded=True)
            )
        for experiment, _, result in self.compared:
            runs.append(
                figures.Run(
                    f"{experiment.name}, reference",
                    experiment.concept,
                    result.history,
                    experiment.x_key,
                    faded=True,
                )
            )
        x_label = self.pairs[0].experiment.x_label
        return list(figures.curve_panels(runs, x_label, "test", name_runs_once=True))

    @functools.cached_property
    def images(self) -> list[bytes]:
        """The panels as PNGs, drawn once: at the notebook's resolution, without the site's font
        measurement (`figures.png_bytes`), which draws each figure once more."""
        import matplotlib.pyplot as plt

        pngs = []
        for fig in self.figures():
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=PNG_DPI, bbox_inches="tight", metadata={"Software": None})
            plt.close(fig)
            pngs.append(buffer.getvalue())
        return pngs

    def __repr__(self) -> str:
        table = [list(COLUMNS)] + [
            [f"{r.run} · {r.who}", r.train, r.test, r.cost, r.seconds] for r in self.rows
        ]
        widths = [max(len(row[i]) for row in table) for i in range(len(COLUMNS))]
        lines = [self.caption(), ""]
        for row in table:
            lines.append(
                "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
            )
        lines += ["", *(agreement(pair) for pair in self.pairs)]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        e = html.escape
        cell = "padding:.15em .6em;text-align:right;white-space:nowrap"
        head = "".join(
            f'<th style="{cell};text-align:{"left" if c == "run" else "right"}">{c}</th>' for c in COLUMNS
        )
        body = "".join(
            f'<tr class="course-run-{e(r.who.split(",")[0].replace(" ", "-"))}" style="background:none">'
            f'<td style="padding:.15em .6em;text-align:left"><code>{e(r.run)}</code> {e(r.who)}</td>'
            + "".join(f'<td style="{cell}">{e(v)}</td>' for v in (r.train, r.test, r.cost, r.seconds))
            + "</tr>"
            for r in self.rows
        )
        images = "".join(  # side by side where two fit, else stacked
            f'<div style="flex:1 1 300px;max-width:{PANEL_PIXELS}px">'
            f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}" '
            f'alt="{e(self.caption())}" style="width:100%"></div>'
            for png in self.images
        )
        said = "".join(f"<p>{markdown_html(agreement(pair))}</p>" for pair in self.pairs)
        return (
            f'<div class="course-your-run" data-lesson="{self.number}">'
            f'<div style="display:flex;flex-wrap:wrap;gap:.5em">{images}</div>'
            f'<p style="font-size:smaller">{e(self.caption())}</p>'
            f'<div style="max-width:100%;overflow-x:auto"><table class="course-your-run-table" '
            f'style="border-collapse:collapse;margin:0;table-layout:auto">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>{said}</div>"
        )


class Stopped:
    """What a run shows when the student's code raised during training: one line, no traceback."""

    def __init__(self, what: str, error: Exception) -> None:
        self.line = f"{what} stopped: {type(error).__name__}: {error}{_where(error)}"

    def __repr__(self) -> str:
        return self.line

    def _repr_html_(self) -> str:
        return f'<p class="course-yours-stopped" style="color:#c62828">{html.escape(self.line)}</p>'


def _where(error: BaseException) -> str:
    """` (In [7], line 3)` for the last frame of `error` in a cell this kernel ran, else nothing."""
    import traceback

    from IPython import get_ipython

    shell = get_ipython()
    cells = getattr(getattr(shell, "compile", None), "_filename_map", {}) if shell else {}
    mine = [f for f in traceback.extract_tb(error.__traceback__) if f.filename in cells]
    return f" (In [{cells[mine[-1].filename]}], line {mine[-1].lineno})" if mine else ""


def your_run(lesson: int | str, data_set: str = "sample") -> YourRun | Waiting | Stopped:
    """Train lesson `lesson`'s runs of the original challenge (`RUNS`) with this kernel's
    functions, on the bundled sample or, with "full", on the full data (see the module's docstring).
    Until every function of the lesson passes its check, says which to finish first and trains
    nothing."""
    found = find_lesson(lesson)
    if found.number not in RUNS:
        runs = ", ".join(str(n) for n in RUNS)
        raise ValueError(f"lesson {found.number} has no run of the original challenge; lessons {runs} do")
    if data_set not in DATA:
        raise ValueError(f'data_set is "sample" (the bundled sample) or "full", not {data_set!r}')
    section = RUNS[found.number]
    names = " and ".join(f"`{name}`" for name in section.trained)
    waiting, namespace = waiting_for(found, found.functions, f"Your run of {names}")
    if waiting is not None:
        return waiting
    try:
        source = data.locate(data_set)
    except data.DataError as error:
        return Stopped("Your run", error)
    implementation = kernel_lessons(found, namespace)
    pairs = []
    for name in section.trained:
        experiment = experiments.logged_as(EXPERIMENTS[name], implementation)
        try:
            mine = trained(experiment, implementation, source, f"{name}, yours")
        except Exception as error:  # noqa: BLE001 (the student's code: one line, in the notebook)
            return Stopped(f"Your run of `{name}`", error)
        pairs.append(Pair(experiment, mine, reference_of(experiment, source)[0]))
    compared = [
        (EXPERIMENTS[name], steps, first_steps(EXPERIMENTS[name], steps, source))
        for name, steps in section.compared
    ]
    return YourRun(found.number, source, pairs, compared)


# The `%%yours` magic: a chapter's computation again, with the kernel's functions.


def magic_code(functions: Sequence[str], cells: Sequence[str], heading: str) -> str:
    """The source of a `%%yours` cell: the chapter's `cells`, run again with `functions` yours."""
    body = f"\n{SEPARATOR}\n".join(cell.strip("\n") for cell in cells)
    return f"%%yours {' '.join(functions)}\n# {heading}\n{body}\n"


def _loaded_names(code: str) -> set[str]:
    return {node.id for node in ast.walk(ast.parse(code)) if isinstance(node, ast.Name)}


UNCOPIED = (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type, functools.partial)


def namespace_copy(namespace: Mapping[str, Any], code: str) -> dict[str, Any]:
    """A copy of the kernel's namespace in which `code` may change what it reads: the data it names
    is copied (deeply), the modules, functions and classes are shared."""
    copied = dict(namespace)
    for name in _loaded_names(code) & set(namespace):
        value = namespace[name]
        if not isinstance(value, UNCOPIED) and not name.startswith("_"):
            try:
                copied[name] = copy.deepcopy(value)
            except Exception:  # noqa: BLE001 (what cannot be copied is shared)
                pass
    return copied


def with_functions(
    namespace: dict[str, Any], lesson: Lesson, functions: Mapping[str, Callable]
) -> dict[str, Any]:
    """`namespace` with lesson `lesson`'s reference module, and its reference functions, replaced
    by ones holding `functions`."""
    reference = load_lesson(lesson, SOLUTIONS)
    theirs = overlay(lesson, functions)
    originals = {id(getattr(reference, name)): name for name in functions}
    for key, value in list(namespace.items()):
        if value is reference:
            namespace[key] = theirs
        elif id(value) in originals and callable(value):
            namespace[key] = functions[originals[id(value)]]
    return namespace


@dataclass
class Output:
    """What one chapter cell printed and displayed, as Jupyter would show it."""

    stdout: str
    shown: list[dict[str, Any]]  # mime bundles, in order
    error: str = ""

    def html(self) -> str:
        parts = []
        if self.stdout:
            parts.append(
                # printed tables keep their columns: a narrow window scrolls them, never wraps them
                f'<pre style="white-space:pre;overflow-x:auto;max-width:100%">{html.escape(self.stdout)}</pre>'
            )
        for bundle in self.shown:
            if "text/html" in bundle:
                parts.append(str(bundle["text/html"]))
            elif "image/png" in bundle:
                parts.append(
                    f'<img src="data:image/png;base64,{bundle["image/png"]}" style="max-width:100%">'
                )
            else:
                parts.append(f"<pre>{html.escape(str(bundle.get('text/plain', '')))}</pre>")
        if self.error:
            parts.append(f'<p style="color:#c62828">{html.escape(self.error)}</p>')
        return "".join(parts)

    def text(self) -> str:
        shown = [str(bundle.get("text/plain", "")) for bundle in self.shown]
        return "\n".join(filter(None, [self.stdout.rstrip("\n"), *shown, self.error]))


def run_cells(cells: Sequence[str], namespace: dict[str, Any], who: str) -> list[Output]:
    """Run each cell's code in `namespace` as Jupyter would (its last expression shown), capturing
    what it prints and shows; stops at the first exception, which it describes in one line."""
    from IPython.display import display
    from IPython.utils.capture import capture_output

    outputs = []
    for cell in cells:
        tree = ast.parse(cell)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        error = ""
        with capture_output(display=True) as captured:
            try:
                exec(compile(tree, f"<chapter cell, {who}>", "exec"), namespace)
                if last is not None:
                    value = eval(
                        compile(ast.Expression(last.value), f"<chapter cell, {who}>", "eval"), namespace
                    )
                    if value is not None:
                        display(value)
            except Exception as raised:  # noqa: BLE001 (shown in its column; the cell raises nothing)
                error = f"{type(raised).__name__}: {raised}{_where(raised)}"
        outputs.append(Output(captured.stdout, [dict(o.data) for o in captured.outputs], error))
        if error:
            break
    return outputs


class SideBySide:
    """The chapter's computation with your functions beside it with the reference's."""

    def __init__(self, functions: Sequence[str], yours: list[Output], reference: list[Output]) -> None:
        self.functions, self.yours, self.reference = list(functions), yours, reference

    def same(self) -> bool:
        return [(o.stdout, o.shown, o.error) for o in self.yours] == [
            (o.stdout, o.shown, o.error) for o in self.reference
        ]

    def verdict(self) -> str:
        names = listed(self.functions)
        if self.same():
            return f"With your {names} this computation gives exactly what it gives with the reference's."
        if any(o.error for o in self.yours):
            return f"With your {names} this computation stopped; with the reference's it ran."
        return f"With your {names} this computation gives another output than with the reference's: compare them."

    def __repr__(self) -> str:
        names = ", ".join(self.functions)
        mine = "\n".join(o.text() for o in self.yours)
        theirs = "\n".join(o.text() for o in self.reference)
        return f"{self.verdict()}\n\nWith your {names}:\n{mine}\n\nWith the reference's:\n{theirs}"

    def _repr_html_(self) -> str:
        names = ", ".join(f"<code>{html.escape(name)}</code>" for name in self.functions)
        column = 'style="flex:1 1 20em;min-width:0"'
        return (
            f'<div class="course-yours-beside"><p>{markdown_html(self.verdict())}</p>'
            f'<div style="display:flex;flex-wrap:wrap;gap:0 1.5em">'
            f'<div class="course-yours-mine" {column}><p><strong>With your {names}</strong></p>'
            f"{''.join(o.html() for o in self.yours)}</div>"
            f'<div class="course-yours-reference" {column}><p><strong>With the reference\'s</strong></p>'
            f"{''.join(o.html() for o in self.reference)}</div></div></div>"
        )


def yours_magic(line: str, cell: str) -> SideBySide | Waiting:
    """`%%yours NAME ...`: the cell's code (chapter cells separated by `# %%` lines) run with the
    reference's functions and with the kernel's NAME ..., side by side, once those pass."""
    from fashion_course.notebook.kernel import lesson_and_function

    functions = line.split()
    if not functions:
        raise ValueError("name the functions: %%yours init_adam adam_step")
    found = [lesson_and_function(name) for name in functions]
    if len({lesson.number for lesson, _ in found}) != 1 or any(name is None for _, name in found):
        raise ValueError(f"%%yours takes functions of one lesson, not {line!r}")
    lesson = found[0][0]
    what = f"The computation above, with your {listed(functions)},"
    waiting, namespace = waiting_for(lesson, functions, what)
    if waiting is not None:
        return waiting
    cells = [part for part in _split(cell) if part.strip()]
    code = "\n".join(cells)
    reference = run_cells(cells, namespace_copy(namespace, code), "the reference's")
    mine_namespace = with_functions(
        namespace_copy(namespace, code), lesson, {n: namespace[n] for n in functions}
    )
    return SideBySide(functions, run_cells(cells, mine_namespace, "yours"), reference)


def _split(cell: str) -> list[str]:
    parts, current = [], []
    for line in cell.split("\n"):
        if line.strip() == SEPARATOR:
            parts.append("\n".join(current))
            current = []
        else:
            current.append(line)
    return [*parts, "\n".join(current)]


def load_ipython_extension(shell) -> None:
    """`%load_ext fashion_course.notebook.yours`: registers the `%%yours` cell magic."""
    shell.register_magic_function(yours_magic, magic_kind="cell", magic_name="yours")
