"""Normalised statements: the nodes under one (`subtree`), its text and tokens, the local names
it reads and writes, dead assignments dropped (`prune`), and a block's canonical order
(`reordered`): a topological order of what each statement reads and writes (a call that may
change its arguments or the world keeps its place among such calls), ties broken by the
statements' normalised text."""

from __future__ import annotations

import ast
import heapq
from collections import defaultdict

from fashion_course.grader.similarity.constants import (
    ENDS,
    HELPER,
    HELPER_NAME,
    IMPURE_NUMPY,
    LESSON_FUNCTIONS,
    LOCAL,
    LOCAL_NAME,
    MAX_PRUNING,
    MAX_REORDER,
    PURE_BUILTINS,
    PURE_METHODS,
    TOKEN,
)

_LEAVES = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)


def subtree(node: ast.AST) -> list[ast.AST]:
    """The nodes of the tree under `node`, `node` first, depth first in source order (a list,
    several times faster than `ast.walk`), operators and contexts left out."""
    found, todo = [], [node]
    while todo:
        part = todo.pop()
        found.append(part)
        children = []
        for name in part._fields:
            value = getattr(part, name, None)
            if value.__class__ is list:
                children += [item for item in value if isinstance(item, ast.AST) and not isinstance(item, _LEAVES)]
            elif isinstance(value, ast.AST) and not isinstance(value, _LEAVES):
                children.append(value)
        todo += reversed(children)
    return found


def _header(node: ast.stmt) -> ast.AST:
    """What of a statement is emitted as one line of tokens: a simple statement whole, a compound
    one's header (its bodies follow, `bodies`)."""
    if isinstance(node, ast.If):
        return ast.If(node.test, [], [])
    if isinstance(node, ast.While):
        return ast.While(node.test, [], [])
    if isinstance(node, ast.For):
        return ast.For(node.target, node.iter, [], [])
    if isinstance(node, ast.With):
        return ast.With(node.items, [])
    if isinstance(node, ast.Try):
        return ast.Try([], [], [], [])
    return node


def bodies(node: ast.stmt) -> list[tuple[str, list[ast.stmt]]]:
    """A compound statement's blocks, each after the token that opens it."""
    if isinstance(node, (ast.If, ast.While, ast.For)):
        return [(":", node.body), *([("else", node.orelse)] if node.orelse else []), ("end", [])]
    if isinstance(node, ast.With):
        return [(":", node.body), ("end", [])]
    if isinstance(node, ast.Try):
        parts = [(":", node.body)]
        for handler in node.handlers:
            kind = sort_key(handler.type) if handler.type else ""
            parts.append((f"except {kind}", handler.body))
        if node.orelse:
            parts.append(("else", node.orelse))
        if node.finalbody:
            parts.append(("finally", node.finalbody))
        return [*parts, ("end", [])]
    return []


def _header_text(node: ast.stmt) -> str:
    """A statement's normalised text (a compound one's header alone), local names as `V` and
    helpers' calls as `F`; kept on the node."""
    text = getattr(node, "text", None)
    if text is None:
        if isinstance(node, ast.If):
            text = "if " + ast.unparse(node.test)
        elif isinstance(node, ast.While):
            text = "while " + ast.unparse(node.test)
        elif isinstance(node, ast.For):
            text = f"for {ast.unparse(node.target)} in {ast.unparse(node.iter)}"
        elif isinstance(node, ast.With):
            text = "with " + ", ".join(ast.unparse(item) for item in node.items)
        elif isinstance(node, ast.Try):
            text = "try"
        else:
            text = ast.unparse(node)
        text = node.text = HELPER_NAME.sub("F", LOCAL_NAME.sub("V", text))
    return text


def statement_tokens(node: ast.stmt) -> list[str]:
    """The tokens of `_header_text`; kept on the node."""
    tokens = getattr(node, "tokens", None)
    if tokens is None:
        tokens = node.tokens = TOKEN.findall(_header_text(node))
    return tokens


def _statement_key(node: ast.stmt) -> str:
    """A statement's normalised text, its blocks included: what ordering compares."""
    key = getattr(node, "key", None)
    if key is None:
        parts = [_header_text(node)]
        for label, body in bodies(node):
            parts += [label, *map(_statement_key, body)]
        key = node.key = " ; ".join(parts)
    return key


def sort_key(node: ast.AST) -> str:
    """An expression's normalised text, local names as V: what sorting operands compares."""
    return HELPER_NAME.sub("F", LOCAL_NAME.sub("V", ast.unparse(node)))


def inlined_calls(node: ast.stmt) -> list[ast.Call]:
    """The calls of a helper (`¤n`) or a local name in a statement (a compound one's header), in
    source order; kept on the node."""
    calls = getattr(node, "calls", None)
    if calls is None:
        calls = node.calls = [
            part
            for part in subtree(_header(node))
            if isinstance(part, ast.Call)
            and isinstance(part.func, ast.Name)
            and part.func.id.startswith((HELPER, LOCAL))
        ]
    return calls


def _is_pure(call: ast.Call) -> bool:
    """Whether a call changes nothing but gives its result (as far as its name tells)."""
    func = call.func
    if isinstance(func, ast.Name):
        name = func.id
        if name in PURE_BUILTINS or name in LESSON_FUNCTIONS:
            return True
        return name.startswith("numpy.") and not name.startswith(IMPURE_NUMPY) and not any(
            keyword.arg == "out" for keyword in call.keywords
        )
    return isinstance(func, ast.Attribute) and func.attr in PURE_METHODS


