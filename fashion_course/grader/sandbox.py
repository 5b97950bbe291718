"""Where a student's code runs: a private folder, a clean environment, limits, and on Linux a sandbox.

`prepare` lays out a private folder for one lesson of one submission: the student's top-level
`.py` files, written from the bytes `submission.Submission` read (never a link followed), the
server (`wire.py`) and the reference solutions of the earlier lessons the lesson imports; never
the lesson's own. `command` is how to start the student's process there, with the best
`isolation()` this machine has:

- **bubblewrap** (`bwrap`, Debian's `bubblewrap`, the sandbox Flatpak uses): new PID, network,
  IPC and UTS namespaces, so the process sees no other process, no network and cannot signal
  the grader; a file system holding only the system's libraries, the base Python, NumPy (at
  /site, a copy of the installed package whose bytecode was compiled there, so that it names no
  folder of this machine; the files of the system's packages folders that name where the course
  is installed from are masked), the private copy (read-only) and a small scratch folder; no /proc; no environment but a few fixed variables; killed with everything it
  started when the grader stops it or dies. Run as root, the process also gives up root for
  `nobody` before any student code runs, and only the student's own files are `nobody`'s to
  read.
- **process limits** where bubblewrap is missing or refused (macOS, Windows, containers): the
  same private copy, environment and rlimits, in a new session whose process group is killed
  at the end. The student's code can then read what the user running the grader can read, so
  `course grade` refuses this unless asked explicitly.

In both, the rlimits cap memory, CPU time, file size, open files and processes of each process;
where the machine lets the grader make a control group (`SubmissionGroup`), the memory and the
processes of everything a submission starts are also capped together (`submission_limits` says
which applied). The private copies are the grader's alone (0700).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fashion_course.lessons import LESSONS, Lesson
from fashion_course.submission import Submission, shown_name
from fashion_course.tracebacks import Places
from fashion_course.workspace import SOLUTIONS, user_cache

LIMITS = {
    "RLIMIT_AS": 2 * 1024**3,  # bytes of address space: a huge array is a MemoryError, not a swapping machine
    "RLIMIT_CPU": 600,  # seconds; the checks' own time limits are shorter
    "RLIMIT_FSIZE": 16 * 1024**2,  # bytes in any one file it writes
    "RLIMIT_NOFILE": 64,
    "RLIMIT_NPROC": 64,  # processes of the sandbox's user (not enforced for root outside a sandbox);
    # counted for the user, so it is lifted where a submission's control group counts its own
    "RLIMIT_CORE": 0,
}
SCRATCH_BYTES = 64 * 1024**2  # the sandbox's only writable folder
NOBODY = 65534
ENVIRONMENT = {
    "PATH": "/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "OPENBLAS_NUM_THREADS": "1",  # one BLAS thread: deterministic sums, and room for parallel graders
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


SUBMISSION_MEMORY = 3 * 1024**3  # bytes: every process a submission starts, counted together
SUBMISSION_PROCESSES = 128  # processes and threads of a submission at once
CGROUPS = Path("/sys/fs/cgroup")


@dataclass(frozen=True)
class SubmissionGroup:
    """A control group holding every process one submission starts, so that their memory and
    their number are limited together (RLIMIT_AS and RLIMIT_NPROC count per process, or per user).

    `make` creates one beside the grader's own group where the machine lets it (cgroup v1's
    `memory` and `pids` hierarchies, or cgroup v2 with both controllers), else returns None and
    the per-process limits are all there is. A sandbox's process joins it before it starts
    (`join`, in the forked child); `remove` kills what is left in it and deletes it."""

    folders: tuple[Path, ...]  # one per hierarchy: v1's memory and pids, or v2's one

    @staticmethod
    def make(name: str) -> SubmissionGroup | None:
        made: list[Path] = []
        try:
            for folder, limits in _group_places(name):
                _remove_orphans(folder.parent)
                folder.mkdir()
                made.append(folder)
                for file, value in limits.items():
                    (folder / file).write_text(str(value))
        except (OSError, ValueError):
            SubmissionGroup(tuple(made)).remove()
            return None
        return SubmissionGroup(tuple(made)) if made else None

    def join(self) -> None:
        """Move the calling process into the group (its children follow it)."""
        for folder in self.folders:
            (folder / "cgroup.procs").write_text(str(os.getpid()))

    def remove(self) -> None:
        for folder in self.folders:
            for _ in range(50):
                try:
                    for pid in (folder / "cgroup.procs").read_text().split():
                        os.kill(int(pid), signal.SIGKILL)
                    folder.rmdir()
                    break
                except ProcessLookupError:
                    continue
                except FileNotFoundError:
                    break
                except OSError:  # still busy: its last processes are being reaped
                    time.sleep(0.02)


GROUP_NAME = re.compile(r"fashion-course-(?:trial-)?(\d+)(?:-\d+)?")  # the grader's process id in it


def _remove_orphans(parent: Path) -> None:
    """Delete the empty groups of graders that died without removing them (a SIGKILLed
    `course grade`): named after a process that no longer exists. A group still holding a
    process is left alone (Linux refuses to delete it)."""
    for folder in parent.glob("fashion-course-*"):
        found = GROUP_NAME.fullmatch(folder.name)
        if found and not _alive(int(found[1])):
            try:
                folder.rmdir()
            except OSError:
                pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        return True
    return True


def _own_group(hierarchy: str) -> str | None:
    """This process's group in a cgroup hierarchy ("memory", "pids"; "" for v2), from /proc."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if (hierarchy and hierarchy in controllers.split(",")) or (not hierarchy and not controllers):
            return path
    return None


