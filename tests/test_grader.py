"""The autograder: its invariants, its verdicts on hostile files, and the `course check` command."""

from __future__ import annotations

import ast
import json

import numpy as np
import pytest
from helpers import run_course, write_variant

from fashion_course.grader import grade, wire
from fashion_course.lessons import LESSONS, find_lesson
from fashion_course.student import is_untouched_stub
from fashion_course.workspace import SOLUTIONS, STUBS

LESSON1 = find_lesson(1)


def test_every_solution_passes_every_check():
    for report in grade(list(LESSONS), SOLUTIONS):
        assert [v.outcome for v in report.verdicts] == ["passed"] * report.total, report.to_json()


def test_every_untouched_stub_reads_as_not_started():
    for report in grade(list(LESSONS), STUBS):
        assert [v.outcome for v in report.verdicts] == ["not started"] * report.total, report.to_json()


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_exercises_hold_stubs_only(lesson):
    """Each exercise function is a docstring and `raise NotImplementedError`: no solution code."""
    source = (STUBS / lesson.file_name).read_text()
    assert is_untouched_stub(source)
    defined = {node.name for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)}
    assert sorted(defined) == sorted(lesson.functions)
    solution = ast.parse((SOLUTIONS / lesson.file_name).read_text())
    assert set(lesson.functions) <= {node.name for node in solution.body if isinstance(node, ast.FunctionDef)}


# A file with one hostile function, what the grader must say about it, and a phrase of the message.
HOSTILE = {
    "raises": ("def one_hot(y, num_classes):\n    return {}['missing']", "one_hot", "error", "KeyError"),
    "loops forever": (
        "def one_hot(y, num_classes):\n    while True:\n        pass",
        "one_hot",
        "timeout",
        "5 s",
    ),
    "returns NaN": (
        "def preprocess(images):\n    return np.full((len(images), 784), np.nan, np.float32)",
        "preprocess",
        "failed",
        "nan at [0, 0]",
    ),
    "returns a list": (
        "def preprocess(images):\n    return images.reshape(len(images), -1).tolist()",
        "preprocess",
        "failed",
        "got list",
    ),
    "returns inf": (
        "def preprocess(images):\n    return np.full((len(images), 784), np.inf, np.float32)",
        "preprocess",
        "failed",
        "inf at [0, 0]",
    ),
    "returns the wrong dtype": (
        "def preprocess(images):\n    return images.reshape(len(images), -1) / 255",
        "preprocess",
        "failed",
        "should return float32, got float64",
    ),
    "returns the wrong shape": (
        "def preprocess(images):\n    return images.astype(np.float32) / 255",
        "preprocess",
        "failed",
        "should return shape (3, 784), got shape (3, 28, 28)",
    ),
    "returns None": (
        "def select_classes(X, y, classes):\n    pass",
        "select_classes",
        "failed",
        "got NoneType",
    ),
    "mutates its input": (
        "def train_dev_split(X, y, dev_size, rng):\n    rng.shuffle(X)\n    return X[:1], X[1:], y[:1], y[1:]",
        "train_dev_split",
        "failed",
        "changed its argument number 1",
    ),
    "uses the global random state": (
        "def train_dev_split(X, y, dev_size, rng):\n    order = np.random.permutation(len(X))\n"
        "    return X[order[5:]], X[order[:5]], y[order[5:]], y[order[:5]]",
        "train_dev_split",
        "failed",
        "global random state",
    ),
    "calls sys.exit": (
        "import sys\ndef one_hot(y, num_classes):\n    sys.exit(3)",
        "one_hot",
        "error",
        "sys.exit(3)",
    ),
    "calls os._exit": (
        "import os\ndef one_hot(y, num_classes):\n    os._exit(0)",
        "one_hot",
        "error",
        "os._exit",
    ),
    "eats memory": (
        "def one_hot(y, num_classes):\n    return np.ones((10**5, 10**5))",
        "one_hot",
        "error",
        "MemoryError",
    ),
    "recurses without end": (
        "def one_hot(y, num_classes):\n    return one_hot(y, num_classes)",
        "one_hot",
        "error",
        "RecursionError",
    ),
    "prints megabytes": (
        "def one_hot(y, num_classes):\n    print('x' * 10**7)\n    return None",
        "one_hot",
        "failed",
        "got NoneType",
    ),
}


