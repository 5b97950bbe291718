"""Shared set-up of the autograder's checks.

Each check module grades one lesson; its `student` fixture is that lesson's module, loaded from
the folder named by `COURSE_IMPL` (default: the reference solutions), with earlier lessons taken
from the reference solutions. Each check is marked with the function it grades and, when it
needs more than the default, its time limit:

    @pytest.mark.grades("preprocess")
    @pytest.mark.grades("train", timeout=60)

Run the checks on your own files with `course check N`, or with pytest:
`COURSE_IMPL=exercises pytest tests/checks/test_lesson1_data.py`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fashion_course.lessons import LESSONS
from fashion_course.sandbox import check_time_limit, time_limit
from fashion_course.workspace import ROOT, SOLUTIONS, load_lesson


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "grades(function, timeout=10): the lesson function a check grades")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    with time_limit(check_time_limit(item)):
        return (yield)


@pytest.fixture(scope="module")
def student(request: pytest.FixtureRequest):
    """The lesson module under test: the one whose checks are in the requesting file."""
    file_name = Path(request.module.__file__).name
    lesson = next(lesson for lesson in LESSONS if lesson.check_file == file_name)
    directory = Path(os.environ.get("COURSE_IMPL") or SOLUTIONS)
    return load_lesson(lesson, directory if directory.is_absolute() else ROOT / directory, SOLUTIONS)
