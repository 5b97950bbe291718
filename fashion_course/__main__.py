"""`python -m fashion_course` runs the `course` command."""

from fashion_course.cli import app

app(prog_name="course")
