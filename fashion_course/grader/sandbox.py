"""Where a student's code runs: a private folder, a clean environment, limits, and on Linux a sandbox.

`prepare` lays out a private folder for one lesson of one submission: a copy of the student's
top-level `.py` files, the server (`wire.py`) and the reference solutions of the earlier lessons
the lesson imports; never the lesson's own. `command` is how to start the student's process
there, with the best `isolation()` this machine has:

- **bubblewrap** (`bwrap`, Debian's `bubblewrap`, the sandbox Flatpak uses): new PID, network,
  IPC and UTS namespaces, so the process sees no other process, no network and cannot signal
  the grader; a file system holding only the system's libraries, Python, the private copy
  (read-only) and a small scratch folder; no environment but a few fixed variables; killed
  with everything it started when the grader stops it or dies. Run as root, the process also
  gives up root for `nobody` before any student code runs.
- **process limits** where bubblewrap is missing or refused (macOS, Windows, containers): the
  same private copy, environment and rlimits, in a new session whose process group is killed
  at the end. The student's code can then read what the user running the grader can read, so
  `course grade` refuses this unless asked explicitly.

In both, the rlimits cap memory, CPU time, file size, open files and processes.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fashion_course.lessons import LESSONS, Lesson
from fashion_course.tracebacks import Places
from fashion_course.workspace import SOLUTIONS

LIMITS = {
    "RLIMIT_AS": 2 * 1024**3,  # bytes of address space: a huge array is a MemoryError, not a swapping machine
    "RLIMIT_CPU": 600,  # seconds; the checks' own time limits are shorter
    "RLIMIT_FSIZE": 16 * 1024**2,  # bytes in any one file it writes
    "RLIMIT_NOFILE": 64,
    "RLIMIT_NPROC": 64,  # processes of the sandbox's user (not enforced for root outside a sandbox)
    "RLIMIT_CORE": 0,
}
SCRATCH_BYTES = 64 * 1024**2  # the sandbox's only writable folder
MAX_COPY_BYTES = 4 * 1024**2  # a submission's .py files, together
NOBODY = 65534
ENVIRONMENT = {
    "PATH": "/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "OPENBLAS_NUM_THREADS": "1",  # one BLAS thread: deterministic sums, and room for parallel graders
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


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
    """A submission that cannot be laid out for grading (too large, unreadable)."""


def prepare(lesson: Lesson, folder: Path, workdir: Path) -> Path:
    """Lay out `workdir` for grading `lesson` of the files in `folder`; returns the private copy.

    `workdir/submission` holds the student's top-level .py files, `workdir/course` the server and
    the reference solutions of the earlier lessons.
    """
    submission, course = workdir / "submission", workdir / "course"
    for made in (submission, course / "reference", workdir / "scratch"):
        made.mkdir(parents=True)
    total = 0
    for source in sorted(Path(folder).glob("*.py")):
        if not source.is_file():
            continue
        total += source.stat().st_size
        if total > MAX_COPY_BYTES:
            raise SubmissionError(f"the .py files in {folder} hold more than {MAX_COPY_BYTES // 1024**2} MB")
        shutil.copyfile(source, submission / source.name)
    shutil.copyfile(Path(__file__).with_name("wire.py"), course / "wire.py")
    shutil.copyfile(Path(__file__).parent.parent / "tracebacks.py", course / "tracebacks.py")
    for earlier in LESSONS[: lesson.number - 1]:
        shutil.copyfile(SOLUTIONS / earlier.file_name, course / "reference" / earlier.file_name)
    for path in (workdir, submission, course, course / "reference", workdir / "scratch"):
        path.chmod(0o755)
        for file in path.iterdir():
            if file.is_file():
                file.chmod(0o644)
    (workdir / "scratch").chmod(0o1777)
    return submission


def job(lesson: Lesson, folder: str, course: str, user: int | None, places: Places) -> dict[str, Any]:
    """The server's instructions (see `wire.main`); `places` maps a notebook's lines to its cells."""
    earlier = LESSONS[: lesson.number - 1]
    return {
        "file": lesson.file_name,
        "module": lesson.module_name,
        "folder": folder,
        "references": [[e.module_name, f"{course}/reference/{e.file_name}"] for e in earlier],
        "limits": LIMITS,
        "user": user,
        "places": places,
    }


def _python_folders() -> list[Path]:
    """The folders Python and NumPy are read from, outermost only."""
    folders = {
        Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)
    }
    folders.add(Path(importlib.util.find_spec("numpy").origin).resolve().parents[1])
    kept = [f for f in sorted(folders) if not f.is_relative_to("/usr") and f != Path("/")]
    return [f for f in kept if not any(f != other and f.is_relative_to(other) for other in kept)]


def _bubblewrap_arguments(workdir: Path | None) -> list[str]:
    """bwrap's arguments, binding `workdir`'s submission and course (none for a trial run)."""
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
    for name, value in {**ENVIRONMENT, "HOME": "/scratch", "TMPDIR": "/scratch"}.items():
        arguments += ["--setenv", name, value]
    arguments += ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64"):
        path = Path("/") / name
        if path.is_symlink():
            arguments += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            arguments += ["--ro-bind", str(path), str(path)]
    made: set[Path] = set()
    for folder in _python_folders():
        for parent in reversed(folder.parents[:-1]):  # bwrap would make them for root's eyes only
            if parent not in made:
                made.add(parent)
                arguments += ["--perms", "0755", "--dir", str(parent)]
        arguments += ["--ro-bind", str(folder), str(folder)]
        hidden = folder / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
        if (hidden / "fashion_course").is_dir():  # an installed course holds the reference solutions
            arguments += ["--tmpfs", str(hidden / "fashion_course")]
    if workdir is not None:
        arguments += ["--ro-bind", str(workdir / "submission"), "/submission"]
        arguments += ["--ro-bind", str(workdir / "course"), "/course"]
    arguments += [
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--perms",
        "1777",
        "--size",
        str(SCRATCH_BYTES),
        "--tmpfs",
        "/scratch",
        "--chdir",
        "/scratch",
    ]
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


def command(lesson: Lesson, workdir: Path, chosen: Isolation, places: Places | None = None) -> list[str]:
    """The command that starts the server for `lesson` in the folder `prepare` laid out."""
    places = places or {}
    python = sys.executable
    if chosen.sandboxed:
        user = NOBODY if os.geteuid() == 0 else None
        instructions = job(lesson, "/submission", "/course", user, places)
        start = [*_bubblewrap_arguments(workdir), python, "-I", "-B", "/course/wire.py"]
    else:
        instructions = job(lesson, str(workdir / "submission"), str(workdir / "course"), None, places)
        start = [python, "-I", "-B", str(workdir / "course" / "wire.py")]
    return [*start, json.dumps(instructions)]


def environment(workdir: Path) -> dict[str, str]:
    """The whole environment of a student's process outside a sandbox."""
    scratch = str(workdir / "scratch")
    return {**ENVIRONMENT, "HOME": scratch, "TMPDIR": scratch}
