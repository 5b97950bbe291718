"""The pages call the lesson functions as the stubs define them, so an exercise notebook can run a
page's cell again with the student's functions.

Read with `ast`, never run: the lesson pages (`docs/lessons/*.py`, jupytext files whose text
cells are comments) and the stubs (`exercises/*.py`).

- Every call a page makes to a lesson function, through a name the page binds to a lesson's
  module (`L4 = pages.reference(4)`: `L4.init_params(...)`) or imports from one (`from
  lesson4_softmax import forward`), passes only what the stub's signature takes: no more
  positional arguments than it has, keywords it names, and every parameter without a default.
  Every function a page reaches through a lesson's module is one that lesson's stub defines.
- No page, and no message of the grader (the strings, docstrings aside, of `tests/checks/` and
  `fashion_course/`), names a function of the reference solutions that neither a stub nor a
  page defines (lesson 5's reference helper `normal_init`, say): a student has no such function.
  A name counts when written as code: `name(`, or between backticks.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from fashion_course.lessons import LESSONS
from fashion_course.notebook.build import lesson_names
from fashion_course.workspace import CHECKS, PACKAGE, PAGES, SOLUTIONS, STUBS


def top_level_functions(path: Path) -> dict[str, ast.FunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


STUB_FUNCTIONS = {lesson.number: top_level_functions(STUBS / lesson.file_name) for lesson in LESSONS}
PAGE_FILES = sorted(PAGES.glob("lesson*.py"))


def page_defines() -> set[str]:
    """Every function any page defines, at any depth."""
    return {
        node.name
        for page in PAGE_FILES
        for node in ast.walk(ast.parse(page.read_text(encoding="utf-8")))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }


def signature_problem(stub: ast.FunctionDef, call: ast.Call) -> str:
    """What is wrong with `call` against the stub's signature, or ''."""
    arguments = stub.args
    positional = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
    by_name = {a.arg for a in arguments.args} | {a.arg for a in arguments.kwonlyargs}
    unpacked = any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords)
    given = [a for a in call.args if not isinstance(a, ast.Starred)]
    if len(given) > len(positional) and arguments.vararg is None:
        return f"{len(given)} positional arguments, where the stub takes {len(positional)}"
    unknown = [k.arg for k in call.keywords if k.arg is not None and k.arg not in by_name]
    if unknown and arguments.kwarg is None:
        return (
            f"the keyword{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}, which the stub does not take"
        )
    if unpacked:
        return ""
    named = {k.arg for k in call.keywords} | set(positional[: len(given)])
    first_default = len(positional) - len(arguments.defaults)
    required = positional[:first_default] + [
        a.arg for a, default in zip(arguments.kwonlyargs, arguments.kw_defaults) if default is None
    ]
    missing = [name for name in required if name not in named]
    return f"no {', '.join(missing)}, which the stub needs" if missing else ""


def stub_signature(stub: ast.FunctionDef) -> str:
    return f"{stub.name}({ast.unparse(stub.args)})"


def lesson_references(source: str, tree: ast.Module) -> Iterator[tuple[ast.AST, int, str]]:
    """(node, lesson, function) for every use of a lesson function in a page's code (`source`,
    parsed as `tree`): a call, or an attribute of a lesson module the page binds."""
    modules, functions = lesson_names([source])
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
            yield node, modules[node.value.id], node.attr
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in functions:
            yield node, *functions[node.func.id]


def call_problems(pages: list[Path] = PAGE_FILES) -> list[str]:
    problems = []
    for page in pages:
        source = page.read_text(encoding="utf-8")
        tree = ast.parse(source)
        calls = {id(node.func): node for node in ast.walk(tree) if isinstance(node, ast.Call)}
        for node, number, name in lesson_references(source, tree):
            call = node if isinstance(node, ast.Call) else calls.get(id(node))
            where = f"{page.name} line {node.lineno}: {ast.unparse(call or node)[:120]}"
            stub = STUB_FUNCTIONS[number].get(name)
            if stub is None:
                problems.append(f"{where}: lesson {number}'s stub defines no {name}")
            elif call is not None:
                problem = signature_problem(stub, call)
                if problem:
                    problems.append(f"{where}: {problem} ({stub_signature(stub)})")
    return problems


def test_every_call_a_page_makes_to_a_lesson_function_fits_the_stub():
    problems = call_problems()
    assert not problems, "\n".join(problems)


