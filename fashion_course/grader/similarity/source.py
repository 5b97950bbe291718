"""What a student's submission holds for a lesson: the Python of the file graded, and the other
`.py` files of their folder that it imports (`LessonCode`)."""

from __future__ import annotations

import re
from pathlib import Path

from fashion_course.grader.similarity.constants import MAX_SOURCE_CHARS
from fashion_course.lessons import LESSONS, Lesson
from fashion_course.submission import NOTEBOOK, PYTHON, NotebookError, Submission, choose_file


class LessonCode(str):
    """The Python of a student's lesson file (this string), with the other top-level `.py` files of
    their folder it imports, directly or through one another: `modules`, file name -> text."""

    modules: dict[str, str]

    def __new__(cls, text: str, modules: dict[str, str] | None = None) -> LessonCode:
        code = super().__new__(cls, text)
        code.modules = dict(modules or {})
        return code


def lesson_source(submission: Submission, lesson: Lesson, stubs: Path) -> LessonCode:
    """What a student's submission holds for `lesson`, from the bytes read: the Python of the file
    graded (`choose_file`; a notebook's code cells as its lesson file), "" when there is none;
    with the other `.py` files of the folder that it imports (`LessonCode.modules`)."""
    name = choose_file(submission, lesson).file.name
    if name not in submission.files:
        return LessonCode("")
    if name.endswith(NOTEBOOK):
        try:
            text = submission.notebook_lesson(name, (stubs / lesson.file_name).read_text()).text
        except NotebookError:
            return LessonCode("")
    else:
        text = submission.files[name].data.decode("utf-8", errors="replace")
    lesson_files = {other.file_name for other in LESSONS}
    helpers = {
        file: submission.files[file].data.decode("utf-8", errors="replace")
        for file in submission.files
        if file.endswith(PYTHON) and file not in lesson_files
    }
    return LessonCode(text, imported(text, helpers))


def imported(text: str, helpers: dict[str, str]) -> dict[str, str]:
    """The files of `helpers` (file name -> text) whose module `text` names, directly or through
    the files it names, within `MAX_SOURCE_CHARS` characters with `text`."""
    found: dict[str, str] = {}
    budget, todo = MAX_SOURCE_CHARS - len(text), [text]
    while todo:
        words = set(re.findall(r"\w+", todo.pop()))
        for file, helper in sorted(helpers.items()):
            if file not in found and file[: -len(PYTHON)] in words and len(helper) <= budget:
                found[file], budget = helper, budget - len(helper)
                todo.append(helper)
    return found
