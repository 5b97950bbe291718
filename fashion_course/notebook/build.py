"""The exercise notebooks: each lesson's chapter, with the functions to write where it derives them.

Made from the one source the site uses, never written twice: the lesson page (a jupytext
percent-format notebook, `docs/lessons/lessonN_*.py`) and the lesson's stubs (`exercises/`).
A page marks the place of each function the student writes with a code cell tagged `exercise`
that holds `# exercise: NAME` (the site leaves such cells out); the notebook puts there the
stub of NAME (signature, contract docstring, `raise NotImplementedError`) in an exercise cell,
followed by a check cell, `check("NAME")`. Cells tagged `site-only` (the page's note on where to
write code) and `claim` (assertions that keep the prose true when the site builds, on the data
the build reads) are left out of the notebook, which opens with how to work in it instead, and a
set-up cell that imports `check` and what the stub imports, right after the title.

The student's functions also do the chapter's work, in cells made for the notebook only
(`notebook.yours` runs them in the student's kernel):

- after the lesson's last exercise, lessons 3 to 6 train their runs of the original challenge
  with the student's functions (`yours.RUNS`): a heading, and a cell that calls `your_run(N)`;
- a page marks a computation that uses a function the student writes with the tag `yours` on its
  code cell (or on consecutive code cells, with only text between them: the figure drawn from a
  computation's numbers, say). The notebook adds a companion cell, `%%yours NAME ...` followed by
  that code, which runs it again with the student's NAME ... beside the reference's: right after
  the tagged cells, or after the check cell of the last of those functions when its exercise
  comes later on the page. The functions are those of the lesson the code reaches through the
  page's names for the lesson's reference module (`L6 = pages.reference(6)`: `L6.adam_step`).
  The companion reads the kernel's variables when it runs, so a page may not change, between the
  tagged cells and the companion, a variable the tagged code reads without setting it first.

Run top to bottom with the stubs untouched, every check cell says "not started", and the cells
made for the notebook say which functions to finish first, running nothing.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fashion_course.lessons import LESSONS, Lesson
from fashion_course.notebook.yours import RUNS, listed, magic_code, section_code, section_markdown
from fashion_course.submission import COURSE_PACKAGE
from fashion_course.workspace import PAGES, STUBS

EXERCISE_MARK = re.compile(r"#\s*exercise:\s*(\w+)")
KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}


YOURS = "yours"  # the tag of a page's code cell to run again with the student's functions
EXTENSION = "%load_ext fashion_course.notebook.yours"  # the `%%yours` cell magic


class PageError(ValueError):
    """A lesson page whose exercise marks do not match the lesson's functions, or whose `yours`
    cells the notebook cannot run again with the student's functions."""


def _reference_number(node: ast.expr, bound: dict[str, int]) -> int | None:
    """N for `pages.reference(N)` or `reference(N)` (N a number, or a name in `bound`)."""
    if not isinstance(node, ast.Call) or len(node.args) != 1 or node.keywords:
        return None
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
    if name != "reference":
        return None
    argument = node.args[0]
    if isinstance(argument, ast.Constant) and isinstance(argument.value, int):
        return argument.value
    return bound.get(getattr(argument, "id", None))


def lesson_names(sources: Iterable[str]) -> tuple[dict[str, int], dict[str, tuple[int, str]]]:
    """The names a page's code binds to lessons: to a lesson's module (`L1 = pages.reference(1)`,
    `L2, L3 = (pages.reference(n) for n in (2, 3))`, `import lesson4_softmax as L4`) -> its
    number, and to one of its functions (`from lesson4_softmax import forward as f`) -> (number,
    function)."""
    numbers = {lesson.module_name: lesson.number for lesson in LESSONS}
    modules: dict[str, int] = {}
    functions: dict[str, tuple[int, str]] = {}
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in numbers:
                        modules[alias.asname or alias.name] = numbers[alias.name]
            elif isinstance(node, ast.ImportFrom) and node.module in numbers:
                for alias in node.names:
                    functions[alias.asname or alias.name] = (numbers[node.module], alias.name)
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
                if isinstance(target, ast.Name):
                    number = _reference_number(value, {})
                    if number is not None:
                        modules[target.id] = number
                elif isinstance(target, ast.Tuple) and isinstance(value, (ast.Tuple, ast.List)):
                    for name, item in zip(target.elts, value.elts):
                        number = _reference_number(item, {})
                        if isinstance(name, ast.Name) and number is not None:
                            modules[name.id] = number
                elif isinstance(target, ast.Tuple) and isinstance(value, (ast.GeneratorExp, ast.ListComp)):
                    (loop,) = value.generators[:1] or [None]
                    if loop is None or not isinstance(loop.target, ast.Name):
                        continue
                    if not isinstance(loop.iter, (ast.Tuple, ast.List)):
                        continue
                    for name, item in zip(target.elts, loop.iter.elts):
                        if not isinstance(item, ast.Constant):
                            continue
                        number = _reference_number(value.elt, {loop.target.id: item.value})
                        if isinstance(name, ast.Name) and number is not None:
                            modules[name.id] = number
    return modules, functions