def undefined_lesson_functions() -> set[str]:
    """The reference solutions' functions that neither a stub nor a page defines."""
    reference = {name for lesson in LESSONS for name in top_level_functions(SOLUTIONS / lesson.file_name)}
    stubs = {name for functions in STUB_FUNCTIONS.values() for name in functions}
    return reference - stubs - page_defines()


def as_code(names: set[str]) -> re.Pattern:
    """`name(` or `name` between backticks (a word of its own), for any of `names`."""
    alternatives = "|".join(sorted(map(re.escape, names)))
    return re.compile(rf"(?<![\w.])(?:{alternatives})\(|`(?:{alternatives})`")


def messages(path: Path) -> Iterator[tuple[int, str]]:
    """The string constants of a module, docstrings aside, with their lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_no_page_or_grader_message_names_a_function_no_stub_or_page_defines():
    undefined = undefined_lesson_functions()
    assert "normal_init" in undefined or "normal_init" not in {
        name for lesson in LESSONS for name in top_level_functions(SOLUTIONS / lesson.file_name)
    }
    pattern = as_code(undefined)
    found = []
    for page in PAGE_FILES:
        for number, line in enumerate(page.read_text(encoding="utf-8").split("\n"), 1):
            found += [f"{page.name} line {number}: {m.group()}" for m in pattern.finditer(line)]
    graders = [*sorted(CHECKS.glob("*.py")), *sorted(PACKAGE.rglob("*.py"))]
    for path in graders:
        for number, text in messages(path):
            found += [f"{path.name} line {number}: {m.group()}" for m in pattern.finditer(text)]
    assert not found, "named, but no stub or page defines them:\n" + "\n".join(found)


def test_the_test_reads_calls_and_names_as_meant(tmp_path):
    """The reading itself, on a page of our own: what it flags and what it lets pass."""
    stub = ast.parse(
        "def init_params(layer_dims, rng, scale=0.01):\n    pass\n"
        "def train(X, Y, layer_dims, *, epochs, lr, rng, X_dev=None):\n    pass\n"
    )
    init_params, train = stub.body
    call = lambda code: ast.parse(code).body[0].value  # noqa: E731
    assert signature_problem(init_params, call("L4.init_params([2, 3], rng)")) == ""
    assert signature_problem(init_params, call("L4.init_params([2, 3], rng, 0.5)")) == ""
    assert "dtype" in signature_problem(init_params, call("L4.init_params([2], rng, scale=1, dtype=f)"))
    assert "4 positional" in signature_problem(init_params, call("L4.init_params(a, b, c, d)"))
    assert "no rng" in signature_problem(init_params, call("L4.init_params([2, 3])"))
    assert signature_problem(train, call("L6.train(X, Y, [2], epochs=1, lr=0.1, rng=r)")) == ""
    assert "no epochs" in signature_problem(train, call("L6.train(X, Y, [2], lr=0.1, rng=r)"))
    assert signature_problem(train, call("L6.train(X, Y, [2], **settings)")) == ""
    page = tmp_path / "lesson9_page.py"
    page.write_text(
        "# %% [markdown]\n# The reference's `normal_init` is not yours; neither is evaluate (the word).\n"
        "# %%\nL1, L4 = (pages.reference(n) for n in (1, 4))\nfrom lesson4_softmax import relu as r\n"
        "P = L4.forward(X, params)\nr(Z)\ngrader_says(5, 'return normal_init(dims, rng)')\n"
        "w = L4.init_params([2, 3], rng, dtype=np.float64)\nL1.evaluate(X)\n"
    )
    modules, functions = lesson_names([page.read_text()])
    assert modules == {"L1": 1, "L4": 4} and functions == {"r": (4, "relu")}
    source = page.read_text()
    used = [(number, name) for _, number, name in lesson_references(source, ast.parse(source))]
    assert (4, "forward") in used and (4, "relu") in used
    named = [m.group() for m in as_code({"normal_init", "evaluate"}).finditer(page.read_text())]
    assert named == ["`normal_init`", "normal_init("]
    found = call_problems([page])
    assert len(found) == 2, found
    assert "line 9: L4.init_params([2, 3], rng, dtype=np.float64): the keyword dtype" in found[0]
    assert found[1].endswith("line 10: L1.evaluate(X): lesson 1's stub defines no evaluate")