def _group_places(name: str) -> list[tuple[Path, dict[str, int]]]:
    """Where a submission's group goes in each hierarchy, and the limits written there."""
    memory, pids = _own_group("memory"), _own_group("pids")
    if (CGROUPS / "memory").is_dir() and (CGROUPS / "pids").is_dir() and memory and pids:  # v1
        return [
            (CGROUPS / "memory" / memory.lstrip("/") / name, {"memory.limit_in_bytes": SUBMISSION_MEMORY}),
            (CGROUPS / "pids" / pids.lstrip("/") / name, {"pids.max": SUBMISSION_PROCESSES}),
        ]
    own = _own_group("")
    if own is not None and {"memory", "pids"} <= set((CGROUPS / "cgroup.controllers").read_text().split()):
        parent = CGROUPS / own.lstrip("/")
        if not {"memory", "pids"} <= set((parent / "cgroup.subtree_control").read_text().split()):
            raise ValueError("the memory and pids controllers are not enabled below this group")
        return [(parent / name, {"memory.max": SUBMISSION_MEMORY, "pids.max": SUBMISSION_PROCESSES})]
    return []


@functools.cache
def submission_limits() -> str:
    """How the memory and processes of a submission are limited on this machine, for the report."""
    trial = SubmissionGroup.make(f"fashion-course-trial-{os.getpid()}")
    if trial is None:
        return (
            f"memory and processes limited per process ({LIMITS['RLIMIT_AS'] // 1024**3} GiB of address "
            f"space each): no control group could be made here"
        )
    trial.remove()
    return (
        f"memory and processes limited per submission ({SUBMISSION_MEMORY // 1024**3} GiB and "
        f"{SUBMISSION_PROCESSES} processes for all it starts, in a control group)"
    )


@dataclass(frozen=True)
class Isolation:
    name: str  # "bubblewrap" or "process limits"
    summary: str  # one line for the report

    @property
    def sandboxed(self) -> bool:
        return self.name == "bubblewrap"


BUBBLEWRAP = Isolation(
    "bubblewrap",
    "bubblewrap sandbox: no network, no other files, no other processes, limits on memory, time and files",
)
PROCESS_LIMITS = Isolation(
    "process limits",
    "process limits only (no sandbox: install bubblewrap to keep student code from your files)",
)


class SubmissionError(Exception):
    """A submission that cannot be laid out for grading (a file skipped: too large, not a regular file)."""


def prepare(lesson: Lesson, folder: Path, workdir: Path) -> Path:
    """Lay out `workdir` for grading `lesson` of the files in `folder`; returns the private copy.

    `workdir/submission` holds the top-level .py files of `folder` as `Submission.read` reads
    them (regular files only, within its size caps), written from the bytes read: no link is
    followed, nor is anything copied that the folder holds later. The grader gives it a folder
    of its own, written from the submission it read once (`submission.staged`), so a skipped file
    (`SubmissionError`) is one only a folder named directly can hold. `workdir/course` holds the
    server and the reference solutions of the earlier lessons.
    """
    files = Submission.read(folder)
    skipped = [f"{shown_name(name)}: {why}" for name, why in files.skipped.items() if name.endswith(".py")]
    if skipped or files.unread:
        raise SubmissionError(f"not graded, as a file was skipped: {[*files.unread, *skipped][0]}")
    submission, course = workdir / "submission", workdir / "course"
    for made in (submission, course / "reference", workdir / "scratch"):
        made.mkdir(parents=True)
    files.write_python(submission)
    shutil.copyfile(Path(__file__).with_name("wire.py"), course / "wire.py")
    shutil.copyfile(Path(__file__).parent.parent / "tracebacks.py", course / "tracebacks.py")
    for earlier in LESSONS[: lesson.number - 1]:
        shutil.copyfile(SOLUTIONS / earlier.file_name, course / "reference" / earlier.file_name)
    _make_private(workdir)
    return submission


