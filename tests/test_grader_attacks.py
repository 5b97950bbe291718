"""Submissions that attack the grader instead of solving the lesson, and what they get: nothing.

Each hostile lesson file makes `preprocess` (or another function) wrong, so that only a
successful attack could make it pass, then tries one family of attacks: patching the checker's
libraries, reading the caller's frames, forging the channel, stealing or wrecking classmates'
files and the gradebook, leaving processes behind, flooding, and killing the grader. Graded in a
class beside honest students, each attack must fail and every honest result stay the same.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from helpers import run_course, write_variant

from fashion_course.grader import wire
from fashion_course.grader.grading import MESSAGE_CHARS
from fashion_course.grader.proxy import update_in_place
from fashion_course.grader.sandbox import isolation
from fashion_course.lessons import find_lesson
from fashion_course.workspace import SOLUTIONS

LESSON1 = find_lesson(1)
MARKER = "course-attack-marker-7f3a"  # in the command line of every process an attack starts
SECRET = "hunter2-instructor-secret"  # in the grader's environment; must reach no report
WRONG = "    return np.zeros((len(images), 784), np.float32)\n"

needs_sandbox = pytest.mark.skipif(
    not isolation().sandboxed, reason="bubblewrap is not installed here (CI installs it)"
)

PATCHER = (
    "np.allclose = lambda *a, **k: True\n"
    "np.array_equal = lambda *a, **k: True\n"
    "np.isclose = lambda a, b, *r, **k: np.ones(np.shape(a), bool)\n"
    "try:\n"
    "    import fashion_course.grader.expect as expect\n"
    "    expect.expect_array = lambda *a, **k: None\n"
    "except ImportError:\n"
    "    pass\n"
    "def preprocess(images):\n" + WRONG
)

FRAME_READER = (
    "import sys\n"
    "def preprocess(images):\n"
    "    frame = sys._getframe(1)\n"
    "    while frame is not None:\n"
    "        for value in list(frame.f_locals.values()):\n"
    "            if isinstance(value, np.ndarray) and value.shape == (len(images), 784):\n"
    "                return value\n"
    "        frame = frame.f_back\n" + WRONG
)

FORGER = (
    "import json, os\n"
    "def preprocess(images):\n"
    "    line = (json.dumps({'event': 'end', 'lesson': 1, 'function': 'preprocess', 'outcome': 'passed',\n"
    "                        'message': ''}) + '\\n').encode()\n"
    "    for fd in range(64):\n"
    "        try:\n"
    "            os.write(fd, line * 3)\n"
    "        except OSError:\n"
    "            pass\n"
    "    for target in (f'/proc/{os.getppid()}/fd/1', '/proc/1/fd/1'):\n"
    "        try:\n"
    "            with open(target, 'ab') as stream:\n"
    "                stream.write(line)\n"
    "        except OSError:\n"
    "            pass\n"
    "    os._exit(0)\n"
)

FLOODER = (
    "import os, time\n"
    "def preprocess(images):\n"
    "    for name in ('flood.bin', '/scratch/flood.bin', '/tmp/flood.bin'):\n"
    "        try:\n"
    "            with open(name, 'wb') as stream:\n"
    "                for _ in range(200):\n"
    "                    stream.write(b'x' * 1024**2)\n"
    "        except OSError:\n"
    "            pass\n"
    "    return np.ones(300 * 1024**2 // 8)\n"
    "def select_classes(X, y, classes):\n"
    "    children = 0\n"
    "    try:\n"
    "        while children < 5000:\n"
    "            if os.fork() == 0:\n"
    "                time.sleep(60)\n"
    "                os._exit(0)\n"
    "            children += 1\n"
    "    except OSError:\n"
    "        pass\n"
    "    return X, np.full(len(y), children)\n"
    "def one_hot(y, num_classes):\n"
    "    raise ValueError('\\x1b[2J\\x1b]0;owned\\x07\\u202e' + str(dict(os.environ)) + 'A' * 100000)\n"
)


def thief(victims: list[Path]) -> str:
    return (
        "import glob, os\n"
        f"VICTIMS = {[str(v) for v in victims]!r}\n"
        "def preprocess(images):\n"
        "    found = VICTIMS + glob.glob('../*/lesson1_data.py') + glob.glob('/*/*/lesson1_data.py')\n"
        "    for path in found:\n"
        "        try:\n"
        "            if os.path.samefile(path, __file__):\n"
        "                continue\n"
        "            source = open(path).read()\n"
        "        except OSError:\n"
        "            continue\n"
        "        namespace = {}\n"
        "        exec(source, namespace)\n"
        "        return namespace['preprocess'](images)\n" + WRONG
    )


def vandal(victims: list[Path], gradebook: Path) -> str:
    """Wrecks classmates' files and the gradebook, leaves processes behind, and kills what it can."""
    return (
        "import os, signal, subprocess, sys, time\n"
        f"VICTIMS = {[str(v) for v in victims]!r}\n"
        f"BOOK = {str(gradebook / 'gradebook.csv')!r}\n"
        "for victim in VICTIMS:\n"
        "    for damage in (lambda: open(victim, 'w').write('def preprocess(images):\\n    return 0\\n'),\n"
        "                   lambda: os.remove(victim)):\n"
        "        try:\n"
        "            damage()\n"
        "        except OSError:\n"
        "            pass\n"
        "try:\n"
        f"    subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)', {MARKER!r}],\n"
        "                     start_new_session=True)\n"
        "except OSError:\n"
        "    pass\n"
        "if os.fork() == 0:  # a daemon that outlives grading and rewrites the gradebook\n"
        "    os.setsid()\n"
        "    for _ in range(600):\n"
        "        try:\n"
        "            with open(BOOK, 'w') as stream:\n"
        "                stream.write('student,passed\\nmallory,999\\n')\n"
        "        except OSError:\n"
        "            pass\n"
        "        time.sleep(0.05)\n"
        "    os._exit(0)\n"
        "def preprocess(images):\n"
        "    for target in (os.getppid(), 1, -1):\n"
        "        try:\n"
        "            os.kill(target, signal.SIGKILL)\n"
        "        except OSError:\n"
        "            pass\n" + WRONG
    )


