"""Every constant of the copy report: its thresholds, its bounds on untrusted input, the names
normalised code is written with, and the tables of the normalisation.

The thresholds sit between what `tests/test_similarity.py` measures: two independently written
solutions of every lesson (`tests/similarity/`) reach at most 0.49 of the reference's code and
0.60 of each other's; each disguise, alone or all at once, leaves at least 0.97 of the reference
in a copy of it and 0.96 of a classmate's code in a copy of theirs.
"""

from __future__ import annotations

import ast
import builtins
import re

from fashion_course.lessons import LESSONS

# The thresholds
K = 10  # tokens in a k-gram: runs shorter than this are never evidence
WINDOW = 4  # k-grams per winnowing window: any shared run of K + WINDOW - 1 tokens is found
SAME_SHARE = 0.8  # of the code compared, matched: against the reference, of its code; in a pair, of one side's
OWN_SHARE = 0.5  # of a student's own code that must be the reference's, against the reference
MIN_TOKENS = 60  # matched tokens on each side: less is too little code to tell
FUNCTION_TOKENS = 25  # a function shorter than this (on the reference's side) is no evidence
SAME_FUNCTION = 0.8  # a function's share of matched tokens from which the report names it
COMMON_PROGRAMS = 10  # a k-gram in more distinct programs of a class than this is common code

# The bounds on what a student hands in
MAX_SOURCE_CHARS = 200_000  # a lesson's file and the helper files it imports, together
MAX_TOKENS = 20_000  # of a function's executed code, helpers inlined
MAX_INLINE_DEPTH = 8  # helpers inlined within helpers
MAX_REORDER = 400  # statements of a block put in canonical order; a longer block keeps its own
MAX_PRUNING = 20  # passes of dead-assignment removal
MAX_LINE = 400  # characters of a line of code shown

# The report
REFERENCE = "(reference solution)"
SHOWN = 40  # flags shown side by side in the HTML page, pairs first (every flag is listed)

# Names, as normalised code writes them
BUILTINS = set(dir(builtins))
LESSON_FUNCTIONS = {function for lesson in LESSONS for function in lesson.functions}
LESSON_MODULES = {lesson.module_name for lesson in LESSONS}
LOCAL, HELPER, UNKNOWN = "$", "\u00a4", "G"  # a local name ($x), a helper's call (¤3), a global
TOKEN = re.compile(
    r"""[rRbBuUfF]{0,2}'(?:\\.|[^'\\\n])*'|[rRbBuUfF]{0,2}"(?:\\.|[^"\\\n])*"|"""
    r"""\d+\.?\d*(?:[eE][+-]?\d+)?[jJ]?|\.\d+(?:[eE][+-]?\d+)?|[^\W\d][\w.]*|"""
    r"""\*\*=?|//=?|>>=?|<<=?|->|[-+*/%@&|^<>=!:]=|\S"""
)
LOCAL_NAME = re.compile(r"\$\w+")
HELPER_NAME = re.compile("\u00a4\\d+")

# Calls that change nothing but their result: they never pin a statement's place.
PURE_BUILTINS = {
    *"abs all any bool dict divmod enumerate float int isinstance len list max min range reversed round"
    " set sorted str sum tuple zip".split()
}
IMPURE_NUMPY = ("numpy.random", "numpy.copyto", "numpy.put", "numpy.place", "numpy.fill_diagonal")
PURE_METHODS = {
    *"astype copy get items keys values reshape tolist item squeeze nonzero format join".split(),
}
# numpy functions that are an operator applied to their two arguments
OPERATORS = {
    "numpy.dot": ast.MatMult,
    "numpy.matmul": ast.MatMult,
    "numpy.multiply": ast.Mult,
    "numpy.add": ast.Add,
    "numpy.subtract": ast.Sub,
    "numpy.divide": ast.Div,
    "numpy.true_divide": ast.Div,
    "numpy.floor_divide": ast.FloorDiv,
    "numpy.power": ast.Pow,
    "numpy.mod": ast.Mod,
    "numpy.remainder": ast.Mod,
}
RENAMED = {"numpy.array": "numpy.asarray", "numpy.amax": "numpy.max", "numpy.amin": "numpy.min"}
# methods that are numpy functions of the array: x.sum(axis=0) is numpy.sum(x, axis=0)
REDUCTIONS = {
    *"sum mean max min std var argmax argmin prod any all cumsum cumprod clip round take ravel".split(),
}
COMMUTATIVE = (ast.Add, ast.Mult, ast.BitAnd, ast.BitOr, ast.BitXor)
ENDS = (ast.Return, ast.Raise, ast.Break, ast.Continue)
TRIES = (ast.Try, *([ast.TryStar] if hasattr(ast, "TryStar") else []))  # `except*` from Python 3.11