def _make_private(workdir: Path) -> None:
    """No other user of the machine may read a copy: folders 0700 and files 0600, the grader's
    own; but a root grader's sandbox runs the student's code as `nobody`, who is then given the
    student's own files (and only them) to read."""
    for path in (workdir, *workdir.rglob("*")):
        path.chmod(0o700 if path.is_dir() else 0o600)
    if os.geteuid() == 0 and isolation().sandboxed:
        submission = workdir / "submission"
        for path in (submission, *submission.iterdir()):
            os.chown(path, NOBODY, NOBODY)
            path.chmod(0o500 if path.is_dir() else 0o400)


def job(
    lesson: Lesson, folder: str, course: str, user: int | None, places: Places, grouped: bool
) -> dict[str, Any]:
    """The server's instructions (see `wire.main`); `places` maps a notebook's lines to its cells.
    A `grouped` submission's processes are counted by its control group, not by RLIMIT_NPROC,
    which counts every process of the user (`nobody`, shared by the students graded at once)."""
    earlier = LESSONS[: lesson.number - 1]
    return {
        "file": lesson.file_name,
        "module": lesson.module_name,
        "folder": folder,
        "references": [[e.module_name, f"{course}/reference/{e.file_name}"] for e in earlier],
        "limits": {name: value for name, value in LIMITS.items() if not (grouped and name == "RLIMIT_NPROC")},
        "user": user,
        "places": places,
    }


SITE = Path("/site")  # where a sandbox sees NumPy


def _interpreter() -> tuple[Path, Path]:
    """The base Python and the folder it is installed in: never a virtual environment's, whose
    folder (often inside the course's checkout) a sandbox has no business knowing."""
    executable = Path(getattr(sys, "_base_executable", "") or sys.executable).resolve()
    return executable, Path(sys.base_prefix).resolve()


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


@functools.cache
def _site() -> Path:
    """The folder a sandbox sees at /site: NumPy's package (and `numpy.libs`, the libraries its
    wheel bundles), linked or copied without its bytecode from where it is installed into the
    user's cache, then compiled inside a sandbox that sees it at /site, once per NumPy install.
    Nothing in it names a folder of this machine: the installed bytecode records the folder it
    was compiled in (a virtual environment's, often in the instructor's checkout), and the
    packages folder around NumPy holds the files that name where the course is installed from."""
    packages = Path(importlib.util.find_spec("numpy").origin).resolve().parents[1]
    parts = [name for name in ("numpy", "numpy.libs") if (packages / name).is_dir()]
    stamp = repr((sys.version, str(packages), [(packages / name).stat().st_mtime_ns for name in parts]))
    cache = user_cache()
    site = cache / f"sandbox-site-{hashlib.sha256(stamp.encode()).hexdigest()[:16]}"
    if site.is_dir():
        return site
    cache.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix="sandbox-site-building-", dir=cache))
    try:
        for name in parts:
            shutil.copytree(
                packages / name, building / name, ignore=shutil.ignore_patterns("__pycache__"),
                copy_function=_link_or_copy,
            )
        compiling = [*_bubblewrap_arguments(None, building), str(_interpreter()[0]), "-s", "-m", "compileall"]
        subprocess.run([*compiling, "-q", str(SITE)], capture_output=True, timeout=300, check=True)
        building.chmod(0o755)  # a root grader's sandbox reads it as nobody
        building.rename(site)
    except OSError:  # another grader made it first
        shutil.rmtree(building, ignore_errors=True)
    except subprocess.SubprocessError:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return site


def _system_packages() -> list[Path]:
    """The packages folders of the Pythons a sandbox sees (/usr's and the base Python's)."""
    roots = {Path("/usr"), Path("/usr/local"), _interpreter()[1]}
    return sorted({path for root in roots for path in root.glob("lib/python3*/*-packages") if path.is_dir()})


