"""`course grade --scheduler`: the same class graded on a Dask LocalCluster of 2 workers with 2
threads each (`conftest.cluster`) gives the same gradebook, byte for byte, as on this machine (a hang in one lesson costing the next nothing, a
missing lesson its own outcome with no machine's path); and a worker killed mid-run loses nothing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading

from helpers import run_course, write_variant

from fashion_course.lessons import find_lesson
from fashion_course.workspace import SOLUTIONS, STUBS

LESSONS = ("--lesson", "1", "--lesson", "4")


def a_class(folder):
    students = ("ada", SOLUTIONS), ("bob", STUBS), ("cleo", SOLUTIONS), ("dan", SOLUTIONS), ("eli", SOLUTIONS)
    for student, source in (*students, ("gil", SOLUTIONS)):
        shutil.copytree(source, folder / student, ignore=shutil.ignore_patterns("__pycache__"))
    write_variant(folder / "cleo", find_lesson(4), "def relu(Z):\n    while True:\n        pass")
    (folder / "dan" / find_lesson(1).file_name).write_text("import os\nos.kill(os.getppid(), 9)\n")
    write_variant(
        folder / "eli", find_lesson(1), "def train_dev_split(*args):\n    while True:\n        pass"
    )
    (folder / "gil" / find_lesson(4).file_name).unlink()
    return folder


def test_a_cluster_grades_a_class_to_the_same_gradebook(tmp_path, cluster):
    submissions = a_class(tmp_path / "class")
    here = run_course("grade", str(submissions), "--out", str(tmp_path / "here"), *LESSONS, timeout=600)
    there = run_course(
        "grade", str(submissions), "--out", str(tmp_path / "there"), "--scheduler", cluster.scheduler_address,
        *LESSONS, timeout=600,
    )  # fmt: skip
    assert here.returncode == 0 and there.returncode == 0, there.stdout + there.stderr
    for name in (
        "gradebook.csv",
        "gradebook.json",
        *(f"reports/{s}.json" for s in ("ada", "bob", "cleo", "dan", "eli", "gil")),
    ):
        assert (tmp_path / "here" / name).read_bytes() == (tmp_path / "there" / name).read_bytes(), name
    book = json.loads((tmp_path / "there" / "gradebook.json").read_text())
    eli, gil = ({r["lesson"]: r for r in book[student]} for student in ("eli", "gil"))
    assert [c["outcome"] for c in eli[1]["checks"]] == ["passed"] * 3 + ["timeout"]
    assert eli[4]["passed"] == eli[4]["total"] == 8  # the hang before it cost lesson 4 nothing
    assert {(c["outcome"], c["message"]) for c in gil[4]["checks"]} == {
        ("missing", "lesson4_softmax.py (or .ipynb) was not handed in")
    }


def test_a_worker_killed_mid_run_loses_nothing(tmp_path, cluster):
    submissions = a_class(tmp_path / "class")
    for student in ("eve", "fay"):
        shutil.copytree(SOLUTIONS, submissions / student, ignore=shutil.ignore_patterns("__pycache__"))
    killed = []

    def kill_a_worker() -> None:  # SIGKILL, as a machine that dies: its nanny starts another
        pid = next(iter(cluster.workers.values())).process.process.pid
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    killer = threading.Timer(2.0, kill_a_worker)
    killer.start()
    try:
        there = run_course(
            "grade", str(submissions), "--out", str(tmp_path / "there"), "--scheduler", cluster.scheduler_address,
            *LESSONS, timeout=600,
        )  # fmt: skip
    finally:
        killer.cancel()
    assert killed, "no worker was killed"
    assert there.returncode == 0, there.stdout + there.stderr
    assert "Graded 8 submissions" in there.stdout
    rows = (tmp_path / "there" / "gradebook.csv").read_text().splitlines()
    assert len(rows) == 1 + 8 and sorted(r.split(",")[0] for r in rows[1:]) == sorted(
        p.name for p in submissions.iterdir()
    )