def lesson_functions_used(
    source: str, modules: dict[str, int], functions: dict[str, tuple[int, str]]
) -> list[tuple[int, str]]:
    """The lesson functions `source` reaches, called or not, in order: (lesson, function)."""
    used = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
            used.append((modules[node.value.id], node.attr))
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in functions:
            used.append(functions[node.id])
    return list(dict.fromkeys(used))


def _module_level(tree: ast.Module) -> Iterable[ast.AST]:
    """Every node of `tree` but those inside a function, lambda or class body."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        stack.extend(ast.iter_child_nodes(node))


def stored_names(source: str) -> set[str]:
    """The names a cell binds in the notebook's namespace."""
    names = set()
    for node in _module_level(ast.parse(source)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def _loads(node: ast.AST) -> set[str]:
    """The names `node` reads from the namespace it runs in: a function's (or lambda's) own
    parameters and the names it binds in its body aside."""
    if isinstance(node, ast.Name):
        return {node.id} if isinstance(node.ctx, ast.Load) else set()
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        arguments = node.args
        own = {
            a.arg
            for a in (
                *arguments.posonlyargs,
                *arguments.args,
                *arguments.kwonlyargs,
                arguments.vararg,
                arguments.kwarg,
            )
            if a is not None
        }
        body = node.body if isinstance(node.body, list) else [node.body]
        own |= {
            n.id
            for part in body
            for n in ast.walk(part)
            if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)
        }
        outside = [*arguments.defaults, *(d for d in arguments.kw_defaults if d is not None)]
        outside += getattr(node, "decorator_list", [])
        inside = set().union(*(_loads(part) for part in body))
        return (inside - own) | set().union(*(_loads(part) for part in outside))
    return set().union(*(_loads(child) for child in ast.iter_child_nodes(node)))


def read_names(sources: Sequence[str]) -> set[str]:
    """The names `sources`, run in order, read from the namespace before binding them."""
    bound, read = set(dir(builtins)), set()
    for source in sources:
        for statement in ast.parse(source).body:
            here = stored_names(ast.unparse(statement))
            read |= _loads(statement) - bound - here
            bound |= here
    return read


@dataclass
class YoursGroup:
    """Consecutive page code cells tagged `yours`, and the lesson functions they use."""

    sources: list[str] = field(default_factory=list)
    functions: list[str] = field(default_factory=list)
    heading: str = ""
    last_cell: int = 0  # the notebook's cell count after the group's last cell


def stub_functions(stub: str) -> tuple[list[str], dict[str, str]]:
    """The stub's imports (but `from __future__`), and each function's source as written."""
    tree, lines = ast.parse(stub), stub.split("\n")
    imports = [
        ast.get_source_segment(stub, node)
        for node in tree.body
        if isinstance(node, (ast.Import, ast.ImportFrom)) and getattr(node, "module", "") != "__future__"
    ]
    functions = {
        node.name: "\n".join(lines[node.lineno - 1 : node.end_lineno])
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
    }
    return imports, functions


def introduction(lesson: Lesson) -> str:
    names = ", ".join(f"`{name}`" for name in lesson.functions)
    return (
        f"**This is lesson {lesson.number} as an exercise notebook.** Read it top to bottom and run each "
        f"cell. You write {names}: each has an exercise cell where the chapter derives it, holding its "
        "stub. Replace the `raise NotImplementedError` with your code, run the cell, then run the check "
        "cell below it: it grades your function in a sandbox, with the same checks as "
        f"`course check {lesson.number}`, and shows what to fix next. Running the notebook with the "
        "stubs untouched is fine: the checks say *not started*. In a terminal, "
        f"`course check {lesson.number}` grades this notebook too."
        + (
            " Once all of them pass, the cell after the last check trains the original challenge's "
            "run with them, in this kernel, and draws it over the reference's."
            if lesson.number in RUNS
            else ""
        )
    )


