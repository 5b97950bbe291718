"""Stand-ins: the reference's code for the lesson functions a checked function calls.

While `predict` is checked, the student's `predict_proba` (and the `sigmoid` under it) would
decide its verdict as much as `predict` itself does: a `predict_proba` that hangs would fail a
right `predict`. So each call of a function that calls others of its lesson (`Lesson.standins`)
is answered by a child forked from the student's process for that call alone
(`wire.Server.fork`), where those others are the reference's, put in the child's copy of the
student's module: the student's `predict` calls the reference's `predict_proba` wherever it calls
`predict_proba` by its name, and its verdict is about its own code alone.

The child is sent an excerpt of the reference (`excerpt`), never the whole file: the definitions
of the stand-ins and of the helpers and constants they use, with every other lesson function left
out, so the function being checked is nowhere in the sandbox to be borrowed. Only the child reads
it; the process that goes on serving the other functions never does. The excerpt is the course's
own code, parsed here on the trusted side.
"""

from __future__ import annotations

import ast
import functools

from fashion_course.lessons import Lesson, find_lesson
from fashion_course.workspace import SOLUTIONS

DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _names_used(node: ast.AST) -> set[str]:
    return {name.id for name in ast.walk(node) if isinstance(name, ast.Name)}


def _defined(node: ast.stmt) -> set[str]:
    """The names a top-level statement binds."""
    if isinstance(node, DEFINITIONS):
        return {node.name}
    if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {name.id for target in targets for name in ast.walk(target) if isinstance(name, ast.Name)}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    return set()


def excerpt(lesson: Lesson, names: tuple[str, ...]) -> str:
    """The source of a module defining `names` (functions of `lesson`) as the reference does:
    its imports, and of its other top-level statements those the definitions of `names` need,
    directly or through each other. No other function of the lesson is defined in it; asking for
    a stand-in whose reference calls one is an error (`Lesson.standins` includes what they call)."""
    return _excerpt(lesson.number, names)


@functools.cache
def _excerpt(number: int, names: tuple[str, ...]) -> str:
    lesson = find_lesson(number)
    unknown = set(names) - set(lesson.functions)
    if unknown:
        raise ValueError(f"{lesson.label} has no functions {sorted(unknown)}")
    tree = ast.parse((SOLUTIONS / lesson.file_name).read_text(), lesson.file_name)
    statements = [node for node in tree.body if not isinstance(node, ast.Expr)]  # no docstring
    excluded = set(lesson.functions) - set(names)
    kept = [node for node in statements if isinstance(node, (ast.Import, ast.ImportFrom))]
    wanted, seen = set(names), set()
    while wanted - seen:
        name = (wanted - seen).pop()
        seen.add(name)
        for node in statements:
            if name in _defined(node) and node not in kept:
                needs = _names_used(node) - _defined(node)
                if needs & excluded:
                    raise ValueError(f"the reference's {name} uses {sorted(needs & excluded)}, not stand-ins here")
                kept.append(node)
                wanted |= needs
    kept.sort(key=statements.index)  # in the reference's order, so each name exists before its use
    return ast.unparse(ast.Module(body=kept, type_ignores=[])) + "\n"
