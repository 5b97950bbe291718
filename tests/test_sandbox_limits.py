"""What a submission's processes are given, seen from outside while it is graded: one control
group for all of them, with the memory and process limits of the whole submission (where the
machine lets the grader make one); private copies no other user can read; and no path that
says where the course is installed, whatever the student's code looks at inside the sandbox.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import run_course, write_variant

from fashion_course.grader.sandbox import (
    CGROUPS,
    NOBODY,
    SUBMISSION_MEMORY,
    SUBMISSION_PROCESSES,
    isolation,
    submission_limits,
)
from fashion_course.lessons import find_lesson
from fashion_course.workspace import ROOT

needs_sandbox = pytest.mark.skipif(not isolation().sandboxed, reason="bubblewrap is not installed here")

# preprocess starts three children that wait, then waits itself: four processes to find.
SLEEPERS = (
    "import os\nimport time\n\n\n"
    "def preprocess(images):\n"
    "    for _ in range(3):\n"
    "        if os.fork() == 0:\n"
    "            time.sleep(3)\n"
    "            os._exit(0)\n"
    "    time.sleep(3)\n"
    "    return None\n"
)


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
        except (OSError, IndexError, ValueError):
            pass
    return found


@needs_sandbox
@pytest.mark.skipif("per submission" not in submission_limits(), reason="no control group can be made here")
def test_a_submission_s_processes_share_one_group_and_its_limits(tmp_path):
    """The groups are named after the checker that made them: found from the `course` process."""
    write_variant(tmp_path / "work", find_lesson(1), SLEEPERS)
    command = [
        sys.executable,
        "-m",
        "fashion_course",
        "check",
        "1",
        "--path",
        str(tmp_path / "work"),
        "--json",
    ]
    course = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    seen: dict[Path, tuple[int, dict[str, str]]] = {}
    mine: list[Path] = []
    while course.poll() is None:
        mine = [
            g for pid in children_of(course.pid) for g in CGROUPS.glob(f"**/fashion-course-{pid}-*")
        ] or mine
        for group in mine:
            try:
                limits = {f.name: f.read_text().strip() for f in group.iterdir() if f.name in LIMIT_FILES}
                count = len((group / "cgroup.procs").read_text().split())
            except OSError:
                continue
            seen[group] = (max(count, seen.get(group, (0, {}))[0]), {**seen.get(group, (0, {}))[1], **limits})
        time.sleep(0.1)
    report = json.loads(course.stdout.read())
    assert report["limits"].startswith("memory and processes limited per submission")
    assert seen, "no control group of this submission was seen while it ran"
    assert max(count for count, _ in seen.values()) >= 4  # the sandbox's process and its three children
    limits = {name: value for _, found in seen.values() for name, value in found.items()}
    assert limits.get("memory.limit_in_bytes", limits.get("memory.max")) == str(SUBMISSION_MEMORY)
    assert limits["pids.max"] == str(SUBMISSION_PROCESSES)
    assert not [group for group in seen if group.exists()]  # removed once the submission is graded


LIMIT_FILES = ("memory.limit_in_bytes", "memory.max", "pids.max")


@needs_sandbox
def test_a_submission_s_copy_is_private(tmp_path):
    write_variant(tmp_path / "work", find_lesson(1), SLEEPERS)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    modes: dict[str, tuple[int, int]] = {}

    def look() -> None:
        for _ in range(40):
            for path in scratch.rglob("*"):
                try:
                    status = path.lstat()
                except OSError:
                    continue
                modes[str(path.relative_to(scratch))] = (stat.S_IMODE(status.st_mode), status.st_uid)
            time.sleep(0.1)

    watcher = threading.Thread(target=look)
    watcher.start()
    run_course("check", "1", "--path", str(tmp_path / "work"), env={"TMPDIR": str(scratch)})
    watcher.join()
    sandboxes = {path: mode for path, mode in modes.items() if path.startswith("course-sandbox-")}
    assert sandboxes, modes
    for path, (mode, owner) in sandboxes.items():
        assert mode & 0o077 == 0, f"{path} is {oct(mode)}: other users could read it"
        if os.geteuid() == 0 and "/submission" in path:  # a root grader: the student's files are nobody's
            assert owner == NOBODY, path


PROBE = """
import glob
import json
import os
import sys


def preprocess(images):
    needles = NEEDLES
    places = {"numpy": np.__file__, "executable": sys.executable, "path": " ".join(sys.path),
              "environment": json.dumps(dict(os.environ))}
    for pattern in ("/site/*.pth", "/site/__editable__*", "/site/*.dist-info/direct_url.json",
                    "/site/fashion_course/**", "/course/*"):
        for name in glob.glob(pattern, recursive=True):
            try:
                with open(name, errors="replace") as stream:
                    places[name] = stream.read()
            except OSError:
                pass
    found = sorted(where for where, text in places.items() if any(n in text for n in needles))
    raise ValueError(f"proc={os.path.exists('/proc/self')} found={found}")
"""


@needs_sandbox
def test_the_sandbox_shows_no_path_the_course_is_installed_from(tmp_path):
    needles = sorted({str(ROOT), str(Path(sys.prefix).resolve())} - {"/usr", "/"})
    write_variant(tmp_path, find_lesson(1), PROBE.replace("NEEDLES", repr(needles)))
    report = json.loads(run_course("check", "1", "--path", str(tmp_path), "--json").stdout)
    message = report["checks"][0]["message"]
    assert "proc=False found=[]" in message, message