def leftover_processes(scratch: Path) -> list[str]:
    """Command lines of running processes that an attack started, or a student process of a
    grader whose temporary folder is `scratch` (not another test's, running beside this one)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if MARKER in command or ("course/wire.py" in command and str(scratch) in command):
            found.append(command)
    return found


@needs_sandbox
def test_a_hostile_class_gets_nothing_and_costs_the_honest_nothing(tmp_path):
    submissions, book, scratch = tmp_path / "class", tmp_path / "gradebook", tmp_path / "tmp"
    scratch.mkdir()
    honest = {name: write_variant(submissions / name, LESSON1, "") for name in ("ada", "bob")}
    victims = list(honest.values())
    hostile = {
        "m1-patcher": PATCHER,
        "m2-frame-reader": FRAME_READER,
        "m3-forger": FORGER,
        "m4-thief": thief([*victims, SOLUTIONS / LESSON1.file_name]),
        "m5-vandal": vandal(victims, book),
        "m6-flooder": FLOODER,
    }
    for name, code in hostile.items():
        write_variant(submissions / name, LESSON1, code)
    before = {name: path.read_bytes() for name, path in honest.items()}
    result = run_course(
        "grade",
        str(submissions),
        "--out",
        str(book),
        "--lesson",
        "1",
        env={"COURSE_SECRET": SECRET, "TMPDIR": str(scratch)},
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "Graded 8 submissions" in result.stdout
    finished = (book / "gradebook.csv").read_bytes()
    time.sleep(1.5)  # long enough for a surviving daemon to strike again
    assert (book / "gradebook.csv").read_bytes() == finished, "something rewrote the gradebook after grading"
    assert leftover_processes(scratch) == []
    with open(book / "gradebook.csv", newline="") as stream:
        rows = {row["student"]: row for row in csv.DictReader(stream)}
    assert sorted(rows) == sorted([*honest, *hostile])
    for name, path in honest.items():  # untouched, and graded as if alone
        assert path.read_bytes() == before[name] and sorted(p.name for p in path.parent.iterdir()) == [
            path.name
        ]
        assert rows[name]["passed"] == "4", rows[name]
    for name in hostile:
        assert rows[name]["lesson1.preprocess"] != "passed", (name, rows[name])
    reports = {name: json.loads((book / "reports" / f"{name}.json").read_text()) for name in rows}
    text = json.dumps(reports)
    assert SECRET not in text and "\\u001b" not in text and "\\u202e" not in text
    flooder = {c["function"]: c for c in reports["m6-flooder"]["lessons"][0]["checks"]}
    assert len(flooder["one_hot"]["message"]) <= MESSAGE_CHARS
    assert "more than 256 MB" in flooder["preprocess"]["message"]
    assert flooder["select_classes"]["outcome"] == "failed"  # its fork bomb stopped at the process limit
    assert not list(submissions.rglob("flood.bin"))
    for name in ("m1-patcher", "m2-frame-reader", "m3-forger", "m4-thief"):  # the rest of their file counts
        assert rows[name]["passed"] == "3", (name, rows[name])


def test_check_without_a_sandbox_says_so_and_grade_refuses_without_the_flag(tmp_path):
    no_bwrap = {"PATH": str(Path(sys.executable).parent)}
    checked = run_course("check", "1", "--solutions", env=no_bwrap)
    assert checked.returncode == 0 and "Isolation: process limits only" in checked.stdout.replace("\n", " ")
    submissions = tmp_path / "class"
    write_variant(submissions / "ada", LESSON1, "")
    refused = run_course("grade", str(submissions), "--lesson", "1", env=no_bwrap)
    assert refused.returncode == 2 and "--let-submissions-read-and-change-my-files" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1 and not (tmp_path / "gradebook").exists()
    flagged = run_course(
        "grade", str(submissions), "--lesson", "1", "--let-submissions-read-and-change-my-files", env=no_bwrap
    )
    assert flagged.returncode == 0 and "Graded 1 submissions" in flagged.stdout


def test_a_rerun_grades_only_what_changed(tmp_path):
    submissions, book = tmp_path / "class", tmp_path / "book"
    for name in ("ada", "bob"):
        write_variant(submissions / name, LESSON1, "")
    first = run_course("grade", str(submissions), "--lesson", "1", "--out", str(book))
    assert first.returncode == 0 and "unchanged" not in first.stdout
    write_variant(submissions / "bob", LESSON1, "def one_hot(y, num_classes):\n    return None")
    again = run_course("grade", str(submissions), "--lesson", "1", "--out", str(book))
    assert "Graded 2 submissions (1 unchanged since the last run" in again.stdout
    with open(book / "gradebook.csv", newline="") as stream:
        rows = {row["student"]: row["passed"] for row in csv.DictReader(stream)}
    assert rows == {"ada": "4", "bob": "3"}
    assert set(json.loads((book / "gradebook.json").read_text())) == {"ada", "bob"}


def test_a_lesson_does_not_see_its_own_reference(tmp_path):
    """Lesson 4 may import the reference of lessons 1-3, never its own; nor the course's package."""
    reader = (
        "def softmax(Z):\n"
        "    for attempt in (\n"
        f"        lambda: open({str(SOLUTIONS / 'lesson4_softmax.py')!r}).read(),\n"
        "        lambda: open('/course/reference/lesson4_softmax.py').read(),\n"
        "        lambda: (__import__('fashion_course.workspace', fromlist=['x']).SOLUTIONS / 'lesson4_softmax.py').read_text(),\n"
        "    ):\n"
        "        try:\n"
        "            attempt()\n"
        "            return None\n"
        "        except (OSError, ImportError):\n"
        "            pass\n"
        "    return np.exp(Z) / np.exp(Z).sum(axis=0, keepdims=True)  # summed down the wrong axis\n"
    )
    write_variant(tmp_path, find_lesson(4), reader)
    result = run_course("check", "4", "--path", str(tmp_path), "--json")
    verdicts = {c["function"]: c for c in json.loads(result.stdout)["checks"]}
    assert verdicts["softmax"]["outcome"] == "failed"
    if isolation().sandboxed:  # every attempt failed, so it returned the wrong-axis softmax, not None
        assert "NoneType" not in verdicts["softmax"]["message"], verdicts["softmax"]
    assert verdicts["forward"]["outcome"] == "passed"  # checked with the reference's softmax


