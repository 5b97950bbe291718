"""The copy report as one self-contained HTML page (`page`): the flags listed, then side by side,
each line of code escaped, the matching lines marked."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable

from fashion_course.grader.similarity.compare import Pair
from fashion_course.grader.similarity.constants import MAX_LINE, SHOWN
from fashion_course.grader.similarity.fingerprints import Executed, spread
from fashion_course.grader.similarity.normalise import Program
from fashion_course.grader.similarity.report import Report
from fashion_course.lessons import find_lesson
from fashion_course.submission import shown_name

# Shown as escapes in code: control characters (but tab), bidirectional and invisible formatting
# characters, which could make code read other than it runs; and the lone surrogates of bytes that
# were not UTF-8.
_UNSEEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e"
                     "\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]")


def _code(line: str) -> str:
    """A line of a student's code as HTML: escaped, what would not show written as its escape."""
    line = line.expandtabs(4)
    shown = line[:MAX_LINE] + (" …" if len(line) > MAX_LINE else "")
    parts, last = [], 0
    for match in _UNSEEN.finditer(shown):
        parts.append(html.escape(shown[last : match.start()]))
        parts.append(f'<span class="esc">{html.escape(ascii(match.group())[1:-1])}</span>')
        last = match.end()
    parts.append(html.escape(shown[last:]))
    return "".join(parts)


def _name(student: str) -> str:
    return html.escape(shown_name(student))


def _marks(side: Executed, other: Executed | None, leave_out: set[int]) -> dict[tuple[str, int], str]:
    """(file, line) -> "same" where most of a statement's tokens are in k-grams the other side has
    (beyond `leave_out`), "common" where most are in `leave_out`'s."""
    same = spread(side, set(other.hashes), leave_out) if other else [False] * len(side.tokens)
    common = spread(side, leave_out)
    counts: dict[tuple[str, int, int], list[int]] = defaultdict(lambda: [0, 0, 0])
    for place, is_same, is_common in zip(side.places, same, common, strict=True):
        counts[place][0] += 1
        counts[place][1] += is_same
        counts[place][2] += is_common and not is_same
    marks: dict[tuple[str, int], str] = {}
    for (file, first, last), (total, matched, shared) in counts.items():
        kind = "same" if 2 * matched >= total else "common" if 2 * shared >= total else ""
        for line in range(first, last + 1):
            if kind and marks.get((file, line)) != "same":
                marks[(file, line)] = kind
    return marks


def _listing(who: str, found: Program, executed: Executed, marks: dict[tuple[str, int], str]) -> str:
    parts = [f'<div class="side"><p class="who">{who}</p>']
    for file, first, last, title in executed.spans:
        lines = found.lines.get(file, [])[first - 1 : last]
        parts.append(f'<p class="file">{_code(title)} · {_code(file)}, lines {first}–{last}</p><pre><code>')
        for number, line in enumerate(lines, first):
            kind = marks.get((file, number), "")
            parts.append(f'<span class="ln {kind}"><span class="no">{number}</span>{_code(line)}</span>')
        parts.append("</code></pre>")
    return "".join(parts) + "</div>"


def _side_by_side(report: Report, flag: Pair, anchor: str) -> str:
    """One flag's section: each function both sides wrote, side by side, the matching lines marked."""
    lesson = find_lesson(flag.lesson)
    mine = report.programs[(flag.first, flag.lesson)]
    reference = report.references[flag.lesson]
    is_reference = flag in report.reference
    theirs = reference if is_reference else report.programs[(flag.second, flag.lesson)]
    other_name = "the reference solution" if is_reference else _name(flag.second)
    kind = "of the reference's code is in theirs" if is_reference else "of one's code (beyond the reference) is in the other's"
    parts = [
        f'<section class="flag" id="{anchor}"><h3>{_name(flag.first)} and {other_name} · lesson {lesson.number} '
        f"({html.escape(lesson.slug)})</h3><p>{flag.score:.0%} {kind}. Mostly the same: "
        f"{', '.join(f'<code>{f}</code>' for f in flag.functions) or 'no single function'}.</p>"
    ]
    for name in lesson.functions:
        left, right = mine.functions.get(name), theirs.functions.get(name)
        if left is None or right is None:
            continue
        leave_out = set() if is_reference else report.excluded[flag.lesson].get(name, set())
        opened = " open" if name in flag.functions else ""
        same = "mostly the same" if name in flag.functions else "not mostly the same"
        parts.append(f'<details{opened}><summary><code>{name}</code> · {same}</summary><div class="sides">')
        parts.append(_listing(_name(flag.first), mine, left, _marks(left, right, leave_out)))
        parts.append(_listing(other_name, theirs, right, _marks(right, left, leave_out)))
        parts.append("</div></details>")
    return "".join(parts) + "</section>"


