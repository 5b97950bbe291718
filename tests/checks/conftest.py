"""Shared set-up of the autograder's checks.

Each check module grades one lesson. Its `student` fixture stands for that lesson's module in
the folder named by `COURSE_IMPL` (default: the reference solutions), run in its own sandboxed
process (`fashion_course.grader.proxy`), with the earlier lessons it imports taken from the
reference solutions. Each check is marked with the function it grades; its time limit is that
function's in the lesson registry:

    @pytest.mark.grades("preprocess")

Run the checks on your own files with `course check N`, or with pytest:
`COURSE_IMPL=exercises pytest tests/checks/test_lesson1_data.py`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from fashion_course.grader import proxy
from fashion_course.grader.recorder import graded_function, lesson_of
from fashion_course.lessons import LESSONS
from fashion_course.workspace import SOLUTIONS


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "grades(function): the lesson function a check grades")


def pytest_sessionfinish(session: pytest.Session) -> None:
    proxy.close_all()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    with proxy.time_limit(lesson_of(item).time_limit(graded_function(item))):
        return (yield)


@pytest.fixture(scope="module")
def student(request: pytest.FixtureRequest) -> Iterator[proxy.StudentModule]:
    """The lesson module under test: the one whose checks are in the requesting file; its
    process is stopped when the file's checks are done."""
    file_name = Path(request.module.__file__).name
    lesson = next(lesson for lesson in LESSONS if lesson.check_file == file_name)
    module = proxy.open_lesson(lesson, Path(os.environ.get("COURSE_IMPL") or SOLUTIONS).resolve())
    problem = module.wait_until_imported()
    if problem:
        pytest.fail(f"{lesson.file_name} does not import: {problem}", pytrace=False)
    yield module
    proxy.close(module)
