"""Reading a student's lesson (`program`): what each name in their files is (across their files,
imports and aliases); each lesson function they wrote normalised on the syntax tree (parsed, never
run) and emitted as it executes, with the helpers it calls inlined (`Executed`).

What normalising does, so that the usual disguises of a copy (the taxonomy of JPlag and MOSS)
change nothing:

- renaming and reformatting: every name a function binds becomes `V` (never numbered by first
  use, so an unused local at the top renumbers nothing); docstrings, comments, annotations and
  layout are gone; numbers are compared as floats (`1` is `1.0`);
- equivalent spellings: imports are resolved (`np.exp`, `numpy.exp` and `from numpy import exp`
  are all `numpy.exp`), `np.dot(a, b)`, `np.matmul(a, b)` and `a.dot(b)` are `a @ b`,
  `np.multiply` and the other arithmetic ufuncs their operators, `x.sum()` is `np.sum(x)`
  (and the other reductions likewise), `np.square(x)` and `x * x` are `x ** 2`, `x ** 0.5` is
  `np.sqrt(x)`, `X.shape[0]` is `len(X)`, `a += b` is `a = a + b`, `a, b = c, d` is two
  assignments, a module constant (`EPS = 1e-8`) its value;
- commuted operands: the operands of `+`, `*`, `&`, `|`, `^`, `==` and `!=` are sorted, and
  `a > b` is `b < a`;
- reordered independent statements: each block's statements in a canonical order
  (`statements.reordered`);
- dead code: statements after a `return`, `raise`, `break` or `continue`, `if False:` blocks,
  `pass`, `assert`, `print(...)`, bare expressions, and assignments to variables nothing reads
  (again until none is left) are dropped; helpers never called are never looked at.
"""

from __future__ import annotations

import ast
import collections
import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass

from fashion_course import syntax
from fashion_course.grader.similarity.constants import (
    BUILTINS,
    COMMUTATIVE,
    ENDS,
    HELPER,
    LESSON_FUNCTIONS,
    LESSON_MODULES,
    LOCAL,
    MAX_INLINE_DEPTH,
    MAX_SOURCE_CHARS,
    MAX_TOKENS,
    OPERATORS,
    REDUCTIONS,
    RENAMED,
    TRIES,
    UNKNOWN,
)
from fashion_course.grader.similarity.fingerprints import Executed
from fashion_course.grader.similarity.statements import (
    bodies,
    inlined_calls,
    prune,
    reordered,
    sort_key,
    statement_tokens,
    subtree,
)
from fashion_course.lessons import Lesson
from fashion_course.submission import PYTHON

# -- Reading a student's lesson: the modules, and what each name of theirs is ----------------------


class _Module:
    """One file of the student's: its lines (to show), and what each top-level name is bound to,
    the last binding winning: ("function", node), ("path", "numpy.exp"), ("module", stem),
    ("from", stem, name), ("constant", node) or ("global",)."""

    def __init__(self, name: str, text: str, tree: ast.Module, helper_modules: set[str]) -> None:
        self.name, self.lines = name, text.split("\n")
        self.bindings: dict[str, tuple] = {}
        self.stars: list[str] = []  # helper modules imported with `*`
        for node in tree.body:
            self._bind(node, helper_modules)

    def _bind(self, node: ast.stmt, helper_modules: set[str]) -> None:
        bindings = self.bindings
        if isinstance(node, ast.FunctionDef):
            bindings[node.name] = ("function", node)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                root = alias.name.split(".")[0]
                target = alias.name if alias.asname else root
                bound = alias.asname or root
                if target in helper_modules:
                    bindings[bound] = ("module", target)
                else:
                    bindings[bound] = ("path", "" if target in LESSON_MODULES else target)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            for alias in node.names:
                bound = alias.asname or alias.name
                if node.level:
                    bindings[bound] = ("global",)
                elif module in helper_modules:
                    if alias.name == "*":
                        self.stars.append(module)
                    else:
                        bindings[bound] = ("from", module, alias.name)
                elif alias.name != "*":
                    bindings[bound] = ("path", alias.name if module in LESSON_MODULES else f"{module}.{alias.name}")
        elif (
            isinstance(node, (ast.Assign, ast.AnnAssign))
            and node.value is not None
            and len(targets := node.targets if isinstance(node, ast.Assign) else [node.target]) == 1
            and isinstance(targets[0], ast.Name)
        ):
            bindings[targets[0].id] = self._value(node.value)
        else:
            for part in ast.walk(node):
                if isinstance(part, ast.Name) and not isinstance(part.ctx, ast.Load):
                    bindings[part.id] = ("global",)
                elif isinstance(part, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    bindings[part.name] = ("global",)

    def _value(self, value: ast.expr) -> tuple:
        """What `name = value` at the top level binds `name` to."""
        if isinstance(value, ast.Lambda):
            return ("function", value)
        if _is_constant(value):
            return ("constant", value)
        if isinstance(value, ast.Name):
            if value.id in self.bindings:
                return self.bindings[value.id]
            if self.stars:  # from a `*` import, perhaps: looked up when used
                return ("from", "", value.id)
            return ("path", value.id) if value.id in BUILTINS else ("global",)
        if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name):
            base = self.bindings.get(value.value.id, ("global",))
            if base[0] == "module":
                return ("from", base[1], value.attr)
            if base[0] == "path":
                return ("path", f"{base[1]}.{value.attr}" if base[1] else value.attr)
        return ("global",)


