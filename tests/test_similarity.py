"""The copy report: every usual disguise of a copy is still flagged, in every lesson, against the
reference and against a classmate; independently written solutions never are; and the report
(CSV, HTML page, terminal summary) reads at a glance.

The independent solutions are `tests/similarity/ines/` and `tests/similarity/omar/`: two
students who wrote all six lessons their own way (each passes `course check`; see
`test_the_independent_solutions_pass_the_grader`). The disguises are the plagiarism-detection
literature's (JPlag, MOSS), applied to the syntax tree of the code copied.
"""

from __future__ import annotations

import ast
import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import chromium_page
from similarity.disguises import DISGUISES, functions_of, in_another_file, renamed

from fashion_course.grader import gradebook, similarity
from fashion_course.grader.similarity import REFERENCE, LessonCode, similar_pairs
from fashion_course.lessons import LESSONS, Lesson, find_lesson
from fashion_course.submission import Submission
from fashion_course.workspace import SOLUTIONS, STUBS

HERE = Path(__file__).parent / "similarity"
STUDENTS = ("ines", "omar")  # two independent solutions of every lesson


def reference_of(lesson: Lesson) -> str:
    return (SOLUTIONS / lesson.file_name).read_text()


def independent(student: str, lesson: Lesson) -> str:
    return (HERE / student / lesson.file_name).read_text()


def flags(sources: dict[str, str], lesson: Lesson) -> set[tuple[str, str]]:
    return {(pair.first, pair.second) for pair in similar_pairs(sources, reference_of(lesson), lesson)}


# -- Every disguise is still flagged ----------------------------------------------------------------


@pytest.mark.parametrize("disguise", DISGUISES)
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: f"lesson{lesson.number}")
def test_a_disguised_reference_is_flagged_against_the_reference(lesson, disguise):
    copied = DISGUISES[disguise](reference_of(lesson))
    compile(str(copied), "copy", "exec")  # still Python
    pairs = similar_pairs({"copier": copied}, reference_of(lesson), lesson)
    assert [(p.first, p.second) for p in pairs] == [("copier", REFERENCE)]
    assert pairs[0].score >= similarity.SAME_SHARE


@pytest.mark.parametrize("disguise", DISGUISES)
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: f"lesson{lesson.number}")
def test_a_disguised_copy_of_a_classmate_is_flagged_against_them(lesson, disguise):
    for student in STUDENTS:
        original = independent(student, lesson)
        found = flags({student: original, "copier": DISGUISES[disguise](original)}, lesson)
        assert tuple(sorted((student, "copier"))) in found, student
        assert not [pair for pair in found if REFERENCE in pair]


# -- Independent work is never flagged --------------------------------------------------------------


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: f"lesson{lesson.number}")
def test_independent_solutions_are_flagged_neither_against_the_reference_nor_each_other(lesson):
    sources = {student: independent(student, lesson) for student in STUDENTS}
    assert flags(sources, lesson) == set()
    # nor against a classmate who pasted the reference
    assert flags({**sources, "paster": reference_of(lesson)}, lesson) == {("paster", REFERENCE)}