def _masks(packages: Path) -> tuple[list[Path], list[Path]]:
    """In a packages folder, the files and folders a sandbox must not read: path files and
    editable-install finders and links (they name the folders the course is installed from),
    the `direct_url.json` of each package (where it was installed from), and the course itself
    (its reference solutions), should it be installed there."""
    files = [
        path
        for pattern in ("*.pth", "__editable__*.py", "*.egg-link", "*.dist-info/direct_url.json")
        for path in packages.glob(pattern)
        if path.is_file()
    ]
    folders = [
        path
        for pattern in ("fashion_course", "fashion_course-*.dist-info", "__editable__*")
        for path in packages.glob(pattern)
        if path.is_dir()
    ]
    return files, folders


def _bubblewrap_arguments(workdir: Path | None, site: Path | None = None) -> list[str]:
    """bwrap's arguments, binding `workdir`'s submission and course (none for a trial run) and
    NumPy's folder (`_site()`; `site`, writable, while that folder is made).

    The sandbox sees /usr, the base Python's folder, NumPy at /site, its private copy and a
    scratch folder, with what names the instructor's folders masked in the packages folders it
    sees: no /proc (nothing there but what would tell it where things are on this machine), no
    environment but a few fixed variables."""
    root = os.geteuid() == 0
    arguments = [
        "bwrap",
        "--unshare-ipc",
        "--unshare-pid",
        "--unshare-net",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--die-with-parent",
        "--new-session",
        "--clearenv",
    ]
    # As root, keep only what it takes to become nobody; otherwise a user namespace does the job.
    arguments += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"] if root else ["--unshare-user"]
    variables = {**ENVIRONMENT, "HOME": "/scratch", "TMPDIR": "/scratch", "PYTHONPATH": str(SITE)}
    for name, value in variables.items():
        arguments += ["--setenv", name, value]
    arguments += ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64"):
        path = Path("/") / name
        if path.is_symlink():
            arguments += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            arguments += ["--ro-bind", str(path), str(path)]
    prefix = _interpreter()[1]
    if not prefix.is_relative_to("/usr"):
        for parent in reversed(prefix.parents[:-1]):  # bwrap would make them for root's eyes only
            arguments += ["--perms", "0755", "--dir", str(parent)]
        arguments += ["--ro-bind", str(prefix), str(prefix)]
    arguments += ["--bind", str(site), str(SITE)] if site else ["--ro-bind", str(_site()), str(SITE)]
    for packages in _system_packages():
        files, folders = _masks(packages)
        arguments += [part for file in files for part in ("--ro-bind", "/dev/null", str(file))]
        arguments += [part for folder in folders for part in ("--tmpfs", str(folder))]
    if workdir is not None:
        arguments += ["--ro-bind", str(workdir / "submission"), "/submission"]
        arguments += ["--ro-bind", str(workdir / "course"), "/course"]
    arguments += ["--dev", "/dev", "--perms", "1777", "--size", str(SCRATCH_BYTES), "--tmpfs", "/scratch"]
    arguments += ["--chdir", "/scratch"]
    return arguments


@functools.cache
def isolation() -> Isolation:
    """Bubblewrap when it is installed and works here (a trial run), else process limits."""
    if not sys.platform.startswith("linux") or not shutil.which("bwrap"):
        return PROCESS_LIMITS
    try:
        trial = [*_bubblewrap_arguments(None), "true"]
        ok = subprocess.run(trial, capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        ok = False
    return BUBBLEWRAP if ok else PROCESS_LIMITS


def command(
    lesson: Lesson, workdir: Path, chosen: Isolation, places: Places | None = None, grouped: bool = False
) -> list[str]:
    """The command that starts the server for `lesson` in the folder `prepare` laid out (in a
    `SubmissionGroup` when `grouped`)."""
    places = places or {}
    python = sys.executable
    if chosen.sandboxed:
        user = NOBODY if os.geteuid() == 0 else None
        instructions = job(lesson, "/submission", "/course", user, places, grouped)
        # -s, not -I: the environment is bwrap's own, and its PYTHONPATH is the packages folder
        start = [*_bubblewrap_arguments(workdir), str(_interpreter()[0]), "-s", "-B", "/course/wire.py"]
    else:
        instructions = job(lesson, str(workdir / "submission"), str(workdir / "course"), None, places, grouped)
        start = [python, "-I", "-B", str(workdir / "course" / "wire.py")]
    return [*start, json.dumps(instructions)]


def environment(workdir: Path) -> dict[str, str]:
    """The whole environment of a student's process outside a sandbox."""
    scratch = str(workdir / "scratch")
    return {**ENVIRONMENT, "HOME": scratch, "TMPDIR": scratch}
