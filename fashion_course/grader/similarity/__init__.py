"""Which students hand in the reference's code, and which hand in each other's.

**What is compared.** For each lesson function a student wrote (a stub is never compared), what
it executes: its own body, and the body of every helper of the student's it calls, directly or
through other helpers, found wherever the student put it: beside it in the lesson file, nested
inside it, in another top-level `.py` file of their folder (`from _helpers import impl`,
`import _helpers`), or behind an alias (`sigmoid = _impl`, `sigmoid = lambda z: ...`). A call
of another lesson function is kept as its name, as the reference writes it. The reference
solution goes through the same steps, so its own helpers (lesson 5's `normal_init`, lesson 6's
`train_step`) count as its code.

**Normalised first**, on the syntax tree (parsed, never run), so that the usual disguises of a
copy change nothing: new names and layout, equivalent spellings (imports resolved, `np.dot(a, b)`
as `a @ b`, `x.sum()` as `np.sum(x)`, ...), commuted operands, independent statements in another
order, dead code and unused variables (the full list: `normalise`).

**Fingerprints (MOSS's method).** The normalised code is a stream of tokens; each run of `K`
consecutive tokens (a k-gram) is hashed, and winnowing keeps the smallest hash of every `WINDOW`
consecutive ones (Schleimer, Wilkerson and Aiken, 2003), so that any run of `K + WINDOW - 1`
tokens two functions share is found, and inserting code only loses the k-grams that span the
insertion. A function's side is *matched* where its tokens lie in a k-gram the other side has.

**Against the reference** (linear in the class size): a student's lesson is flagged when, over
the functions they wrote, their code holds at least `SAME_SHARE` of the reference's tokens and
at least `MIN_TOKENS` of them, and at least `OWN_SHARE` of their own tokens are the reference's
(so padding a copy with new code does not hide it, while a long honest solution that happens to
contain the reference's idioms is not a copy). A function shorter than `FUNCTION_TOKENS` tokens
(the reference's) is named when it matches but never counted: everyone writes
`return np.maximum(Z, 0)`, and that is no evidence.

**Between students, beyond the reference**: the reference's k-grams are taken out of both sides
first, so two students who both pasted the reference share nothing more and are no pair (each is
listed once, against the reference); so are, in a class of more than `COMMON_PROGRAMS` different
solutions, the k-grams that more than that many of them share (MOSS's `-m`: what much of the class
writes alike, the textbook Adam, is no evidence; identical copies count once, so a ring of copies
is never "common"). A pair is flagged when one side's remaining code is at least `SAME_SHARE`
found in the other's, the other's at least `OWN_SHARE`, with `MIN_TOKENS` matched on each side.

**The report** (`class_report`, written by `gradebook.write_similarity`): the pairs of students,
best first, then each student whose lessons match the reference; `page` shows them side by side.
The report flags; it never changes a grade.

**Why not copydetect**, a maintained winnowing detector: it fingerprints whole files from
Pygments tokens, which sees neither imports nor helpers, calls nor aliases, and it compares every
pair of files. The normalisation is the part that defeats the disguises; the winnowing is twenty
lines. No new dependency.

**Untrusted input.** Files are parsed with `syntax.parse` (bounded depth: `1 + 1 + ...` 600
times is refused), every recursive walk is bounded by that depth, a lesson's files count at most
`MAX_SOURCE_CHARS` characters, helpers are inlined at most `MAX_INLINE_DEPTH` deep (a helper
already being inlined is not inlined again) and a function's executed code is cut at
`MAX_TOKENS` tokens; everything else is linear in the code's size. A student's lesson whose file
does not parse, or is too long, is not compared (the report says nothing of it; the rest of the
class is compared as usual).

The modules, each importing only those above it:

constants     every threshold and bound, and the tables of the normalisation
source        what a submission holds for a lesson: its Python and the helper files it imports
fingerprints  a function's executed code as k-gram hashes, winnowed; which tokens match
statements    a normalised statement's text and tokens, what it reads and writes; dead
              assignments dropped, a block's canonical order
normalise     `program`: a student's lesson read, names resolved across their files, each
              lesson function normalised, its helpers inlined
compare       a student against the reference, two students against each other: one lesson's flags
report        `similar_pairs` and `class_report`: the flags of one lesson, of a class
page          the report as one HTML page
"""

from fashion_course.grader.similarity.compare import Pair
from fashion_course.grader.similarity.constants import (
    COMMON_PROGRAMS,
    FUNCTION_TOKENS,
    MAX_INLINE_DEPTH,
    MAX_SOURCE_CHARS,
    MAX_TOKENS,
    MIN_TOKENS,
    OWN_SHARE,
    REFERENCE,
    SAME_FUNCTION,
    SAME_SHARE,
    SHOWN,
    WINDOW,
    K,
)
from fashion_course.grader.similarity.fingerprints import Executed
from fashion_course.grader.similarity.normalise import Program, program
from fashion_course.grader.similarity.page import lesson_list, page
from fashion_course.grader.similarity.report import Report, class_report, similar_pairs
from fashion_course.grader.similarity.source import LessonCode, lesson_source

__all__ = [
    "COMMON_PROGRAMS",
    "FUNCTION_TOKENS",
    "K",
    "MAX_INLINE_DEPTH",
    "MAX_SOURCE_CHARS",
    "MAX_TOKENS",
    "MIN_TOKENS",
    "OWN_SHARE",
    "REFERENCE",
    "SAME_FUNCTION",
    "SAME_SHARE",
    "SHOWN",
    "WINDOW",
    "Executed",
    "LessonCode",
    "Pair",
    "Program",
    "Report",
    "class_report",
    "lesson_list",
    "lesson_source",
    "page",
    "program",
    "similar_pairs",
]
