"""Submissions that attack what the grader reads and keeps, rather than what the checks ask: input
made to exhaust a parser, state that outlives a check, and processes that outlive the grader.

- a notebook of JSON nested 100,000 deep, and a cell `1 + 1 + ...` of 5,000 terms: one line for
  that lesson, and the rest of the class (and of the student) graded;
- a copied solution with a 600-term dead expression: the similarity step survives it, leaves that
  lesson uncompared, and still flags the copies;
- a reply frame of 200,000 integer keys that all hash alike: refused at once (it took 15 minutes);
- `he_init` changing its `layer_dims` argument, which the checks of `xavier_init` use next: it
  fails for it, and `xavier_init` gets its honest verdict whatever it did; a function called
  directly by a check never changes the check's data, and only the arguments a check names
  (`sgd_step`'s parameters) are updated in place;
- `course grade` killed mid-run: no checker, lesson child or student process is left;
- two students graded at once by one Dask worker with two threads: each gets their own results.

The class is graded once (`course grade`) and several tests read its gradebook.
"""

from __future__ import annotations

import ast
import csv
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from helpers import run_course, write_variant

from fashion_course.grader import wire
from fashion_course.grader.expect import call
from fashion_course.grader.proxy import StudentModule
from fashion_course.grader.sandbox import isolation
from fashion_course.lessons import find_lesson
from fashion_course.workspace import SOLUTIONS, STUBS

LESSON1, LESSON4, LESSON5 = find_lesson(1), find_lesson(4), find_lesson(5)
CHECKER = b"fashion_course.grader.checker"

needs_sandbox = pytest.mark.skipif(
    not isolation().sandboxed, reason="bubblewrap is not installed here (CI installs it)"
)

# he_init right, then it leaves the caller's list with no layers; xavier_init at He's scale (a
# classic mistake), which passes the check of a network with no layers.
SHRINKS_THE_DIMS = """
_he_init = he_init


def he_init(layer_dims, rng):
    params = _he_init(layer_dims, rng)
    del layer_dims[1:]
    return params


def xavier_init(layer_dims, rng):
    return _he_init(layer_dims, rng)
"""

# he_init right, then it sets a width in the caller's list to 0 (a change of a number in a list,
# which counts as changing it): were the change to reach the next check, a right xavier_init
# would fail it, as an empty layer has no spread.
EMPTIES_A_LAYER = """
_he_init = he_init


def he_init(layer_dims, rng):
    params = _he_init(layer_dims, rng)
    layer_dims[2] = 0
    return params
"""


def notebook(*cells: str) -> str:
    """An nbformat 4 notebook of code cells, as Jupyter saves one."""
    code = [
        {"cell_type": "code", "source": c, "metadata": {}, "outputs": [], "execution_count": n}
        for n, c in enumerate(cells, 1)
    ]
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": code})


def with_dead_expression(lesson_source: str, function: str, terms: int) -> str:
    """`lesson_source` with `_unused = 1 + 1 + ...` (`terms` terms) as the first line of `function`."""
    tree = ast.parse(lesson_source)
    definition = next(node for node in tree.body if getattr(node, "name", "") == function)
    lines = lesson_source.split("\n")
    after = definition.body[0].end_lineno  # its docstring
    lines.insert(after, "    _unused = " + " + ".join(["1"] * terms))
    return "\n".join(lines)


