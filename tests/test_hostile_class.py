"""Folders that attack the grader with what they hold rather than with code: links, pipes, huge
files and look-alike names, in a class beside honest students.

A student's folder is read once, regular files only, each size checked before it is read
(`submission.Submission`): a link to a classmate's file, to `/proc/self/environ`, to the
gradebook, to the reference solutions or to `/dev/stdin`, a FIFO, and an 8 GiB sparse file are
skipped, and each report says so. The digest, the grade and the sandbox's copy come from the
bytes read, whatever the folder holds afterwards. A folder's name is its row, shown with its
control characters escaped, so `student07` and `student07` plus an ESC are two rows that show
apart. The class is graded once (`course grade`, under a 4 GiB address-space limit, with a secret
in its environment), its honest students also alone, and many tests read the result; it is
graded once more on a Dask cluster, to the same bytes.
"""

from __future__ import annotations

import csv
import json
import os
import re
import resource
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
from helpers import write_variant

from fashion_course.grader import sandbox
from fashion_course.grader.gradebook import fingerprint, safe_cell
from fashion_course.grader.grading import Checker
from fashion_course.lessons import find_lesson
from fashion_course.submission import (
    MAX_HELPER_FILES,
    MAX_PYTHON_BYTES,
    Submission,
    shown_name,
    staged,
)
from fashion_course.workspace import SOLUTIONS, STUBS

LESSON1, LESSON2 = find_lesson(1), find_lesson(2)
LESSONS = ("--lesson", "1", "--lesson", "2")
SECRET = "hunter2-instructor-secret-issue-24"  # in the grader's environment; must reach no output
SPARSE_BYTES = 8 * 1024**3  # never read: the grader runs with half as much address space
ADDRESS_SPACE = 4 * 1024**3
LINK = "a symbolic link (only regular files are graded)"
WRONG_PREPROCESS = "def preprocess(images):\n    return images\n"
TWIN = "student07\x1b"  # the escape character that once made a second `student07` row


def honest_students(folder: Path) -> list[str]:
    """Three honest students: everything right; a wrong one_hot and lesson 2 untouched; a wrong
    preprocess and no lesson 2."""
    for lesson in (LESSON1, LESSON2):
        write_variant(folder / "ada", lesson, "")
    write_variant(folder / "bob", LESSON1, "def one_hot(y, num_classes):\n    return y\n")
    (folder / "bob" / LESSON2.file_name).write_text((STUBS / LESSON2.file_name).read_text())
    write_variant(folder / "student07", LESSON1, WRONG_PREPROCESS)
    return ["ada", "bob", "student07"]


def hostile_students(folder: Path, book: Path) -> list[str]:
    """Folders that hold links, pipes and huge files, and a twin of `student07` by name."""
    peer = folder / "m1-peer"  # graded on ada's code, if the link were followed
    peer.mkdir()
    (peer / "_peer.py").symlink_to(Path("..") / "ada" / LESSON1.file_name)
    (peer / LESSON1.file_name).write_text("from _peer import *  # noqa\n")

    environ = folder / "m2-environ"  # the grader's environment, into the sandbox and the report
    write_variant(
        environ,
        LESSON1,
        "import os\ndef preprocess(images):\n"
        "    raise ValueError(open(os.path.join(os.path.dirname(__file__), '_env.py')).read())\n",
    )
    (environ / "_env.py").symlink_to("/proc/self/environ")

    gradebook = folder / "m3-gradebook"  # dangling on the first run, the gradebook on the rerun
    gradebook.mkdir()
    (gradebook / LESSON1.file_name).symlink_to(book / "gradebook.csv")

    solutions = folder / "m4-solutions"
    solutions.mkdir()
    for lesson in (LESSON1, LESSON2):
        (solutions / lesson.file_name).symlink_to(SOLUTIONS / lesson.file_name)

    pipes = folder / "m5-fifo"  # a reader would wait for a writer forever
    pipes.mkdir()
    os.mkfifo(pipes / LESSON1.file_name)
    os.mkfifo(pipes / "_pipe.py")
    write_variant(pipes, LESSON2, "")

    stdin = folder / "m6-stdin"
    stdin.mkdir()
    (stdin / LESSON1.file_name).symlink_to("/dev/stdin")

    sparse = folder / "m7-sparse"  # 8 GiB of nothing, twice; lesson 2's .py is graded instead
    write_variant(sparse, LESSON2, "")
    for name in (LESSON1.file_name, f"{LESSON2.module_name}.ipynb"):
        with open(sparse / name, "wb") as stream:
            stream.truncate(SPARSE_BYTES)

    for lesson in (LESSON1, LESSON2):
        write_variant(folder / TWIN, lesson, "")
    return ["m1-peer", "m2-environ", "m3-gradebook", "m4-solutions", "m5-fifo", "m6-stdin", "m7-sparse", TWIN]


class Run(NamedTuple):
    returncode: int
    output: str  # stdout and stderr


