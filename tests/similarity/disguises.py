"""The usual disguises of a copy (the taxonomy of JPlag and MOSS), each applied to a lesson file's
syntax tree: what a student who copied might hand in. Used by `tests/test_similarity.py` and by
the copy report's benchmark (`benchmarks/bench.py similarity`)."""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable

from fashion_course.grader.similarity import LessonCode


def functions_of(tree: ast.Module) -> list[ast.FunctionDef]:
    return [node for node in tree.body if isinstance(node, ast.FunctionDef)]


def local_names(function: ast.FunctionDef) -> set[str]:
    """The names a function assigns, but its parameters (callers may pass them by keyword)."""
    parameters = {argument.arg for argument in ast.walk(function) if isinstance(argument, ast.arg)}
    assigned = {node.id for node in ast.walk(function) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
    return assigned - parameters


def renamed(source: str) -> str:
    """Every local variable renamed, the functions in reverse order, comments and a new layout."""
    tree = ast.parse(source)
    for function in functions_of(tree):
        new = {name: f"{name}_{index}x" for index, name in enumerate(sorted(local_names(function)))}
        for node in ast.walk(function):
            if isinstance(node, ast.Name) and node.id in new:
                node.id = new[node.id]
    functions = functions_of(tree)
    first = tree.body.index(functions[0]) if functions else len(tree.body)
    after = [node for node in tree.body[first:] if node not in functions]  # `f = _impl_f` uses them
    tree.body = [*tree.body[:first], *functions[::-1], *after]
    return "# my own work\n" + ast.unparse(tree).replace("\n    ", "\n    # next step\n    ")


def _effects(statement: ast.stmt) -> tuple[set[str], set[str], set[str]]:
    """The names a simple statement reads, those it defines, and the places it changes (`d[k]`
    of `d[k] = v`)."""
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    reads, defines, changes = {n.id for n in ast.walk(statement.value) if isinstance(n, ast.Name)}, set(), set()
    for target in targets:
        for node in ast.walk(target):
            if isinstance(node, ast.Subscript):
                reads |= {n.id for n in ast.walk(node.slice) if isinstance(n, ast.Name)}
                changes.add(ast.unparse(node))
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                defines.add(node.id)
    if isinstance(statement, ast.AugAssign):
        reads |= defines | changes
    return reads, defines, changes


def _independent(first: ast.stmt, second: ast.stmt) -> bool:
    """Whether two assignments give the same result in either order."""
    (reads1, defines1, changes1), (reads2, defines2, changes2) = _effects(first), _effects(second)
    roots1, roots2 = {c.split("[")[0] for c in changes1}, {c.split("[")[0] for c in changes2}
    return not (
        defines1 & (reads2 | defines2 | roots2)
        or defines2 & (reads1 | roots1)
        or roots1 & reads2
        or roots2 & reads1
        or changes1 & changes2
    )


def _swap_independent(block: list[ast.stmt]) -> None:
    """Swap each pair of neighbouring assignments that are independent of each other."""
    for body in [getattr(node, field, []) for node in block for field in ("body", "orelse")]:
        _swap_independent(body)
    index = 0
    while index + 1 < len(block):
        first, second = block[index], block[index + 1]
        if all(isinstance(s, (ast.Assign, ast.AugAssign)) for s in (first, second)) and _independent(first, second):
            block[index], block[index + 1] = second, first
            index += 1
        index += 1


def reordered(source: str) -> str:
    """Independent statements swapped, and tuple assignments written in the other order."""
    tree = ast.parse(source)
    for function in functions_of(tree):
        _swap_independent(function.body)
        for node in ast.walk(function):
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.targets[0], ast.Tuple)
                and isinstance(node.value, ast.Tuple)
                and len(node.value.elts) == len(node.targets[0].elts)
            ):
                node.targets[0].elts.reverse()
                node.value.elts.reverse()
    return ast.unparse(tree)


class _Commute(ast.NodeTransformer):
    def visit_BinOp(self, node: ast.BinOp) -> ast.BinOp:
        self.generic_visit(node)
        textual = (ast.JoinedStr, ast.List, ast.Tuple, ast.ListComp)
        strings = [n for n in (node.left, node.right) if isinstance(n, textual) or (
            isinstance(n, ast.Constant) and isinstance(n.value, str))]
        if isinstance(node.op, ast.Mult) or (isinstance(node.op, ast.Add) and not strings):
            node.left, node.right = node.right, node.left
        return node

    def visit_Compare(self, node: ast.Compare) -> ast.Compare:
        self.generic_visit(node)
        flipped = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE, ast.Eq: ast.Eq}
        if len(node.ops) == 1 and type(node.ops[0]) in flipped:
            return ast.Compare(node.comparators[0], [flipped[type(node.ops[0])]()], [node.left])
        return node


def commuted(source: str) -> str:
    """`a * b` as `b * a`, `a + b` as `b + a` (numbers only), `a < b` as `b > a`."""
    return ast.unparse(_Commute().visit(ast.parse(source)))