@pytest.mark.parametrize("case", HOSTILE, ids=str)
def test_a_hostile_function_gets_its_own_verdict(tmp_path, case):
    code, function, outcome, phrase = HOSTILE[case]
    path = write_variant(tmp_path / "student", LESSON1, code)
    before = path.read_bytes()
    result = run_course("check", "1", "--path", str(path.parent), "--json")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    verdicts = {c["function"]: c for c in json.loads(result.stdout)["checks"]}
    assert verdicts[function]["outcome"] == outcome, verdicts[function]
    assert phrase in verdicts[function]["message"]
    others = [v["outcome"] for name, v in verdicts.items() if name != function]
    assert others == ["passed"] * 3
    assert path.read_bytes() == before and sorted(p.name for p in path.parent.iterdir()) == [path.name]


@pytest.mark.parametrize(
    "code, phrase",
    [
        ("def broken(:\n    pass", "lesson1_data.py line 4"),  # counted from the appended code
        ("import no_such_module_anywhere", "ModuleNotFoundError"),
        ("import sys\nsys.exit(1)", "exits while it is imported"),
        ("while True:\n    pass", "did not finish importing"),
    ],
    ids=["syntax error", "missing module", "exits", "loops at import"],
)
def test_a_file_that_does_not_import_is_one_verdict(tmp_path, code, phrase):
    path = write_variant(tmp_path, LESSON1, code)
    if "broken" in code:  # a syntax error is reported at its own line
        path.write_text(code)
        phrase = "lesson1_data.py line 1: SyntaxError"
    result = run_course("check", "1", "--path", str(tmp_path))
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert "does not import" in result.stdout and phrase in result.stdout
    assert result.stdout.count("does not import") == 1


def test_other_lessons_are_graded_when_one_file_does_not_import(tmp_path):
    for lesson in LESSONS:
        write_variant(tmp_path, lesson, "")
    (tmp_path / LESSON1.file_name).write_text("def preprocess(:\n")
    result = run_course("check", "--all", "--path", str(tmp_path), "--json")
    reports = {r["lesson"]: r for r in json.loads(result.stdout)}
    assert result.returncode == 1
    assert "SyntaxError" in reports[1]["import_error"]
    assert all(reports[lesson.number]["passed"] == reports[lesson.number]["total"] for lesson in LESSONS[1:])


def test_the_same_file_gets_the_same_report(tmp_path):
    write_variant(tmp_path, LESSON1, HOSTILE["returns NaN"][0])
    first = run_course("check", "1", "--path", str(tmp_path), "--json").stdout
    assert first == run_course("check", "1", "--path", str(tmp_path), "--json").stdout


def test_check_names_lessons_three_ways():
    for name in ("1", "lesson1", "data"):
        result = run_course("check", name, "--solutions")
        assert result.returncode == 0 and "4 of 4 functions pass" in result.stdout


def test_check_on_the_stubs_says_not_started_and_points_at_the_first():
    result = run_course("check", "1")
    assert result.returncode == 1
    assert result.stdout.count("not started") == 4
    assert "Next: fix preprocess in exercises/lesson1_data.py" in result.stdout


@pytest.mark.parametrize(
    "args", [["check", "9"], ["check", "lesson0"], ["check"], ["check", "1", "--path", "/nope"]]
)
def test_usage_errors_are_one_line_and_exit_2(args):
    result = run_course(*args)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    if args[1:] == ["9"]:
        assert "1 data, 2 logistic-regression" in result.stderr


def test_json_report_has_the_promised_shape():
    result = run_course("check", "--all", "--json")
    reports = json.loads(result.stdout)
    assert [r["lesson"] for r in reports] == [lesson.number for lesson in LESSONS]
    for report in reports:
        assert set(report) >= {"lesson", "checks", "passed", "total"}
        for verdict in report["checks"]:
            assert set(verdict) == {"function", "outcome", "message"}


def test_list_shows_every_lesson_and_its_state():
    result = run_course("list")
    assert result.returncode == 0
    for lesson in LESSONS:
        assert lesson.title in result.stdout
    assert "not started" in result.stdout


# Identity across the channel: what `init_adam`'s check relies on to see moments that share a buffer.
def round_trip(value: object) -> object:
    """`value` sent over the channel and decoded, as the other side sees it."""
    frame = bytearray(wire.encode({"op": "result", "value": value}))  # writable, as the proxy reads it
    return wire.decode(frame, callables=lambda n: None)["value"]


