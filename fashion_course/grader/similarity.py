"""Which submissions are nearly the same code: pairs of students, and students against the reference.

Compared per lesson function, on normalised syntax trees rather than text: each function is
parsed (never run), its docstring dropped, and every name it binds (arguments, locals, loop
variables) renamed by order of first use, so renaming variables, reformatting, reordering the
file's functions or adding comments changes nothing, while what the code calls (`np.exp`,
`np.maximum`) and its constants still count. Two functions score the `difflib` ratio of their
token sequences (1.0: the same code up to names and layout).

Short functions are written alike by honest students (`np.maximum(Z, 0)`), so a pair of
submissions is flagged for a lesson only when the functions that score at least
`SAME_FUNCTION` together hold at least `MIN_TOKENS` tokens and `SAME_SHARE` of both sides'
written code. A function still the stub (docstring and `raise NotImplementedError`) is never
compared. The report flags; it never changes a grade.

The files are untrusted, and normalising walks their trees, which Python does by recursion, and
compares token sequences, which takes time that grows with the product of their lengths: so a
student's lesson is not compared at all (the report says nothing of it, and the rest of the class
is compared as usual) when its file does not parse, or one of its functions nests deeper than
`MAX_TREE_DEPTH` levels (`1 + 1 + ...` 600 times nests 600 deep) or is longer than
`MAX_FUNCTION_TOKENS` tokens. The reference's functions reach 13 levels and 352 tokens.

Chosen over copydetect's winnowing (a maintained detector of copied files) because grading
already knows each lesson's functions: comparing them one by one, renamed, is exact about what
was copied, needs no new dependency, and says which functions are involved.
"""

from __future__ import annotations

import ast
import builtins
import difflib
import io
import re
import tokenize
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from fashion_course.lessons import Lesson
from fashion_course.submission import (
    NOTEBOOK,
    NotebookError,
    Submission,
    choose_file,
    code_cells,
    lesson_module,
)

SAME_FUNCTION = 0.9  # a function's score from which it counts as the same code
SAME_SHARE = 0.8  # of a lesson's written code, by tokens, on both sides
MIN_TOKENS = 60  # fewer matched tokens than this is too little code to tell
MAX_TREE_DEPTH = 100  # levels of a function's syntax tree: far from Python's recursion limit
MAX_FUNCTION_TOKENS = 2_000  # of a function, normalised: about a second to compare two this long
REFERENCE = "(reference solution)"
BUILTINS = set(dir(builtins))


@dataclass(frozen=True)
class Pair:
    lesson: int
    first: str
    second: str  # a student, or REFERENCE
    score: float  # the share of both sides' written code that is the same, by tokens
    functions: tuple[str, ...]  # the functions that are the same code


class _Renamer(ast.NodeTransformer):
    """Renames every name a function binds to v0, v1, ... by first use; leaves globals alone."""

    def __init__(self, bound: set[str]) -> None:
        self.bound, self.names = bound, {}

    def _name(self, name: str) -> str:
        if name not in self.bound:
            return name
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_Name(self, node: ast.Name) -> ast.Name:
        node.id = self._name(node.id)
        return node

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.arg, node.annotation = self._name(node.arg), None
        return node


def normalised(function: ast.FunctionDef) -> list[str]:
    """The function's tokens with its docstring, annotations and own names' spelling removed."""
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:] or [ast.Pass()]
    bound = {a.arg for a in ast.walk(function.args) if isinstance(a, ast.arg)}
    bound |= {
        n.id
        for n in ast.walk(ast.Module(body=body, type_ignores=[]))
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }
    bound -= BUILTINS
    copy = ast.FunctionDef(
        name="f", args=function.args, body=body, decorator_list=[], returns=None, type_params=[]
    )
    tree = _Renamer(bound).visit(ast.fix_missing_locations(ast.Module(body=[copy], type_ignores=[])))
    source = ast.unparse(tree)
    return [t.string for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.string.strip()]


def is_stub(function: ast.FunctionDef) -> bool:
    body = [n for n in function.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
    return (
        len(body) == 1
        and re.fullmatch(r"raise NotImplementedError(\(.*\))?", ast.unparse(body[0])) is not None
    )


def written_functions(source: str, lesson: Lesson) -> dict[str, list[str]] | None:
    """The lesson's functions a file defines (the last definition of each) and are not stubs,
    normalised; None when the file is not to be compared: it does not parse, or one of those
    functions nests deeper than `MAX_TREE_DEPTH` levels or is longer than `MAX_FUNCTION_TOKENS`."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # RecursionError: nested too deeply
        return None
    found = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in lesson.functions}
    if any(_deeper_than(node, MAX_TREE_DEPTH) for node in found.values()):
        return None
    written = {name: normalised(node) for name, node in found.items() if not is_stub(node)}
    return None if any(len(tokens) > MAX_FUNCTION_TOKENS for tokens in written.values()) else written


def _deeper_than(node: ast.AST, levels: int) -> bool:
    """Whether the syntax tree under `node` has more than `levels` levels (found level by level,
    without recursion)."""
    level = [node]
    for _ in range(levels):
        level = [child for parent in level for child in ast.iter_child_nodes(parent)]
        if not level:
            return False
    return True


def score(first: list[str], second: list[str]) -> float:
    return difflib.SequenceMatcher(None, first, second, autojunk=False).ratio()


def compare(first: dict[str, list[str]], second: dict[str, list[str]]) -> tuple[float, tuple[str, ...]]:
    """The share of both sides' written tokens in functions that are the same code, and those functions."""
    same = tuple(f for f in first if f in second and score(first[f], second[f]) >= SAME_FUNCTION)
    matched = sum(len(first[f]) + len(second[f]) for f in same)
    total = sum(map(len, first.values())) + sum(map(len, second.values()))
    if not total or matched / 2 < MIN_TOKENS:
        return 0.0, ()
    return matched / total, same


def similar_pairs(sources: dict[str, str], reference: str, lesson: Lesson) -> list[Pair]:
    """The flagged pairs among `sources` (student -> the lesson file's text) and the reference; a
    student whose file is not to be compared (`written_functions`) is in none."""
    written = {student: written_functions(text, lesson) for student, text in sorted(sources.items())}
    written = {student: functions for student, functions in written.items() if functions}
    others = [*combinations(written, 2), *((student, REFERENCE) for student in written)]
    written[REFERENCE] = written_functions(reference, lesson) or {}
    pairs = []
    for first, second in others:
        share, functions = compare(written[first], written[second])
        if share >= SAME_SHARE:
            pairs.append(Pair(lesson.number, first, second, round(share, 3), functions))
    return pairs


def lesson_source(submission: Submission, lesson: Lesson, stubs: Path) -> str:
    """The Python a student's submission holds for `lesson`, from the bytes read: the file graded
    (`choose_file`), a notebook's code cells as its lesson file; "" when there is none."""
    name = choose_file(submission, lesson).file.name
    if name not in submission.files:
        return ""
    data = submission.files[name].data
    if not name.endswith(NOTEBOOK):
        return data.decode("utf-8", errors="replace")
    try:
        return lesson_module(code_cells(data, name), (stubs / lesson.file_name).read_text(), name)
    except NotebookError:
        return ""