def _target_names(target: ast.AST, into: set[int]) -> None:
    """The ids of the Name nodes that a target binds (not those a subscript or attribute reads)."""
    todo = [target]
    while todo:
        part = todo.pop()
        if isinstance(part, ast.Name):
            into.add(id(part))
        elif isinstance(part, (ast.Tuple, ast.List)):
            todo += part.elts
        elif isinstance(part, ast.Starred):
            todo.append(part.value)


def _scan(nodes: list[ast.AST]) -> tuple[set[str], set[str]]:
    """The local names that `nodes` (a statement's) read, and those they write, "" standing for
    the world: a target's root (`x` of `x[i] = v`) is written; a call that may change its
    arguments writes them and the world; a `return`, `raise`, `del` or `yield` writes the world."""
    bound: set[int] = set()
    for part in nodes:
        if isinstance(part, ast.Assign):
            for target in part.targets:
                _target_names(target, bound)
        elif isinstance(part, (ast.For, ast.comprehension)):
            _target_names(part.target, bound)
        elif isinstance(part, ast.withitem) and part.optional_vars is not None:
            _target_names(part.optional_vars, bound)
    reads, writes = set(), set()
    for part in nodes:
        if isinstance(part, ast.Name):
            if part.id.startswith(LOCAL):
                (writes if id(part) in bound else reads).add(part.id)
        elif isinstance(part, (ast.Subscript, ast.Attribute)) and not isinstance(part.ctx, ast.Load):
            root = part
            while isinstance(root, (ast.Subscript, ast.Attribute)):
                root = root.value
            if isinstance(root, ast.Name):
                writes.add(root.id)
        elif isinstance(part, ast.Call) and not _is_pure(part):
            writes.add("")
            writes.update(n.id for n in subtree(part) if isinstance(n, ast.Name) and n.id.startswith(LOCAL))
        elif isinstance(part, (*ENDS, ast.Yield, ast.YieldFrom, ast.Await, ast.Delete)):
            writes.add("")
    return reads, writes


def _facts(node: ast.stmt) -> tuple[set[str], set[str]]:
    """`_scan` of a statement, its blocks' statements included (each kept on its node)."""
    facts = getattr(node, "facts", None)
    if facts is None:
        reads, writes = _scan(subtree(_header(node)))
        for _, body in bodies(node):
            for statement in body:
                more_reads, more_writes = _facts(statement)
                reads, writes = reads | more_reads, writes | more_writes
        facts = node.facts = (reads, writes)
    return facts


def prune(blocks: list[list[ast.stmt]]) -> None:
    """Drop the assignments to local names nothing in `blocks` (a function's body and the bodies
    nested in it) reads, until none is left."""
    for _ in range(MAX_PRUNING):
        read = set()
        for block in blocks:
            for statement in block:
                read |= _scan(subtree(statement))[0]
        if not sum(_prune(block, read) for block in blocks):
            return


def _prune(block: list[ast.stmt], read: set[str]) -> int:
    """Remove, in `block` and the blocks within it, the assignments whose every target is a local
    name never read and whose value changes nothing; how many were removed."""
    removed, kept = 0, []
    for statement in block:
        if isinstance(statement, ast.Assign):
            bound: set[int] = set()
            for target in statement.targets:
                _target_names(target, bound)
            targets = [part for target in statement.targets for part in subtree(target)]
            names = [part for part in targets if isinstance(part, ast.Name)]
            if (
                names
                and all(id(p) in bound and p.id.startswith(LOCAL) and p.id not in read for p in names)
                and all(isinstance(p, (ast.Name, ast.Tuple, ast.List, ast.Starred)) for p in targets)
                and all(_is_pure(call) for call in subtree(statement.value) if isinstance(call, ast.Call))
            ):
                removed += 1
                continue
        for _, body in bodies(statement):
            removed += _prune(body, read)
        kept.append(statement)
    block[:] = kept
    return removed


def reordered(block: list[ast.stmt]) -> list[ast.stmt]:
    """The block's statements in a canonical order: a topological order of their dependencies
    (what one writes, a later one reads or writes; what one reads, a later one writes) that
    takes, of the statements ready, the one whose normalised text sorts first. Blocks within
    statements likewise."""
    for statement in block:
        for _, body in bodies(statement):
            body[:] = reordered(body)
    if len(block) < 2 or len(block) > MAX_REORDER:
        return block
    after: list[set[int]] = [set() for _ in block]
    waiting = [0] * len(block)
    last_write: dict[str, int] = {}
    reads_since: dict[str, list[int]] = defaultdict(list)
    for index, statement in enumerate(block):
        reads, writes = _facts(statement)
        reads = reads | writes  # `x[i] = v` reads x too
        before = {last_write[name] for name in reads if name in last_write}
        for name in writes:
            before.update(reads_since[name])
        for earlier in before - {index}:
            if index not in after[earlier]:
                after[earlier].add(index)
                waiting[index] += 1
        for name in reads:
            reads_since[name].append(index)
        for name in writes:
            last_write[name], reads_since[name] = index, [index]
    keys = [_statement_key(statement) for statement in block]
    ready = [(keys[i], i) for i in range(len(block)) if not waiting[i]]
    heapq.heapify(ready)
    order = []
    while ready:
        _, index = heapq.heappop(ready)
        order.append(block[index])
        for later in after[index]:
            waiting[later] -= 1
            if not waiting[later]:
                heapq.heappush(ready, (keys[later], later))
    return order
