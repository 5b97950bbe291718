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
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers import run_course, write_variant

from fashion_course.grader.sandbox import (
    CGROUPS,
    NOBODY,
    SUBMISSION_MEMORY,
    SUBMISSION_PROCESSES,
    SubmissionGroup,
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


def entries_under(folder: Path) -> list[Path]:
    """Every file and folder under `folder` as it is now; the grader removes its copies while we
    look, so a folder gone between listing and reading is skipped (os.walk ignores such errors)."""
    return [Path(top) / name for top, folders, files in os.walk(folder) for name in folders + files]


LIMIT_FILES = ("memory.limit_in_bytes", "memory.max", "pids.max")


@dataclass
class Watched:
    """What was seen while a submission was graded: its report, each control group of it (the
    most processes seen in it, its limits), and each file of the grader's temporary folder (its
    mode and owner)."""

    report: dict
    groups: dict[Path, tuple[int, dict[str, str]]] = field(default_factory=dict)
    files: dict[str, tuple[int, int]] = field(default_factory=dict)


@pytest.fixture(scope="module")
def watched(tmp_path_factory) -> Watched:
    """`course check 1` of a lesson whose preprocess waits in four processes, watched from outside.
    The groups are named after the checker that made them, a child of the `course` process."""
    if not isolation().sandboxed:
        pytest.skip("bubblewrap is not installed here")
    folder, scratch = tmp_path_factory.mktemp("work"), tmp_path_factory.mktemp("tmp")
    write_variant(folder, find_lesson(1), SLEEPERS)
    command = [sys.executable, "-m", "fashion_course", "check", "1", "--path", str(folder), "--json"]
    course = subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(scratch)}
    )
    groups: dict[Path, tuple[int, dict[str, str]]] = {}
    files: dict[str, tuple[int, int]] = {}
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
            most, known = groups.get(group, (0, {}))
            groups[group] = (max(count, most), {**known, **limits})
        for path in entries_under(scratch):
            try:
                status = path.lstat()
            except OSError:
                continue
            files[str(path.relative_to(scratch))] = (stat.S_IMODE(status.st_mode), status.st_uid)
        time.sleep(0.1)
    return Watched(json.loads(course.stdout.read()), groups, files)


@pytest.mark.skipif("per submission" not in submission_limits(), reason="no control group can be made here")
def test_a_submission_s_processes_share_one_group_and_its_limits(watched):
    assert watched.report["limits"].startswith("memory and processes limited per submission")
    assert watched.groups, "no control group of this submission was seen while it ran"
    assert max(count for count, _ in watched.groups.values()) >= 4  # the sandbox's process, three children
    limits = {name: value for _, found in watched.groups.values() for name, value in found.items()}
    assert limits.get("memory.limit_in_bytes", limits.get("memory.max")) == str(SUBMISSION_MEMORY)
    assert limits["pids.max"] == str(SUBMISSION_PROCESSES)
    assert not [group for group in watched.groups if group.exists()]  # removed once it is graded


def test_a_submission_s_copy_is_private(watched):
    sandboxes = {path: mode for path, mode in watched.files.items() if path.startswith("course-sandbox-")}
    assert sandboxes, watched.files
    for path, (mode, owner) in sandboxes.items():
        assert mode & 0o077 == 0, f"{path} is {oct(mode)}: other users could read it"
        if os.geteuid() == 0 and "/submission" in path:  # a root grader: the student's files are nobody's
            assert owner == NOBODY, path


PROBE = """
import glob
import json
import os
import resource
import sys


def preprocess(images):
    needles = NEEDLES
    places = {"numpy": np.__file__, "executable": sys.executable, "path": " ".join(sys.path),
              "environment": json.dumps(dict(os.environ)),
              "bytecode": " ".join(str(getattr(value.__code__, "co_filename", ""))
                                   for module in list(sys.modules.values())
                                   for value in list(vars(module).values()) if hasattr(value, "__code__"))}
    for pattern in ("/site/*.pth", "/site/__editable__*", "/site/*.dist-info/direct_url.json",
                    "/site/fashion_course/**", "/course/*", "/site/numpy/__pycache__/*.pyc",
                    "/site/numpy/_core/__pycache__/*.pyc"):
        for name in glob.glob(pattern, recursive=True):
            try:
                with open(name, errors="replace") as stream:
                    places[name] = stream.read()
            except OSError:
                pass
    found = sorted(where for where, text in places.items() if any(n in text for n in needles))
    nproc = resource.getrlimit(resource.RLIMIT_NPROC)[0]
    raise ValueError(f"proc={os.path.exists('/proc/self')} found={found} nproc={nproc}")
"""


@needs_sandbox
def test_the_sandbox_shows_no_path_the_course_is_installed_from(tmp_path):
    needles = sorted({str(ROOT), str(Path(sys.prefix).resolve())} - {"/usr", "/"})
    write_variant(tmp_path, find_lesson(1), PROBE.replace("NEEDLES", repr(needles)))
    report = json.loads(run_course("check", "1", "--path", str(tmp_path), "--json").stdout)
    message = report["checks"][0]["message"]
    assert "proc=False found=[]" in message, message
    # RLIMIT_NPROC counts all of nobody's processes, every student's: lifted where a group counts
    grouped = "per submission" in submission_limits()
    assert ("nproc=64" in message) != grouped, message


@pytest.mark.skipif("per submission" not in submission_limits(), reason="no control group can be made here")
def test_groups_a_killed_grader_left_are_removed_by_the_next_one():
    """A SIGKILLed grader cannot remove its groups; the next grader deletes those left empty by
    a process that no longer exists, and leaves a live one's alone."""
    probe = SubmissionGroup.make("fashion-course-test-probe")
    assert probe is not None
    probe.remove()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    orphans = [folder.parent / f"fashion-course-{int(gone.stdout)}-0" for folder in probe.folders]
    live = [folder.parent / f"fashion-course-{os.getpid()}-999" for folder in probe.folders]
    for folder in orphans + live:
        folder.mkdir()
    try:
        group = SubmissionGroup.make("fashion-course-test-next")
        assert group is not None
        group.remove()
        assert not [folder for folder in orphans if folder.exists()]
        assert all(folder.exists() for folder in live)
    finally:
        for folder in orphans + live:
            if folder.exists():
                folder.rmdir()