def test_the_channel_keeps_identity_within_a_message():
    zeros = {"W1": np.zeros((3, 2)), "b1": np.zeros(2)}
    shared_dict = round_trip({"t": 0, "m": zeros, "v": zeros})
    assert shared_dict["m"] is shared_dict["v"]
    shared_arrays = round_trip({"t": 0, "m": zeros, "v": dict(zeros)})
    assert (
        shared_arrays["m"] is not shared_arrays["v"] and shared_arrays["m"]["W1"] is shared_arrays["v"]["W1"]
    )
    own = round_trip({"t": 0, "m": zeros, "v": {k: np.zeros_like(v) for k, v in zeros.items()}})
    assert own["m"]["W1"] is not own["v"]["W1"] and own["m"]["W1"] is not own["m"]["b1"]
    shared_arrays["m"]["W1"] += 1  # one object on this side too: a change through one name shows in the other
    assert shared_arrays["v"]["W1"].sum() == 6
    rng = np.random.default_rng(0)
    again = round_trip([rng, rng, [zeros["b1"]], zeros["b1"]])
    assert again[0] is again[1] and again[2][0] is again[3]


def test_only_the_values_the_decoder_numbers_are_numbered():
    """Values sent as `$opaque` or `$scalar` take no number on either side, so the numbers agree."""
    objects = np.array([None, 1], dtype=object)
    other_generator = np.random.Generator(np.random.MT19937(0))
    subclassed = type("Table", (dict,), {})()
    scalar, array = np.float32(2.0), np.arange(3.0)
    value = round_trip(
        [objects, objects, other_generator, other_generator, subclassed, scalar, scalar, array, array]
    )
    assert isinstance(value[0], wire.Opaque) and isinstance(value[2], wire.Opaque)
    assert value[5] == value[6] == 2.0 and value[7] is value[8] and value[7].tolist() == [0.0, 1.0, 2.0]


def frame_of(value: object, data: bytes = b"") -> bytes:
    """A result message whose value is `value`, already in the channel's JSON form."""
    header = json.dumps({"$dict": [["op", "result"], ["value", value]]}).encode()
    return wire.PREFIX.pack(len(header), len(data)) + header + data


def reference(number: object) -> dict:
    return {"$same": number}


def nested(levels: int, inside: object) -> object:
    """`inside` within `levels` lists."""
    for _ in range(levels):
        inside = [inside]
    return inside


def test_a_reference_names_only_a_value_already_complete():
    """So no message can make a cycle: a list that holds itself, or a reference ahead."""
    for value in (
        [reference(0)],
        [[1], reference(1)],
        reference(-1),
        reference(True),
        reference("0"),
        reference(None),
    ):
        with pytest.raises(wire.WireError):
            wire.decode(frame_of(value), callables=lambda n: None)
    decoded = wire.decode(frame_of([[1], reference(0)]), callables=lambda n: None)
    assert decoded["value"][0] is decoded["value"][1] == [1]


def test_references_count_in_full_against_the_caps():
    """Sharing makes no message bigger than the caps allow one written out in full."""
    doubling = [[1]] + [[reference(n), reference(n)] for n in range(25)]  # 2**25 ones, written out
    too_deep = [nested(20, 1), nested(15, reference(19))]  # 20 lists numbered from the innermost: 19 is all
    for value in (doubling, too_deep):
        with pytest.raises(wire.WireError, match="nested deeper"):
            wire.decode(frame_of(value), callables=lambda n: None)
    size = 100 * 1024**2
    thrice = [{"$array": ["|u1", [size], 0]}, reference(0), reference(0)]
    with pytest.raises(wire.WireError, match="MB of arrays"):
        wire.decode(frame_of(thrice, bytes(size)), callables=lambda n: None)
    big = np.zeros(size, dtype=np.uint8)
    with pytest.raises(wire.WireError, match="MB of arrays"):  # the sending side refuses it too
        wire.encode({"op": "result", "value": [big, big, big]})
    twice = round_trip([big, big])
    assert twice[0] is twice[1] and twice[0].nbytes == size


def test_every_help_shows_on_off_options_as_flags():
    """`course --help` and every command's: `--json`, `--force`, `--help`, never `--json <bool>`."""
    from typer.main import get_command
    from typer.testing import CliRunner

    from fashion_course.cli import app

    names = ["", *get_command(app).commands]
    for name in names:
        result = CliRunner().invoke(app, [*name.split(), "--help"], env={"COLUMNS": "100"})
        assert result.exit_code == 0 and "--help" in result.output, name
        assert "<bool>" not in result.output, (name, result.output)
