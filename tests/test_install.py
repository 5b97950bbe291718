"""The course as a user installs it: a wheel, into a fresh environment, used from any folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from fashion_course.lessons import LESSONS
from fashion_course.workspace import ROOT, SOLUTIONS


def test_the_wheel_carries_the_course_and_works_from_any_folder(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT), "-w", str(dist)], check=True
    )
    (wheel,) = dist.glob("*.whl")
    inside = set(zipfile.ZipFile(wheel).namelist())
    for lesson in LESSONS:
        for folder, name in (
            ("exercises", lesson.file_name),
            ("solutions", lesson.file_name),
            ("checks", lesson.check_file),
            ("pages", lesson.file_name),  # what the exercise notebooks are made from
        ):
            assert f"fashion_course/course/{folder}/{name}" in inside
    assert "fashion_course/course/checks/conftest.py" in inside

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], check=True)
    environment = {
        key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")
    }
    environment["COLUMNS"] = "200"

    def course(*args: str, cwd: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(venv / "bin" / "course"), *args], capture_output=True, text=True, cwd=cwd, env=environment
        )

    elsewhere = tmp_path / "elsewhere"  # outside the repository
    elsewhere.mkdir()
    assert course("init", cwd=elsewhere).returncode == 0
    workspace = elsewhere / "fashion-course"
    stubs = course("check", "1", cwd=workspace)
    assert stubs.returncode == 1 and stubs.stdout.count("not started") == 4, stubs.stdout + stubs.stderr
    shutil.copyfile(SOLUTIONS / LESSONS[0].file_name, workspace / LESSONS[0].file_name)
    solved = course("check", "1", cwd=workspace)
    assert solved.returncode == 0 and "4 of 4 functions pass" in solved.stdout, solved.stdout + solved.stderr
    trained = course("run", "binary", "--data", "sample", cwd=workspace)
    assert trained.returncode == 0 and "test accuracy" in trained.stdout, trained.stderr
    assert course("init", "second", "--notebooks", cwd=elsewhere).returncode == 0
    listed = course("list", cwd=elsewhere / "second")  # a workspace of notebooks, made from the wheel
    assert listed.returncode == 0 and listed.stdout.count("not started") == len(LESSONS), listed.stdout
    assert sorted(p.suffix for p in (elsewhere / "second").glob("lesson*")) == [".ipynb"] * len(LESSONS)
