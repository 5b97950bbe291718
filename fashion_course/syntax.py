"""Python source from a student, parsed within fixed bounds.

`ast.parse` reads any nesting its C parser can, but what then walks the tree recursively
(`symtable`, `ast.unparse`, a `NodeTransformer`) runs out of stack at a depth that depends on how
deep the caller already is: the same cell could be read from a terminal and refused in a kernel.
`parse` refuses, with `TooDeepError`, any tree deeper than `MAX_TREE_DEPTH` levels, wherever it
is called from; honest code stays far below (the reference solutions reach 15 levels).
"""

from __future__ import annotations

import ast
import threading

MAX_TREE_DEPTH = 100  # levels of a syntax tree (`1 + 1 + ...` 600 times nests 600 deep)
# CPython 3.11 counts the depth of the tree it builds once per interpreter, not per thread: two
# threads building trees at once (`course grade` reads two students at a time) can fail with
# "SystemError: AST constructor recursion depth mismatch" (python/cpython#106905). One at a time.
_BUILDING = threading.Lock()


class TooDeepError(ValueError):
    """Source nested too deeply to be read within the bounds."""


def deeper_than(node: ast.AST, levels: int) -> bool:
    """Whether the tree under `node` has more than `levels` levels (found level by level,
    without recursion)."""
    level = [node]
    for _ in range(levels):
        level = [child for parent in level for child in ast.iter_child_nodes(parent)]
        if not level:
            return False
    return True


def parse(source: str) -> ast.Module:
    """`ast.parse(source)` within the bounds: raises SyntaxError (or ValueError for a NUL byte) as
    Python would, and `TooDeepError` for a tree deeper than `MAX_TREE_DEPTH` or one the parser
    itself cannot hold."""
    try:
        with _BUILDING:
            tree = ast.parse(source)
    except (RecursionError, MemoryError):
        raise TooDeepError from None
    if deeper_than(tree, MAX_TREE_DEPTH):
        raise TooDeepError
    return tree