def _is_constant(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return isinstance(node, ast.Constant) and isinstance(node.value, (int, float, complex, str, bytes))


@dataclass
class Program:
    """A student's lesson, read: each lesson function they wrote, as it executes (`Executed`), and
    the lines of each of their files involved (to show)."""

    functions: dict[str, Executed]
    lines: dict[str, list[str]]


def program(code: str, lesson: Lesson) -> Program | None:
    """The lesson functions a student wrote in `code` (a `LessonCode`, or a lesson file's text
    alone), normalised as they execute; None when the lesson is not to be compared: its file does
    not parse within `syntax.parse`'s bounds, its files are longer than `MAX_SOURCE_CHARS`, or
    normalising it fails. The code is a student's: whatever it holds, it leaves that student's
    lesson out of the report, never the class's report undone."""
    modules = getattr(code, "modules", {})
    if len(code) + sum(map(len, modules.values())) > MAX_SOURCE_CHARS:
        return None
    try:
        return _Reader(lesson, str(code), syntax.parse(str(code)), modules).read()
    except (SyntaxError, ValueError):  # TooDeepError is a ValueError
        return None
    except Exception:  # noqa: BLE001  (a construct the normaliser does not expect: not compared)
        return None


class _Reader:
    """Reads one student's lesson: resolves names across their files, normalises each function
    (`_Function`) and emits what each lesson function executes."""

    def __init__(self, lesson: Lesson, text: str, tree: ast.Module, modules: dict[str, str]) -> None:
        self.lesson = lesson
        trees = {}
        for file, helper in sorted(modules.items()):
            try:
                trees[file[: -len(PYTHON)]] = (file, helper, syntax.parse(helper))
            except (SyntaxError, ValueError):
                continue
        stems = set(trees) - LESSON_MODULES
        self.main = _Module(lesson.file_name, text, tree, stems)
        self.modules = {stem: _Module(file, helper, parsed, stems) for stem, (file, helper, parsed) in trees.items()}
        self.modules.pop(lesson.module_name, None)
        self.helpers: list[tuple[_Module, ast.AST]] = []  # a module-level helper, by its number
        self.helper_numbers: dict[int, int] = {}  # id(node) -> its number
        self.normalised: dict[int, _Function] = {}  # by the helper's number
        self.resolved: dict[tuple[str, str], tuple[_Module, tuple] | None] = {}  # `resolve`'s answers
        self.roots: dict[str, tuple[_Module, ast.AST]] = {}
        for function in lesson.functions:
            found = self.resolve(self.main, function)
            if found and found[1][0] == "function" and not is_stub(found[1][1]):
                self.roots[function] = (found[0], found[1][1])
        self.lesson_nodes = {id(node): name for name, (_, node) in self.roots.items()}

    def resolve(self, module: _Module, name: str) -> tuple[_Module, tuple] | None:
        """What `name` is in `module`: the module that binds it and the binding, following
        `from helper import name` and `*` imports of the student's files (breadth first, each
        file and name looked at once, at most `MAX_INLINE_DEPTH` imports away)."""
        key = (module.name, name)
        if key not in self.resolved:
            self.resolved[key] = self._resolve(module, name)
        return self.resolved[key]

    def _resolve(self, module: _Module, name: str) -> tuple[_Module, tuple] | None:
        todo, seen = collections.deque([(module, name, 0)]), set()
        while todo:
            module, name, depth = todo.popleft()
            if (module.name, name) in seen or depth > MAX_INLINE_DEPTH:
                continue
            seen.add((module.name, name))
            binding = module.bindings.get(name)
            if binding is None or binding[:2] == ("from", ""):  # perhaps from a `*` import
                wanted = name if binding is None else binding[2]
                todo += [(self.modules[s], wanted, depth + 1) for s in reversed(module.stars) if s in self.modules]
            elif binding[0] != "from":
                return module, binding
            elif binding[1] in self.modules:
                todo.append((self.modules[binding[1]], binding[2], depth + 1))
            else:
                return module, ("global",)
        return None

    def function_name(self, name: str, node: ast.AST, module: _Module) -> ast.Name:
        """How a call of the function `node` (bound to `name`) reads: a lesson function's name,
        or a helper's number, to inline."""
        if id(node) in self.lesson_nodes:
            return ast.Name(self.lesson_nodes[id(node)])
        if name in LESSON_FUNCTIONS:
            return ast.Name(name)
        if id(node) not in self.helper_numbers:
            self.helper_numbers[id(node)] = len(self.helpers)
            self.helpers.append((module, node))
        return ast.Name(f"{HELPER}{self.helper_numbers[id(node)]}")

    def read(self) -> Program:
        functions = {}
        for name, (module, node) in self.roots.items():
            executed = Executed()
            function = _Function(self, module, node)
            executed.spans.append((module.name, _first_line(node), node.end_lineno, name))
            function.emit(executed)
            functions[name] = executed
        files = {self.main.name: self.main.lines} | {m.name: m.lines for m in self.modules.values()}
        return Program(functions, files)

    def inline(self, number: int, into: Executed, depth: int, stack: frozenset[int]) -> Iterator | None:
        """The emission of the helper `number`'s executed code into `into` (`_Function.emitting`),
        or None when it is already being inlined, too deep, or the code is at its length limit."""
        if number in stack or depth >= MAX_INLINE_DEPTH or len(into.tokens) >= MAX_TOKENS:
            return None
        module, node = self.helpers[number]
        if number not in self.normalised:
            self.normalised[number] = _Function(self, module, node)
        title = f"{getattr(node, 'name', 'lambda')} (a helper, {module.name})"
        span = (module.name, _first_line(node), node.end_lineno, title)
        if span not in into.spans:
            into.spans.append(span)
        function = self.normalised[number]
        return function.emitting(function.body, into, depth + 1, stack | {number}, frozenset())


def is_stub(function: ast.AST) -> bool:
    """Whether a function is still the lesson's stub: a docstring and `raise NotImplementedError`."""
    if not isinstance(function, ast.FunctionDef):
        return False
    body = [n for n in function.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
    return (
        len(body) == 1
        and isinstance(body[0], ast.Raise)
        and re.fullmatch(r"raise NotImplementedError(\(.*\))?", ast.unparse(body[0])) is not None
    )


def _first_line(node: ast.AST) -> int:
    return min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])


