"""The course as a user installs it: a wheel, into a fresh environment, used from any folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from fashion_course.lessons import LESSONS
from fashion_course.workspace import ROOT, SOLUTIONS


def metadata(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return archive.read(name).decode().splitlines()


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

    declared = [line.split(":", 1)[1].strip() for line in metadata(wheel) if line.startswith("Requires-Dist:")]
    project = pytest.importorskip("tomllib").loads((ROOT / "pyproject.toml").read_text())["project"]
    assert sorted(d.split(";")[0] for d in declared if "extra ==" not in d) == sorted(
        d.split("#")[0].strip() for d in project["dependencies"]
    )  # the wheel asks for what the project needs, so pip installs it

    # A fresh environment holding the wheel; the packages it depends on are this environment's,
    # seen through a path file (installing them again would copy the same files for a minute).
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    (site,) = venv.glob("lib/python*/site-packages")
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    python = str(venv / "bin" / "python")
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", str(wheel)]
    subprocess.run(pip, check=True)
    environment = {
        key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")
    }
    environment["COLUMNS"] = "200"
    where = subprocess.run(
        [python, "-c", "import fashion_course; print(fashion_course.__file__)"],
        capture_output=True, text=True, cwd=tmp_path, env=environment,
    )  # fmt: skip
    assert Path(where.stdout.strip()).is_relative_to(site), where.stdout + where.stderr

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