def test_the_independent_solutions_and_a_disguised_copy_pass_the_grader(tmp_path):
    """Each honest solution is correct; and the disguises make copies that still work: Ines's
    lessons with every disguise at once, moved into helper files, pass every check too."""
    copier = tmp_path / "copier"
    copier.mkdir()
    for lesson in LESSONS:
        copied = DISGUISES["in another file"](DISGUISES["all at once"](independent("ines", lesson)))
        own = f"_helpers{lesson.number}"  # each lesson its own helper file
        (copier / lesson.file_name).write_text(str(copied).replace("_helpers", own))
        (copier / f"{own}.py").write_text(copied.modules["_helpers.py"].replace("_helpers", own))
    for folder in (HERE / "ines", HERE / "omar", copier):
        result = subprocess.run(
            [sys.executable, "-m", "fashion_course", "check", "--all", "--path", str(folder), "--json"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        reports = json.loads(result.stdout)
        assert [(r["passed"], r["total"]) for r in reports] == [
            (len(lesson.functions), len(lesson.functions)) for lesson in LESSONS
        ], folder.name


def test_two_students_who_pasted_the_reference_are_no_pair_but_each_is_listed():
    lesson = find_lesson(4)
    found = flags({"ana": reference_of(lesson), "ben": renamed(reference_of(lesson))}, lesson)
    assert found == {("ana", REFERENCE), ("ben", REFERENCE)}


def test_two_students_who_share_more_than_the_reference_are_a_pair():
    """Ana pasted the reference and wrote `forward` and `backward` her own way (Ines's); Ben
    copied Ana, renamed. Neither's lesson is mostly the reference's; they share Ana's own code."""
    lesson = find_lesson(4)
    tree, own = ast.parse(reference_of(lesson)), ast.parse(independent("ines", lesson))
    mine = {node.name: node for node in functions_of(own) if node.name in ("forward", "backward")}
    tree.body = [mine.get(getattr(node, "name", ""), node) for node in tree.body]
    ana = ast.unparse(tree)
    pairs = similar_pairs({"ana": ana, "ben": renamed(ana)}, reference_of(lesson), lesson)
    assert [(p.first, p.second, p.functions) for p in pairs] == [("ana", "ben", ("forward", "backward"))]


def test_the_stub_alone_is_never_shared_code():
    lesson = find_lesson(4)
    stub = (STUBS / lesson.file_name).read_text()
    assert flags({"eve": stub, "fay": stub}, lesson) == set()
    one_function = stub.replace(
        "def relu(Z: np.ndarray) -> np.ndarray:", "def relu(Z: np.ndarray) -> np.ndarray:\n    return np.maximum(Z, 0)", 1
    )
    assert flags({"eve": one_function, "fay": one_function}, lesson) == set()  # too little to tell


def test_a_student_named_like_the_reference_is_a_student():
    lesson = find_lesson(1)
    found = flags({REFERENCE: independent("ines", lesson), "ben": reference_of(lesson)}, lesson)
    assert found == {("ben", REFERENCE)}


# -- Hostile input ----------------------------------------------------------------------------------


def test_code_too_deep_or_too_long_is_not_compared_and_the_rest_is():
    lesson = find_lesson(1)
    reference = reference_of(lesson)
    deep = reference.replace("return (y[:, None]", "return (" + "-" * 150 + "y[:, None]")  # 150 levels
    long = reference + "\n" + "x = 1\n" * (similarity.MAX_SOURCE_CHARS // 6)
    terms = reference.replace("m = len(X)", "m = len(X)\n    _ = " + " + ".join(["1"] * 600))
    found = flags({"deep": deep, "long": long, "terms": terms, "ada": reference}, lesson)
    assert found == {("ada", REFERENCE)}


def test_helpers_that_call_each_other_forever_are_inlined_once():
    lesson = find_lesson(2)
    cycle = reference_of(lesson) + "\n\ndef _a(z):\n    return _b(z)\n\n\ndef _b(z):\n    return _a(z)\n\n\n"
    cycle += "def sigmoid(z):\n    return _a(z)\n"
    chain = "\n\n".join(f"def _h{i}(z):\n    return _h{i + 1}(z) + {i}" for i in range(500))
    found = similarity.program(cycle + "\n\n" + chain + "\n\ndef accuracy(a, b):\n    return _h0(a)\n", lesson)
    assert found is not None and len(found.functions["accuracy"].tokens) < 200
    # 40 helper files that each `*`-import the 39 others: each file and name is looked at once
    files = {f"_m{i}.py": "".join(f"from _m{j} import *\n" for j in range(40) if j != i) for i in range(40)}
    web = LessonCode("from _m0 import *\n\ndef sigmoid(z):\n    return nowhere(z)\n", files)
    assert similarity.program(web, lesson).functions["sigmoid"].tokens == ["return", "G", "(", "V", ")"]


# -- Where the code comes from ----------------------------------------------------------------------


def test_the_helper_files_a_lesson_imports_come_with_it(tmp_path):
    lesson = find_lesson(2)
    moved = in_another_file(reference_of(lesson))
    (tmp_path / lesson.file_name).write_text(moved)
    for name, text in {**moved.modules, "notes.py": "x = 1\n"}.items():
        (tmp_path / name).write_text(text)
    code = similarity.lesson_source(Submission.read(tmp_path), lesson, STUBS)
    assert str(code) == str(moved) and code.modules == moved.modules  # not notes.py
    assert flags({"dan": code}, lesson) == {("dan", REFERENCE)}


# -- The report -------------------------------------------------------------------------------------

HOSTILE = '=cmd|"/c calc"!A1 <script>alert(1)</script>\x1b[2J\u202e'


@pytest.fixture(scope="module")
def class_report(tmp_path_factory):
    """A class of 30 graded for lessons 1 and 4: 24 pasted the reference, Ines and Ivan (who
    copied her, disguised) share code, Omar wrote his own, and a student with a hostile name copied
    Omar; the report written as `course grade` writes it."""
    lessons = [find_lesson(1), find_lesson(4)]
    sources = {f"paster{i:02d}": {n.number: reference_of(n) for n in lessons} for i in range(24)}
    sources["ines"] = {n.number: independent("ines", n) for n in lessons}
    sources["ivan"] = {n.number: DISGUISES["all at once"](independent("ines", n)) for n in lessons}
    sources["omar"] = {n.number: independent("omar", n) for n in lessons}
    inside = "):\n    '</pre><script>alert(2)</script>\u202e'\n"  # a string in the first function
    sources[HOSTILE] = {n.number: renamed(independent("omar", n)).replace("):\n", inside, 1) for n in lessons}
    sources["bob"] = {n.number: (STUBS / n.file_name).read_text() for n in lessons}
    sources["eve"] = {n.number: "" for n in lessons}
    out = tmp_path_factory.mktemp("book")
    report = gradebook.write_similarity(sources, lessons, out)
    return report, out


def test_the_csv_lists_the_pairs_first_then_each_student_against_the_reference(class_report):
    _, out = class_report
    with open(out / "similarity.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["lesson", "student", "other", "score", "functions"]
    pairs = [tuple(row[:3]) for row in rows[1:] if row[2] != REFERENCE]
    assert rows[1][2] != REFERENCE and len(pairs) == 4  # two pairs, two lessons each, first
    assert {pair[1:] for pair in pairs} == {("ines", "ivan"), ("'" + gradebook.shown_name(HOSTILE), "omar")}
    against = [row for row in rows[1:] if row[2] == REFERENCE]
    assert len(against) == 48 and {row[1] for row in against} == {f"paster{i:02d}" for i in range(24)}


def test_the_terminal_summary_is_a_handful_of_lines(class_report, monkeypatch):
    import io

    from rich.console import Console

    from fashion_course import cli

    report, out = class_report
    printed = io.StringIO()
    monkeypatch.setattr(cli, "console", Console(file=printed, width=10_000))
    cli.print_similarity(report, out / "similarity.csv")
    lines = printed.getvalue().splitlines()
    assert len(lines) == 4 and lines[0].startswith("Similarity: ") and "no grade changed" in lines[0]
    assert lines[1].startswith("  2 pairs of students share code beyond the reference: ")
    assert "; ines and ivan (lessons 1 and 4, " in lines[1]  # the second closest
    assert lines[2].startswith("  24 students hand in the reference's code: paster00 (lessons 1 and 4)")
    assert lines[2].endswith("and 18 more") and "similarity.html" in lines[3]
    assert "\x1b" not in printed.getvalue() and "\\x1b[2J" in lines[1]  # the name escaped


def test_the_page_is_self_contained_and_shows_no_student_markup(class_report):
    _, out = class_report
    page = (out / "similarity.html").read_text(encoding="utf-8")
    assert "<script" not in page and "\x1b" not in page and "\u202e" not in page
    assert "&lt;script&gt;alert(1)" in page and "&lt;/pre&gt;&lt;script&gt;alert(2)" in page
    assert "src=" not in page and 'href="http' not in page and "default-src 'none'" in page
    assert page.index("ines and ivan") < page.index("paster00:")  # the pairs first


@pytest.mark.parametrize("width", [1280, 390])
def test_the_page_reads_at_a_desktop_and_a_phone_width(class_report, width):
    _, out = class_report
    with chromium_page(width) as page:
        page.goto((out / "similarity.html").as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # code scrolls in its box
        assert page.locator(".flag").count() == similarity.SHOWN
        assert page.locator(".same").count() > 100


def test_a_lesson_the_normaliser_cannot_read_is_left_out_and_the_report_goes_on(monkeypatch):
    """Whatever a student's code makes the normaliser do, that lesson is not compared and the
    class's report is made (`course grade` once stopped with a traceback on one hostile file)."""
    from fashion_course.grader.similarity import normalise

    lesson = find_lesson(4)
    reference = (SOLUTIONS / lesson.file_name).read_text()

    def fails(self):
        raise TypeError("'>' not supported between instances of 'NoneType' and 'int'")

    monkeypatch.setattr(normalise._Reader, "read", fails)
    assert similarity.program(reference, lesson) is None
    assert similar_pairs({"ana": reference, "ben": reference}, reference, lesson) == []