# -- Normalising one function ---------------------------------------------------------------------


class _Function(ast.NodeTransformer):
    """A function (or lambda) of the student's, normalised: its statements (`body`), and the
    functions nested in it (`nested`, by their local name), which are inlined where called."""

    def __init__(self, reader: _Reader, module: _Module, node: ast.AST) -> None:
        self.reader, self.module = reader, module
        self.aliases: dict[str, str] = {}  # a function's own imports: name -> dotted path
        self.nested: dict[str, list[ast.stmt]] = {}
        self.locals = self._locals(node)
        if isinstance(node, ast.Lambda):
            body = [ast.Return(node.body, lineno=node.lineno, end_lineno=node.end_lineno)]
        else:
            body = _without_docstring(node.body)
        self.body = self.block(body)
        prune([self.body, *self.nested.values()])
        self.body = reordered(self.body)
        self.nested = {name: reordered(statements) for name, statements in self.nested.items()}

    def _locals(self, node: ast.AST) -> set[str]:
        """The names the function binds (in it and in what is nested in it), but its imports
        (`aliases`) and the names it declares global."""
        bound, declared = set(), set()
        for part in subtree(node):
            if isinstance(part, ast.Name) and not isinstance(part.ctx, ast.Load):
                bound.add(part.id)
            elif isinstance(part, ast.arg):
                bound.add(part.arg)
            elif isinstance(part, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and part is not node:
                bound.add(part.name)
            elif isinstance(part, ast.ExceptHandler) and part.name:
                bound.add(part.name)
            elif isinstance(part, ast.Global):
                declared.update(part.names)
            elif isinstance(part, (ast.Import, ast.ImportFrom)):
                for alias in part.names:
                    if alias.name == "*":
                        continue
                    bound_name = alias.asname or alias.name.split(".")[0]
                    if isinstance(part, ast.Import):
                        target = alias.name if alias.asname else alias.name.split(".")[0]
                    else:
                        target = f"{part.module or ''}.{alias.name}"
                    self.aliases[bound_name] = target
        return bound - declared - set(self.aliases)

    # statements

    def block(self, statements: list[ast.stmt]) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for statement in statements:
            out += self.statement(statement)
            if out and isinstance(out[-1], ENDS):
                break
        return out

    def statement(self, node: ast.stmt) -> list[ast.stmt]:
        """The statement normalised: none, one or several statements, each with the original's
        lines (`lineno`, `end_lineno`, and `header_end` for a compound one)."""
        made = self._statement(node)
        for new in made:
            if not hasattr(new, "header_end"):  # made here, not taken whole from a block within
                new.lineno, new.end_lineno, new.header_end = node.lineno, node.end_lineno, _header_end(node)
        return made

    def _statement(self, node: ast.stmt) -> list[ast.stmt]:
        if isinstance(node, ast.Expr):
            if not _has_effect(node.value) or _is_print(node.value):
                return []
            return [ast.Expr(self.visit(node.value))]
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is None:
                return []
            if len(targets) == 1 and isinstance(targets[0], ast.Name) and isinstance(node.value, ast.Lambda):
                if targets[0].id in self.locals:
                    self.nested[LOCAL + targets[0].id] = self.block([ast.Return(node.value.body)])
                    return []
            value = self.visit(node.value)
            targets = [self.visit(target) for target in targets]
            if (
                len(targets) == 1
                and isinstance(targets[0], (ast.Tuple, ast.List))
                and isinstance(value, (ast.Tuple, ast.List))
                and len(targets[0].elts) == len(value.elts)
                and not any(isinstance(e, ast.Starred) for e in [*targets[0].elts, *value.elts])
            ):
                return [ast.Assign([t], v) for t, v in zip(targets[0].elts, value.elts, strict=True)]
            return [ast.Assign(targets, value)]
        if isinstance(node, ast.AugAssign):
            target = self.visit(node.target)
            value = _binop(_loaded(copy.deepcopy(target)), node.op, self.visit(node.value))
            return [ast.Assign([target], value)]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.nested[LOCAL + node.name] = self.block(_without_docstring(node.body))
            return []
        if isinstance(node, ast.If):
            test = self.visit(node.test)
            if isinstance(test, ast.Constant):
                return self.block(node.body if test.value else node.orelse)
            body, orelse = self.block(node.body), self.block(node.orelse)
            if not body and not orelse:
                return [ast.Expr(test)] if _has_effect(test) else []
            return [ast.If(test, body, orelse)]
        if isinstance(node, ast.While):
            test = self.visit(node.test)
            if isinstance(test, ast.Constant) and not test.value:
                return self.block(node.orelse)
            return [ast.While(test, self.block(node.body), self.block(node.orelse))]
        if isinstance(node, (ast.For, ast.AsyncFor)):
            target, iterated = self.visit(node.target), self.visit(node.iter)
            body, orelse = self.block(node.body), self.block(node.orelse)
            if not body and not orelse and not _has_effect(iterated):
                return []
            return [ast.For(target, iterated, body, orelse)]
        if isinstance(node, (ast.With, ast.AsyncWith)):
            items = [self.visit(item) for item in node.items]
            return [ast.With(items, self.block(node.body))]
        if isinstance(node, TRIES):
            handlers = []
            for handler in node.handlers:
                kind = self.visit(handler.type) if handler.type else None
                name = LOCAL + handler.name if handler.name else None
                handlers.append(ast.ExceptHandler(kind, name, self.block(handler.body)))
            return [ast.Try(self.block(node.body), handlers, self.block(node.orelse), self.block(node.finalbody))]
        if isinstance(node, (ast.Pass, ast.Assert, ast.Global, ast.Nonlocal, ast.Import, ast.ImportFrom)):
            return []
        if isinstance(node, ast.Return):
            return [ast.Return(self.visit(node.value) if node.value else None)]
        return [self.visit(node)]

    # expressions

    def visit_Name(self, node: ast.Name) -> ast.expr:
        name = node.id
        if name in self.locals:
            return ast.Name(LOCAL + name, node.ctx)
        if name in self.aliases:
            return ast.Name(self.aliases[name])
        return self.global_name(self.module, name)

    def global_name(self, module: _Module, name: str) -> ast.expr:
        found = self.reader.resolve(module, name)
        if found is None:
            return ast.Name(name if name in BUILTINS else UNKNOWN)
        where, binding = found
        kind = binding[0]
        if kind == "function":
            return self.reader.function_name(name, binding[1], where)
        if kind == "path":
            return ast.Name(binding[1] or name)
        if kind == "constant":
            return self.visit(copy.deepcopy(binding[1]))
        if kind == "module":
            return ast.Name(f"{UNKNOWN}.{binding[1]}")
        return ast.Name(UNKNOWN)

    def visit_arg(self, node: ast.arg) -> ast.arg:
        return ast.arg(LOCAL + node.arg)

    def visit_Attribute(self, node: ast.Attribute) -> ast.expr:
        base = node.value
        if isinstance(base, ast.Name) and base.id not in self.locals and base.id not in self.aliases:
            found = self.reader.resolve(self.module, base.id)
            if found and found[1][0] == "module" and found[1][1] in self.reader.modules:
                return self.global_name(self.reader.modules[found[1][1]], node.attr)
        value = self.visit(base)
        if isinstance(value, ast.Name) and not value.id.startswith((LOCAL, HELPER)) and value.id != UNKNOWN:
            return ast.Name(f"{value.id}.{node.attr}")
        return ast.Attribute(value, node.attr, node.ctx)

    def visit_Constant(self, node: ast.Constant) -> ast.Constant:
        value = node.value
        if isinstance(value, int) and not isinstance(value, bool):
            try:
                return ast.Constant(float(value))
            except OverflowError:
                return ast.Constant(value)
        return ast.Constant(value)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.expr:
        operand = self.visit(node.operand)
        if isinstance(node.op, ast.UAdd):
            return operand
        if isinstance(operand, ast.Constant):
            if isinstance(node.op, ast.USub) and isinstance(operand.value, (int, float, complex)):
                return ast.Constant(-operand.value)
            if isinstance(node.op, ast.Not):
                return ast.Constant(not operand.value)
        return ast.UnaryOp(node.op, operand)

    def visit_Subscript(self, node: ast.Subscript) -> ast.expr:
        value, index = self.visit(node.value), self.visit(node.slice)
        if (
            isinstance(value, ast.Attribute)
            and value.attr == "shape"
            and isinstance(index, ast.Constant)
            and index.value == 0
        ):
            return ast.Call(ast.Name("len"), [value.value], [])
        return ast.Subscript(value, index, node.ctx)

    def visit_BinOp(self, node: ast.BinOp) -> ast.expr:
        if not isinstance(node.op, COMMUTATIVE):
            return _binop(self.visit(node.left), node.op, self.visit(node.right))
        operands = [self.visit(part) for part in _chain(node, node.op)]  # `a + b + c` at once
        if len(operands) == 2:
            return _binop(operands[0], node.op, operands[1])
        return _sorted_chain(operands, node.op)

    def visit_Compare(self, node: ast.Compare) -> ast.expr:
        left, comparators = self.visit(node.left), [self.visit(c) for c in node.comparators]
        if len(node.ops) == 1:
            op, right = node.ops[0], comparators[0]
            if isinstance(op, (ast.Gt, ast.GtE)):
                return ast.Compare(right, [ast.Lt() if isinstance(op, ast.Gt) else ast.LtE()], [left])
            if isinstance(op, (ast.Eq, ast.NotEq, ast.Is, ast.IsNot)) and sort_key(right) < sort_key(left):
                return ast.Compare(right, [op], [left])
        return ast.Compare(left, node.ops, comparators)

    def visit_Call(self, node: ast.Call) -> ast.expr:
        func = self.visit(node.func)
        args = [self.visit(arg) for arg in node.args]
        keywords = sorted((self.visit(k) for k in node.keywords), key=lambda k: (k.arg is None, k.arg or ""))
        plain = not keywords and not any(isinstance(arg, ast.Starred) for arg in args)
        if isinstance(func, ast.Name):
            path = RENAMED.get(func.id, func.id)
            if plain and path in OPERATORS and len(args) == 2:
                return _binop(args[0], OPERATORS[path](), args[1])
            if plain and len(args) == 1:
                if path == "numpy.negative":
                    return ast.UnaryOp(ast.USub(), args[0])
                if path == "numpy.square":
                    return ast.BinOp(args[0], ast.Pow(), ast.Constant(2.0))
                if path == "numpy.transpose":
                    return ast.Attribute(args[0], "T")
            if path == "numpy.reshape" and len(args) == 2 and _is_minus_one(args[1]) and not keywords:
                return ast.Call(ast.Name("numpy.ravel"), args[:1], [])
            return ast.Call(ast.Name(path), args, keywords)
        if isinstance(func, ast.Attribute):
            receiver, method = func.value, func.attr
            if method == "dot" and plain and len(args) == 1:
                return ast.BinOp(receiver, ast.MatMult(), args[0])
            if method == "transpose" and not args and not keywords:
                return ast.Attribute(receiver, "T")
            if method == "flatten" and not args and not keywords:
                return ast.Call(ast.Name("numpy.ravel"), [receiver], [])
            if method == "reshape" and args and not keywords:
                shape = args[0] if len(args) == 1 else ast.Tuple(args)
                if _is_minus_one(shape):
                    return ast.Call(ast.Name("numpy.ravel"), [receiver], [])
                return ast.Call(ast.Name("numpy.reshape"), [receiver, shape], [])
            if method in REDUCTIONS:
                return ast.Call(ast.Name(f"numpy.{method}"), [receiver, *args], keywords)
        return ast.Call(func, args, keywords)

    # emitting

    def emit(self, into: Executed) -> None:
        """Emit what the function executes into `into`: its statements' tokens, each statement
        after the helpers it calls. A loop runs the emission's steps (`emitting`), so that
        blocks within blocks within inlined helpers never deepen Python's stack."""
        steps = [self.emitting(self.body, into, 0, frozenset(), frozenset())]
        while steps:
            step = next(steps[-1], StopIteration)
            if step is StopIteration:
                steps.pop()
            elif step is not None:
                steps.append(step)
        del into.tokens[MAX_TOKENS:], into.places[MAX_TOKENS:]

    def emitting(
        self, block: list[ast.stmt], into: Executed, depth: int, stack: frozenset[int], nested: frozenset[str]
    ) -> Iterator:
        """Emit `block` into `into`, yielding, rather than running, the emission of each helper a
        statement calls (before it) and of each block within it (after its header)."""
        for statement in block:
            if len(into.tokens) >= MAX_TOKENS:
                return
            for call in inlined_calls(statement):  # the helpers the statement calls run first
                name = call.func.id
                if name.startswith(HELPER):
                    yield self.reader.inline(int(name[1:]), into, depth, stack)
                elif name in self.nested and name not in nested and len(nested) < MAX_INLINE_DEPTH:
                    yield self.emitting(self.nested[name], into, depth, stack, nested | {name})
            place = (self.module.name, statement.lineno, getattr(statement, "header_end", statement.end_lineno))
            tokens = statement_tokens(statement)
            into.tokens += tokens
            into.places += [place] * len(tokens)
            for part, body in bodies(statement):
                into.tokens.append(part)
                into.places.append(place)
                yield self.emitting(body, into, depth, stack, nested)


def _binop(left: ast.expr, op: ast.operator, right: ast.expr) -> ast.expr:
    """`left op right`, of normalised operands, normalised: `x * x` is `x ** 2`, `x ** 0.5` is
    `numpy.sqrt(x)`, and a chain of a commutative operator (`a + b + c`) has its operands sorted."""
    if isinstance(op, ast.Mult) and ast.dump(left) == ast.dump(right):
        return ast.BinOp(left, ast.Pow(), ast.Constant(2.0))
    if isinstance(op, ast.Pow) and isinstance(right, ast.Constant) and right.value == 0.5:
        return ast.Call(ast.Name("numpy.sqrt"), [left], [])
    if not isinstance(op, COMMUTATIVE):
        return ast.BinOp(left, op, right)
    return _sorted_chain([left, right], op)


def _chain(node: ast.expr, op: ast.operator) -> list[ast.expr]:
    """The operands of a chain of `op` (`a + b + c` -> a, b, c), left to right, without recursion."""
    operands, todo = [], [node]
    while todo:
        part = todo.pop()
        if isinstance(part, ast.BinOp) and type(part.op) is type(op):
            todo += [part.right, part.left]
        else:
            operands.append(part)
    return operands


def _sorted_chain(operands: list[ast.expr], op: ast.operator) -> ast.expr:
    """The chain of `op` over normalised `operands` (flattened again: a normalised operand may have
    become a chain of `op`), sorted by their text, each text made once."""
    operands = [part for operand in operands for part in _chain(operand, op)]
    keyed = sorted(((sort_key(operand), index) for index, operand in enumerate(operands)))
    chain = operands[keyed[0][1]]
    for _, index in keyed[1:]:
        chain = ast.BinOp(chain, type(op)(), operands[index])
    return chain


def _without_docstring(body: list[ast.stmt]) -> list[ast.stmt]:
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        return body[1:]
    return body


def _loaded(node: ast.expr) -> ast.expr:
    """A target (`x`, `x[i]`, `x.y`) as read, for `x += 1` as `x = x + 1`."""
    for part in ast.walk(node):
        if hasattr(part, "ctx"):
            part.ctx = ast.Load()
    return node


def _header_end(node: ast.stmt) -> int:
    """The last line of a compound statement's header (`for ... in ...:`), or of the statement."""
    if isinstance(node, TRIES):
        return node.lineno
    parts = {
        ast.If: lambda n: [n.test],
        ast.While: lambda n: [n.test],
        ast.For: lambda n: [n.target, n.iter],
        ast.AsyncFor: lambda n: [n.target, n.iter],
        ast.With: lambda n: [i.context_expr for i in n.items],
        ast.AsyncWith: lambda n: [i.context_expr for i in n.items],
    }.get(type(node))
    if parts is None:
        return node.end_lineno
    return max([node.lineno, *(p.end_lineno or node.lineno for p in parts(node))])  # made nodes have none


def _is_minus_one(node: ast.expr) -> bool:
    if isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) == 1:
        node = node.elts[0]
    return isinstance(node, ast.Constant) and node.value == -1


def _has_effect(node: ast.AST) -> bool:
    return any(isinstance(part, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom, ast.NamedExpr)) for part in subtree(node))


def _is_print(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"