def grade_class(submissions: Path, book: Path, *options: str) -> Run:
    """`course grade` of lessons 1 and 2, with `SECRET` in its environment and at most
    `ADDRESS_SPACE` bytes of address space for each of its processes."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    result = subprocess.run(
        [sys.executable, "-m", "fashion_course", "grade", str(submissions), "--out", str(book), *LESSONS, *options],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200", "COURSE_SECRET": SECRET},
        preexec_fn=limit_memory,
    )
    return Run(result.returncode, result.stdout + result.stderr)


class Graded(NamedTuple):
    alone: Path  # the gradebook of the honest students graded alone
    book: Path  # the gradebook of the whole class
    first: Run
    rerun: Run
    first_tables: dict[str, bytes]  # gradebook.csv and gradebook.json after the first run
    honest: list[str]
    hostile: list[str]


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Graded:
    if not sandbox.isolation().sandboxed:
        pytest.skip("bubblewrap is not installed here (CI installs it)")
    root = tmp_path_factory.mktemp("hostile")
    alone, book = root / "alone", root / "book"
    honest = honest_students(root / "honest")
    assert grade_class(root / "honest", alone).returncode == 0
    honest_students(root / "class")
    hostile = hostile_students(root / "class", book)
    first = grade_class(root / "class", book)
    tables = {name: (book / name).read_bytes() for name in ("gradebook.csv", "gradebook.json")}
    rerun = grade_class(root / "class", book)
    return Graded(alone, book, first, rerun, tables, honest, hostile)


def rows(book: Path) -> dict[str, dict[str, str]]:
    with open(book / "gradebook.csv", newline="", encoding="utf-8") as stream:
        return {row["student"]: row for row in csv.DictReader(stream)}


def report(book: Path, student: str) -> dict[int, dict]:
    lessons = json.loads((book / "reports" / f"{student}.json").read_text(encoding="utf-8"))["lessons"]
    return {lesson["lesson"]: lesson for lesson in lessons}


def test_the_class_is_graded_in_bounded_time_and_memory_into_a_complete_gradebook(graded):
    assert graded.first.returncode == 0, graded.first.output
    assert "Traceback" not in graded.first.output and "Graded 11 submissions" in graded.first.output
    assert len(rows(graded.book)) == 11
    assert set(json.loads(graded.first_tables["gradebook.json"])) == {*graded.honest, *graded.hostile}


def test_every_honest_student_is_graded_as_if_alone(graded):
    for student in graded.honest:
        alone = (graded.alone / "reports" / f"{student}.json").read_bytes()
        assert (graded.book / "reports" / f"{student}.json").read_bytes() == alone, student
        assert rows(graded.book)[student] == rows(graded.alone)[student]
    assert [rows(graded.book)[s]["passed"] for s in graded.honest] == ["10", "3", "3"]


def test_a_link_to_a_classmate_s_file_is_not_followed(graded):
    peer = report(graded.book, "m1-peer")
    assert peer[1]["passed"] == 0 and "No module named '_peer'" in peer[1]["import_error"]
    assert peer[1]["notes"] == [f"skipped _peer.py: {LINK}"]
    assert peer[2]["notes"] == [f"skipped _peer.py: {LINK}"]  # any lesson may import it
    assert {check["outcome"] for check in peer[2]["checks"]} == {"missing"}


def test_the_grader_s_environment_reaches_no_output(graded):
    environ = report(graded.book, "m2-environ")
    checks = {check["function"]: check for check in environ[1]["checks"]}
    assert (
        checks["preprocess"]["outcome"] == "error" and "FileNotFoundError" in checks["preprocess"]["message"]
    )
    assert environ[1]["passed"] == 3 and environ[1]["notes"] == [f"skipped _env.py: {LINK}"]
    for run in (graded.first, graded.rerun):
        assert SECRET not in run.output
    written = [path for path in graded.book.rglob("*") if path.is_file()]
    assert len(written) > 11 and not [path for path in written if SECRET.encode() in path.read_bytes()]


@pytest.mark.parametrize(
    "student, lesson, note",
    [
        ("m3-gradebook", 1, f"skipped lesson1_data.py: {LINK}"),
        ("m4-solutions", 1, f"skipped lesson1_data.py: {LINK}"),
        ("m4-solutions", 2, f"skipped lesson2_logistic_regression.py: {LINK}"),
        ("m5-fifo", 1, "skipped lesson1_data.py: a named pipe (only regular files are graded)"),
        ("m6-stdin", 1, f"skipped lesson1_data.py: {LINK}"),
        (
            "m7-sparse",
            1,
            "skipped lesson1_data.py: 8,192.0 MB, over the 4 MB a submission's .py files may hold",
        ),
    ],
)
def test_a_lesson_file_that_is_no_regular_file_or_too_large_is_missing_and_says_why(
    graded, student, lesson, note
):
    lessons = report(graded.book, student)
    assert {check["outcome"] for check in lessons[lesson]["checks"]} == {"missing"}
    assert [n for n in lessons[lesson]["notes"] if n.startswith(note)], lessons[lesson]["notes"]


def test_the_other_file_of_a_lesson_is_graded_when_one_is_skipped(graded):
    fifo, sparse = report(graded.book, "m5-fifo"), report(graded.book, "m7-sparse")
    assert fifo[2]["passed"] == 6 and fifo[2]["notes"] == [
        "skipped _pipe.py: a named pipe (only regular files are graded)"
    ]
    assert sparse[2]["passed"] == 6 and sparse[2]["file"] == "m7-sparse/lesson2_logistic_regression.py"
    assert sparse[2]["notes"] == [
        "skipped lesson2_logistic_regression.ipynb: 8,192.0 MB, over the 20 MB a notebook may be: clear its "
        "outputs (Edit > Clear Outputs of All Cells) and save it"
    ]


def test_a_name_with_an_escape_character_is_its_own_row_shown_escaped(graded):
    table = rows(graded.book)
    assert table["student07"]["passed"] == "3" and table["student07\\x1b"]["passed"] == "10"
    assert "\x1b" not in (graded.book / "gradebook.csv").read_text(encoding="utf-8")
    assert report(graded.book, TWIN)[1]["file"] == f"{TWIN}/lesson1_data.py"  # the exact name, in JSON
    assert "\x1b" not in graded.first.output and "student07\\x1b" in graded.first.output  # flagged


def test_a_rerun_gives_the_same_gradebook(graded):
    assert graded.rerun.returncode == 0, graded.rerun.output
    assert "(11 unchanged since the last run" in graded.rerun.output
    for name, table in graded.first_tables.items():
        assert (graded.book / name).read_bytes() == table, name


def test_a_dask_cluster_grades_the_hostile_class_to_the_same_bytes(graded, cluster, tmp_path):
    """On 2 workers of 2 threads each (two students graded at once on one worker), with the
    secret in the environment of `course grade` (the workers were started without it)."""
    there = tmp_path / "there"
    run = grade_class(graded.book.parent / "class", there, "--scheduler", cluster.scheduler_address)
    assert run.returncode == 0 and "Traceback" not in run.output, run.output
    assert SECRET not in run.output
    for name in ("gradebook.csv", "gradebook.json", *(f"reports/{s}.json" for s in graded.honest + graded.hostile)):
        assert (there / name).read_bytes() == (graded.book / name).read_bytes(), name


def test_names_show_escaped_and_apart_and_never_as_formulas():
    names = ["student07", TWIN, "student07\\x1b", "student07 ", "student07\u200b", "=1+1", "'=1+1", "a\udcff"]
    assert shown_name(TWIN) == "student07\\x1b" and shown_name("a\udcff") == "a\\udcff"
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("'=1+1") == "''=1+1"
    assert len({safe_cell(name) for name in names}) == len(names)


def test_the_digest_the_sandbox_s_copy_and_the_grade_are_of_the_bytes_read(tmp_path):
    folder = tmp_path / "ada"
    write_variant(folder, LESSON1, "")  # the reference: 4 of 4
    submission = Submission.read(folder)
    digest = fingerprint(submission, [LESSON1])
    write_variant(folder, LESSON1, WRONG_PREPROCESS)  # rewritten after the read
    (folder / "_peer.py").symlink_to(SOLUTIONS / LESSON1.file_name)
    assert fingerprint(submission, [LESSON1]) == digest != fingerprint(Submission.read(folder), [LESSON1])
    copy = sandbox.prepare(
        LESSON1, staged(submission, [LESSON1], STUBS, tmp_path / "staged").folder, tmp_path / "w"
    )
    assert {path.name: path.read_bytes() for path in copy.iterdir()} == {
        name: file.data for name, file in submission.files.items()
    }
    with Checker([LESSON1]) as checker:
        (lesson_report,) = checker.grade_submission(submission)
    assert lesson_report.passed == 4 and lesson_report.notes == []
    with pytest.raises(sandbox.SubmissionError, match=re.escape(f"_peer.py: {LINK}")):  # named directly
        sandbox.prepare(LESSON1, folder, tmp_path / "direct")


def test_the_lessons_files_are_read_first_within_the_caps(tmp_path):
    folder = tmp_path / "many"
    write_variant(folder, LESSON1, "")
    (folder / "_big.py").write_bytes(b"#" * MAX_PYTHON_BYTES)  # read after the lesson's file: too much
    assert sorted(Submission.read(folder).files) == [LESSON1.file_name]
    assert Submission.read(folder).skipped["_big.py"].startswith("4.0 MB, over the 4 MB")
    (folder / "_big.py").unlink()
    for number in range(MAX_HELPER_FILES):
        (folder / f"helper{number}.py").write_text("")
    assert len(Submission.read(folder).files) == 1 + MAX_HELPER_FILES
    (folder / "one_too_many.py").write_text("")
    submission = Submission.read(folder)
    assert list(submission.files) == [LESSON1.file_name] and not submission.skipped
    assert submission.notes(LESSON1) == [
        f"skipped every .py file but the lessons' own: a submission may hold at most {MAX_HELPER_FILES} beside them"
    ]