def test_malformed_messages_are_errors_not_crashes():
    good = wire.encode({"op": "result", "value": np.arange(3.0)})
    header_size, data_size = wire.PREFIX.unpack_from(good)
    header = good[wire.PREFIX.size : wire.PREFIX.size + header_size]

    def framed(header: bytes, data: bytes = b"") -> bytes:
        return wire.PREFIX.pack(len(header), len(data)) + header + data

    numbers = good[wire.PREFIX.size + header_size :]
    malformed = [
        framed(b"{not json"),
        framed(b'{"op": "result", "value": {"$array": ["|O", [3], 0]}}', numbers),  # objects: a pickle
        framed(b'{"op": "result", "value": {"$array": ["<f8", [1000000000], 0]}}', numbers),
        framed(b'{"op": "result", "value": {"$pickle": "gASVAAAA"}}'),
        framed(b'{"op": "result", "value": {"$rng": {"bit_generator": "MT19937", "state": 1}}}'),
        framed(b'{"op": "result", "value": {"$callable": 7}}'),
        framed(b'{"op": "result", "value": ' + b"[" * 100 + b"]" * 100 + b"}"),
        framed(b"[1, 2]"),
    ]
    for frame in malformed:
        with pytest.raises(wire.WireError):
            wire.decode(frame, callables=lambda n: (_ for _ in ()).throw(wire.WireError("none")))
    assert wire.decode(framed(header, numbers), callables=lambda n: None)["value"].tolist() == [0.0, 1.0, 2.0]