class _Equivalent(ast.NodeTransformer):
    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.MatMult):
            return ast.Call(ast.Attribute(ast.Name("numpy"), "dot"), [node.left, node.right], [])
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("sum", "mean", "max") and not (
            isinstance(func.value, ast.Name) and func.value.id in ("np", "numpy")
        ):
            return ast.Call(ast.Attribute(ast.Name("numpy"), func.attr), [func.value, *node.args], node.keywords)
        arrays = ("X", "Y", "P", "Z", "y", "images", "X_dev")  # what the lessons pass as arrays
        argument = node.args[0] if len(node.args) == 1 else None
        if isinstance(func, ast.Name) and func.id == "len" and isinstance(argument, ast.Name) and argument.id in arrays:
            return ast.Subscript(ast.Attribute(node.args[0], "shape"), ast.Constant(0))
        return node

    def visit_Name(self, node: ast.Name) -> ast.Name:
        return ast.Name("numpy", node.ctx) if node.id == "np" else node


def equivalent_calls(source: str) -> str:
    """`import numpy` rather than `as np`, `a @ b` as `numpy.dot(a, b)`, `x.sum()` as
    `numpy.sum(x)`, `len(X)` of an array as `X.shape[0]`."""
    source = source.replace("import numpy as np", "import numpy")
    return ast.unparse(ast.fix_missing_locations(_Equivalent().visit(ast.parse(source))))


def dead_code(source: str) -> str:
    """An unused local first in every function, another after its first statement, an `if
    False:` block, and a line after its last `return`."""
    tree = ast.parse(source)
    for function in functions_of(tree):
        body = function.body
        start = 1 if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) else 0
        body[start + 1 : start + 1] = ast.parse("_checked = len(str(12))\nif False:\n    print('debug')").body
        body.insert(start, ast.parse("unused_total = 0").body[0])
        if isinstance(body[-1], ast.Return):
            body.append(ast.parse("print('finished')").body[0])
    return ast.unparse(tree)


def _call_of(function: ast.FunctionDef, callee: str) -> str:
    """A call of `callee` that passes on `function`'s own arguments."""
    arguments = function.args
    passed = [a.arg for a in [*arguments.posonlyargs, *arguments.args]]
    passed += [f"*{arguments.vararg.arg}"] if arguments.vararg else []
    passed += [f"{a.arg}={a.arg}" for a in arguments.kwonlyargs]
    passed += [f"**{arguments.kwarg.arg}"] if arguments.kwarg else []
    return f"{callee}({', '.join(passed)})"


def _signature(function: ast.FunctionDef) -> str:
    return ast.unparse(function).split("\n")[0]


def in_helpers(source: str) -> str:
    """Each function's body moved into a helper `_f_impl` that the function calls."""
    tree = ast.parse(source)
    lines = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            helper = copy.deepcopy(node)
            helper.name = f"_{node.name}_impl"
            lines += [ast.unparse(helper), f"{_signature(node)}\n    return {_call_of(node, helper.name)}"]
        else:
            lines.append(ast.unparse(node))
    return "\n\n".join(lines)


def nested(source: str) -> str:
    """Each function's body moved into a function nested in it, which it calls."""
    tree = ast.parse(source)
    lines = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            inner = copy.deepcopy(node)
            inner.name = "work"
            body = "\n".join("    " + line for line in ast.unparse(inner).split("\n"))
            lines.append(f"{_signature(node)}\n{body}\n    return {_call_of(node, 'work')}")
        else:
            lines.append(ast.unparse(node))
    return "\n\n".join(lines)


def aliased(source: str, prefix: str = "_impl_") -> str:
    """Each function defined as `_impl_f`, then `f = _impl_f`."""
    tree = ast.parse(source)
    names = [node.name for node in functions_of(tree)]
    for node in functions_of(tree):
        node.name = f"{prefix}{node.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in names:
            node.id = f"{prefix}{node.id}"
    return ast.unparse(tree) + "\n\n" + "\n".join(f"{name} = {prefix}{name}" for name in names) + "\n"


def in_another_file(source: str) -> LessonCode:
    """Every function moved, as `impl_f`, into `_helpers.py`, with the module's imports; the
    lesson file imports them (`from _helpers import *`, which skips names that start with `_`)
    and names them (`f = impl_f`)."""
    moved = aliased(source, "impl_").rsplit("\n\n", 1)
    lesson = "from _helpers import *\n\n" + moved[1]
    return LessonCode(lesson, {"_helpers.py": moved[0]})


def every_file(disguise: Callable[[str], str]) -> Callable[[str], str]:
    """`disguise` applied to the lesson file and to each of the student's other files with it."""

    def disguised(source: str) -> str:
        text = disguise(str(source))
        modules = {name: disguise(helper) for name, helper in getattr(source, "modules", {}).items()}
        return LessonCode(text, {**getattr(text, "modules", {}), **modules}) if modules else text

    return disguised


DISGUISES: dict[str, Callable[[str], str]] = {
    "renamed": every_file(renamed),
    "reordered": every_file(reordered),
    "commuted": every_file(commuted),
    "equivalent calls": every_file(equivalent_calls),
    "dead code": every_file(dead_code),
    "in helpers": every_file(in_helpers),
    "nested": every_file(nested),
    "aliased": every_file(aliased),
    "in another file": every_file(in_another_file),
    "all at once": every_file(
        lambda source: in_helpers(dead_code(equivalent_calls(commuted(reordered(renamed(source))))))
    ),
}