def copy_lessons(folder: Path) -> None:
    folder.mkdir(parents=True)
    for lesson in (LESSON1, LESSON5):
        shutil.copy(SOLUTIONS / lesson.file_name, folder / lesson.file_name)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A class graded for lessons 1 and 5: its gradebook (by student, then lesson) and similarity."""
    if not isolation().sandboxed:
        pytest.skip("bubblewrap is not installed here (CI installs it)")
    root = tmp_path_factory.mktemp("bounds")
    submissions = root / "class"
    for student in ("ada", "deep", "terms", "mallory", "nina", "dead-code"):
        copy_lessons(submissions / student)
    reference = (SOLUTIONS / LESSON1.file_name).read_text()
    nested = "[" * 100_000 + "]" * 100_000
    for student, text in {
        "deep": notebook(reference).replace('"metadata": {}', f'"metadata": {{"x": {nested}}}', 1),
        "terms": notebook(reference, "total = " + " + ".join(["1"] * 5000)),
    }.items():
        (submissions / student / LESSON1.file_name).unlink()
        (submissions / student / f"{LESSON1.module_name}.ipynb").write_text(text)
    write_variant(submissions / "mallory", LESSON5, SHRINKS_THE_DIMS)
    write_variant(submissions / "nina", LESSON5, EMPTIES_A_LAYER)
    (submissions / "dead-code" / LESSON1.file_name).write_text(
        with_dead_expression(reference, "one_hot", 600)
    )
    result = run_course(
        "grade", str(submissions), "--out", str(root / "book"), "--lesson", "1", "--lesson", "5", timeout=300
    )
    book = json.loads((root / "book" / "gradebook.json").read_text())
    with open(root / "book" / "similarity.csv", newline="") as stream:
        similar = [(int(row["lesson"]), row["student"], row["other"]) for row in csv.DictReader(stream)]
    verdicts = {
        student: {r["lesson"]: {c["function"]: c for c in r["checks"]} for r in reports}
        for student, reports in book.items()
    }
    return result, verdicts, similar


def test_the_class_is_graded_without_a_traceback(graded):
    result, verdicts, _ = graded
    assert result.returncode == 0 and "Traceback" not in result.stdout + result.stderr, result.stderr
    assert sorted(verdicts) == ["ada", "dead-code", "deep", "mallory", "nina", "terms"]
    assert {c["outcome"] for lesson in verdicts["ada"].values() for c in lesson.values()} == {"passed"}
    assert {c["outcome"] for c in verdicts["dead-code"][1].values()} == {"passed"}


@pytest.mark.parametrize(
    ("student", "phrase"),
    [
        ("deep", "lesson1_data.ipynb is not a notebook: its JSON nests deeper than 100 levels"),
        ("terms", "code cell 2 of lesson1_data.ipynb is nested too deeply for Python to read"),
    ],
)
def test_a_notebook_that_exhausts_a_parser_is_one_line_for_its_lesson(graded, student, phrase):
    _, verdicts, _ = graded
    lesson1 = verdicts[student][1]
    assert {c["outcome"] for c in lesson1.values()} == {"error"}
    assert all(c["message"].startswith(phrase) and "\n" not in c["message"] for c in lesson1.values())
    assert {c["outcome"] for c in verdicts[student][5].values()} == {"passed"}  # the rest of their work


def test_similarity_survives_a_600_term_expression_and_still_flags_the_copies(graded):
    _, _, similar = graded
    assert (1, "ada", "(reference solution)") in similar
    assert (5, "dead-code", "(reference solution)") in similar  # its other lesson is compared
    assert not [pair for pair in similar if pair[0] == 1 and "dead-code" in pair]


def test_he_init_changing_its_argument_cannot_change_xavier_inits_verdict(graded):
    _, verdicts, _ = graded
    for student in ("mallory", "nina"):
        he_init = verdicts[student][5]["he_init"]
        assert he_init["outcome"] == "failed" and "changed its argument number 1" in he_init["message"]
    assert verdicts["mallory"][5]["xavier_init"]["outcome"] == "failed"  # at He's scale, as it is
    assert "it looks like sqrt(2 / fan_in), which is He's" in verdicts["mallory"][5]["xavier_init"]["message"]
    assert verdicts["nina"][5]["xavier_init"]["outcome"] == "passed"  # right, as it is
    assert verdicts["nina"][5]["activation_stats"]["outcome"] == "passed"


@needs_sandbox
def test_a_direct_call_leaves_the_checks_data_alone_and_only_named_arguments_are_updated(tmp_path):
    """`student.f(x)` never changes `x`; `call` fails a function that changed it, and writes back
    only what `may_update` names (sgd_step's parameters)."""
    write_variant(
        tmp_path,
        LESSON4,
        "def relu(Z):\n    Z[Z < 0] = 0\n    return Z\n\n"
        "def sgd_step(params, grads, lr):\n"
        "    for key in params:\n"
        "        params[key] -= lr * grads['d' + key]\n"
        "    return params\n",
    )
    student = StudentModule(LESSON4, tmp_path)
    try:
        assert student.wait_until_imported() is None
        Z, relu = np.array([[-1.0, 2.0]]), student.relu
        assert relu(Z).tolist() == [[0.0, 2.0]] and Z.tolist() == [[-1.0, 2.0]]
        assert relu.changed_in_place.keys() == {0}  # reported, never written back
        with pytest.raises(AssertionError, match="relu changed its argument number 1"):
            call(student.relu, Z)
        assert Z.tolist() == [[-1.0, 2.0]]
        params, grads = {"W1": np.ones(2)}, {"dW1": np.full(2, 10.0)}
        with pytest.raises(AssertionError, match="sgd_step changed its argument number 1"):
            call(student.sgd_step, params, grads, 0.1)
        assert params["W1"].tolist() == [1.0, 1.0]
        result = call(student.sgd_step, params, grads, 0.1, may_update=(0,))
        assert params["W1"].tolist() == result["W1"].tolist() == [0.0, 0.0]
        assert grads["dW1"].tolist() == [10.0, 10.0]
    finally:
        student.close()


def test_a_frame_of_keys_that_hash_alike_is_refused_at_once():
    """200,000 integer keys that all hash to 0 (k * (2**61 - 1)): building that dict takes about
    15 minutes on these machines; a dict may hold only 256 keys that are not strings."""

    def frame(pairs: list[str]) -> bytes:
        header = ('{"$dict":[["op","result"],["value",{"$dict":[' + ",".join(pairs) + "]}]]}").encode()
        return wire.PREFIX.pack(len(header), 0) + header

    assert len({hash(k * (2**61 - 1)) for k in range(1, 1000)}) == 1
    colliding = frame([f"[{k * (2**61 - 1)},0]" for k in range(1, 200_001)])
    start = time.perf_counter()
    with pytest.raises(wire.WireError, match="more than 256 keys that are not strings"):
        wire.decode(colliding, callables=lambda n: None)
    assert time.perf_counter() - start < 5
    few = wire.decode(frame([f"[{k * (2**61 - 1)},0]" for k in range(1, 257)]), callables=lambda n: None)
    assert len(few["value"]) == 256
    named = wire.decode(frame([f'["k{k}",0]' for k in range(200_000)]), callables=lambda n: None)
    assert len(named["value"]) == 200_000  # strings: as many as the caps allow


def _descendants(root: int) -> dict[int, bytes]:
    """The running processes under `root` (not itself), with their command lines."""
    parents, commands = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            commands[int(entry.name)] = (entry / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z":
            parents[int(entry.name)] = int(fields[1])
    found, frontier = {}, {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier and pid not in found}
        found.update({pid: commands[pid] for pid in frontier})
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@needs_sandbox
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's parent-death signal")
def test_a_killed_course_grade_leaves_no_checker_behind(tmp_path):
    """The checker writes nothing for the 10 s its lesson child waits for hal's file to import, so
    without being killed with its parent it would outlive the grader that long, at least."""
    submissions = tmp_path / "class"
    write_variant(submissions / "ada", LESSON1, "")
    write_variant(submissions / "hal", LESSON1, "while True:\n    pass\n")
    grading = subprocess.Popen(
        [sys.executable, "-m", "fashion_course", "grade", str(submissions), "--out", str(tmp_path / "book")]
        + ["--lesson", "1", "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            started = _descendants(grading.pid)
            checkers = [pid for pid, command in started.items() if CHECKER in command]
            sandboxes = [pid for pid, command in started.items() if b"wire.py" in command]
            if len(checkers) >= 3 and sandboxes:  # two checkers, a lesson child, a student's process
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"grading never got under way: {started}")
    finally:
        grading.kill()
        grading.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(map(_alive, started)):
        time.sleep(0.1)
    assert [started[pid] for pid in started if _alive(pid)] == []


def test_two_students_graded_at_once_on_one_worker_get_their_own_results(tmp_path, cluster):
    submissions = tmp_path / "class"
    students = {"ada": SOLUTIONS, "bob": STUBS, "cy": SOLUTIONS, "dan": STUBS, "eve": SOLUTIONS, "fay": STUBS}
    for student, source in students.items():
        (submissions / student).mkdir(parents=True)
        shutil.copy(source / LESSON1.file_name, submissions / student / LESSON1.file_name)
    result = run_course(
        "grade", str(submissions), "--out", str(tmp_path / "book"), "--lesson", "1",
        "--scheduler", cluster.scheduler_address, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    book = json.loads((tmp_path / "book" / "gradebook.json").read_text())
    outcomes = {student: [c["outcome"] for c in reports[0]["checks"]] for student, reports in book.items()}
    assert outcomes == {
        student: ["passed"] * 4 if source == SOLUTIONS else ["not started"] * 4
        for student, source in students.items()
    }


def test_how_deep_a_cell_may_nest_does_not_depend_on_where_it_is_read_from():
    """A cell is refused for its depth by a fixed bound, not by how much stack its reader has
    left: read from a kernel's deep stack and from a terminal, the verdict is the same."""
    from fashion_course.submission import Cell, NotebookError, lesson_from_cells

    stub = (STUBS / find_lesson("1").file_name).read_text()
    nested = "x = " + "[" * 120 + "1" + "]" * 120 + "\n"  # Python parses it; too deep to walk safely
    terms = "x = " + " + ".join(["1"] * 150) + "\n"

    def verdict(source: str, frames: int) -> str:
        if frames:
            return verdict(source, frames - 1)
        try:
            return lesson_from_cells([Cell(source, 1)], stub, "n.ipynb").text[-40:]
        except NotebookError as error:
            return str(error)

    for source in (nested, terms):
        shallow, deep = verdict(source, 0), verdict(source, sys.getrecursionlimit() - 150)
        assert shallow == deep == "code cell 1 of n.ipynb is nested too deeply for Python to read: write its expressions in steps"
    assert verdict("y = ((1))\n", 0).endswith("y = ((1))\n")  # parentheses make no level