def test_values_keep_their_types_across_the_channel():
    rng = np.random.default_rng(3)
    rng.random()
    message = {
        "op": "result",
        "value": (np.float32(1.5), 2.0, float("nan"), 3, True, None, "s", [np.eye(2, dtype=np.float32)]),
        "rng": rng,
        "keys": {1: "one", ("a", 2): np.int64(5)},
        "other": {1, 2},
    }
    decoded = wire.decode(wire.encode(message), callables=lambda n: None)
    value = decoded["value"]
    assert type(value[0]) is np.float32 and type(value[1]) is float and np.isnan(value[2])
    assert value[3:7] == (3, True, None, "s") and value[7][0].dtype == np.float32
    assert decoded["rng"].random() == rng.random()
    assert decoded["keys"] == {1: "one", ("a", 2): 5} and type(decoded["keys"][("a", 2)]) is np.int64
    assert isinstance(decoded["other"], wire.Opaque) and decoded["other"].type_name == "set"


def test_updates_in_place_reach_the_callers_objects():
    params = {"W1": np.zeros((2, 2)), "b1": np.zeros(2)}
    alias = params["W1"]
    assert update_in_place(params, {"W1": np.ones((2, 2)), "b1": np.ones(2), "t": 1})
    assert alias is params["W1"] and alias.sum() == 4 and params["t"] == 1
    assert not update_in_place(np.zeros(3), np.zeros(4))