def lesson_list(numbers: list[int]) -> str:
    """`lesson 4`, `lessons 1-3 and 5`: lesson numbers as a reader wants them."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [f"{run[0]}-{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs]
    text = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"lesson{'s' if len(set(numbers)) > 1 else ''} {text}"


def _linked(flags: list[Pair], link: Callable[[Pair, str], str]) -> str:
    """`lessons 1, 2 and 4 (91–100%)`, each number a link to its side by side."""
    numbers = [link(flag, str(flag.lesson)) for flag in flags]
    listed = numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} and {numbers[-1]}"
    low, high = min(f.score for f in flags), max(f.score for f in flags)
    scores = f"{high:.0%}" if f"{low:.0%}" == f"{high:.0%}" else f"{low * 100:.0f}–{high:.0%}"
    return f"lesson{'s' if len(flags) > 1 else ''} {listed} ({scores})"


STYLE = """
:root { color-scheme: light; --same: #ffd966; --common: #e4e9f2; --ink: #1f2328; --muted: #59636e; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1280px; padding: 16px; font: 16px/1.5 system-ui, -apple-system,
  "Segoe UI", Roboto, sans-serif; color: var(--ink); overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; } h2 { font-size: 1.25rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 0 0 .25rem; }
ol, ul { padding-left: 1.4rem; } li { margin: .2rem 0; }
.key span { padding: 0 .35rem; border-radius: 3px; }
.flag { border-top: 1px solid #d0d7de; padding-top: 1rem; margin-top: 1.5rem; }
details { margin: .5rem 0; } summary { cursor: pointer; }
.sides { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; margin-top: .5rem; }
.side { min-width: 0; }
.who { font-weight: 600; margin: 0; } .file { color: var(--muted); font-size: .85rem; margin: .25rem 0 0; }
pre { margin: .25rem 0 .75rem; padding: 6px 0; background: #f6f8fa; border: 1px solid #d0d7de;
  border-radius: 6px; overflow-x: auto; font-size: 13px; line-height: 1.45; }
pre code { display: inline-block; min-width: 100%; }
.ln { display: block; padding: 0 8px 0 0; white-space: pre; }
.no { display: inline-block; width: 3.2em; padding-right: .8em; text-align: right; color: #8c959f;
  user-select: none; }
.same { background: var(--same); } .common { background: var(--common); }
.esc { color: #cf222e; border: 1px solid #cf222e; border-radius: 3px; font-size: .85em; }
.muted { color: var(--muted); }
@media (max-width: 760px) {
  body { padding: 10px; font-size: 15px; }
  .sides { grid-template-columns: minmax(0, 1fr); }
  pre { font-size: 12px; }
}
"""


def page(report: Report) -> str:
    """The report as one self-contained HTML page (no script, nothing fetched): the pairs of
    students first, then the students whose code is the reference's, then the first `SHOWN`
    flags side by side. Every name and every line of code is escaped."""
    pairs, copied = report.student_pairs(), report.copied_reference()
    shown = [*report.pairs, *report.reference][:SHOWN]
    anchors = {flag: f"flag{number}" for number, flag in enumerate(shown, 1)}

    def link(flag: Pair, text: str) -> str:
        return f'<a href="#{anchors[flag]}">{text}</a>' if flag in anchors else text

    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Copy report</title><style>{STYLE}</style></head><body>",
        "<h1>Copy report</h1>",
        f"<p>{report.students} students compared, lesson by lesson, on what each lesson function executes "
        "(their helpers included), after names, layout, order, equivalent calls and dead code are "
        "normalised away. These are flags for you to judge: no grade changed.</p>",
        '<p class="key">Marked lines: <span class="same">the same code</span> · '
        '<span class="common">code the reference (or much of the class) has too</span></p>',
        f"<h2>Students who share code with each other ({len(pairs)} pair{'' if len(pairs) == 1 else 's'})</h2>",
    ]
    if pairs:
        parts.append("<ol>")
        for first, second, flags in pairs:
            parts.append(f"<li>{_name(first)} and {_name(second)}: {_linked(flags, link)}</li>")
        parts.append("</ol>")
    else:
        parts.append('<p class="muted">None: no two students share code beyond what the reference has.</p>')
    parts.append(f"<h2>Students whose code is the reference's ({len(copied)})</h2>")
    if copied:
        parts.append("<ul>")
        for student, flags in copied.items():
            parts.append(f"<li>{_name(student)}: {_linked(flags, link)}</li>")
        parts.append("</ul>")
    else:
        parts.append('<p class="muted">None.</p>')
    if shown:
        parts.append("<h2>Side by side</h2>")
        parts += [_side_by_side(report, flag, anchors[flag]) for flag in shown]
        hidden = len(report.pairs) + len(report.reference) - len(shown)
        if hidden:
            parts.append(f'<p class="muted">{hidden} more flags are listed above and in similarity.csv, '
                         "not shown side by side.</p>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