def exercise_notebook(lesson: Lesson, pages: Path = PAGES, stubs: Path = STUBS):
    """The exercise notebook of `lesson` (an `nbformat` notebook), built from its page and stub."""
    import jupytext
    import nbformat.v4 as nb

    page = jupytext.read(pages / lesson.file_name)
    imports, functions = stub_functions((stubs / lesson.file_name).read_text(encoding="utf-8"))
    shown = [cell for cell in page.cells if not {"site-only", "claim"} & set(cell.metadata.get("tags", []))]
    modules, imported = lesson_names(c.source for c in shown if c.cell_type == "code")
    setup = [f"from {COURSE_PACKAGE}.notebook.kernel import check", *imports]
    cells, placed, titled = [], [], False
    checked: dict[str, int] = {}  # a function -> the notebook's cell count after its check cell
    groups: list[YoursGroup] = []
    between: list[tuple[int, str]] = []  # (cell count after it, source) of every chapter code cell
    open_group: YoursGroup | None = None
    heading = ""
    for cell in shown:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "markdown":
            titles = re.findall(r"^#+ (.+)$", cell.source, flags=re.MULTILINE)
            heading = titles[-1] if titles else heading
        if "exercise" not in tags:
            copy = (
                nb.new_code_cell(cell.source)
                if cell.cell_type == "code"
                else nb.new_markdown_cell(cell.source)
            )
            copy.metadata = {k: v for k, v in cell.metadata.items() if k == "tags"}
            cells.append(copy)
            if not titled and cell.cell_type == "markdown" and cell.source.lstrip().startswith("# "):
                cells.append(nb.new_markdown_cell(introduction(lesson), metadata={"tags": ["notebook-only"]}))
                cells.append(nb.new_code_cell("", metadata={"tags": ["setup"]}))  # after the title
                titled = True
            if cell.cell_type == "code" and YOURS in tags:
                if open_group is None:
                    open_group = YoursGroup(heading=heading)
                    groups.append(open_group)
                open_group.sources.append(cell.source)
                used = {n for number, n in lesson_functions_used(cell.source, modules, imported) if number == lesson.number}
                open_group.functions = [n for n in lesson.functions if n in used or n in open_group.functions]
                open_group.last_cell = len(cells)
            elif cell.cell_type == "code":
                open_group = None
            if cell.cell_type == "code":
                between.append((len(cells), cell.source))
            continue
        open_group = None
        name = EXERCISE_MARK.search(cell.source)
        if not name or name.group(1) not in functions:
            raise PageError(
                f"{lesson.file_name}: an exercise cell names no function of the lesson: {cell.source!r}"
            )
        name = name.group(1)
        cells.append(
            nb.new_code_cell(functions[name], metadata={"tags": ["exercise"], "course": {"function": name}})
        )
        cells.append(nb.new_code_cell(f'check("{name}")', metadata={"tags": ["check"]}))
        checked[name] = len(cells)
        placed.append(name)
    if sorted(placed) != sorted(lesson.functions):
        raise PageError(
            f"{lesson.file_name} places {placed or 'no exercise'}, but lesson {lesson.number} has {list(lesson.functions)}"
        )
    insertions: list[tuple[int, list]] = []
    for group in groups:
        insertions.append((companion_place(lesson, group, checked, between), companion_cells(group)))
    if groups:
        setup.insert(1, EXTENSION)
    if lesson.number in RUNS:
        last = max(checked.values())
        insertions.append(
            (
                last,
                [
                    nb.new_markdown_cell(
                        section_markdown(lesson.number), metadata={"tags": ["notebook-only"]}
                    ),
                    nb.new_code_cell(
                        section_code(lesson.number), metadata={"tags": ["notebook-only", "your-run"]}
                    ),
                ],
            )
        )
    # From the end, so that each place stays where it was; at one place, the companions first.
    for _, (at, made) in sorted(enumerate(insertions), key=lambda item: (item[1][0], item[0]), reverse=True):
        cells[at:at] = made
    setup_cell = next(c for c in cells if "setup" in c.metadata.get("tags", []))
    setup_cell.source = "\n".join(setup)
    notebook = nb.new_notebook(cells=cells)
    notebook.metadata = {"kernelspec": KERNEL, "language_info": {"name": "python"}}
    return notebook


def companion_place(
    lesson: Lesson, group: YoursGroup, checked: dict[str, int], between: list[tuple[int, str]]
) -> int:
    """Where the companion of `group` goes: after its last cell, or after the check of the last
    function it uses whose exercise comes later; a `PageError` when it cannot run there."""
    where = f'{lesson.file_name}: the `yours` cells under "{group.heading}" ({group.sources[0].splitlines()[0]!r})'
    if not group.functions:
        raise PageError(
            f"{where} use none of lesson {lesson.number}'s functions through the page's names for it"
        )
    at = max([group.last_cell, *(checked[name] for name in group.functions)])
    read = read_names(group.sources)
    changed = {
        name
        for count, source in between
        if group.last_cell < count <= at
        for name in stored_names(source) & read
    }
    if changed:
        raise PageError(
            f"{where} read {', '.join(sorted(changed))}, which the page sets again before the last of "
            f"{', '.join(group.functions)} is checked: the notebook reruns them there"
        )
    return at


def companion_cells(group: YoursGroup) -> list:
    """A note and the `%%yours` cell that reruns `group` with the student's functions."""
    import nbformat.v4 as nb

    names = listed(group.functions)
    note = (
        f"**With your {names}.** The cell below runs the code of the chapter's cells under "
        f'"{group.heading}" again, with your {names} in place of the reference\'s, and shows both '
        "outputs side by side. It waits until your functions pass their checks."
    )
    code = magic_code(group.functions, group.sources, f'the chapter\'s cells under "{group.heading}"')
    return [
        nb.new_markdown_cell(note, metadata={"tags": ["notebook-only"]}),
        nb.new_code_cell(code, metadata={"tags": ["notebook-only", "yours-companion"]}),
    ]


def write_notebook(lesson: Lesson, folder: Path) -> Path:
    """Write `lesson`'s exercise notebook into `folder` as `lessonN_*.ipynb`; returns its path."""
    import nbformat

    path = Path(folder) / f"{lesson.module_name}.ipynb"
    nbformat.write(exercise_notebook(lesson), path)
    return path
