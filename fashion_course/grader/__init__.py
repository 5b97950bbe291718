"""The autograder, in two processes: trusted checks, and the student's code in a sandbox.

grading    grade(lessons, folder): runs the checker, turns its events into reports
checker    the trusted process: runs the checks (pytest) against a proxy of the lesson
proxy      `student` for the checks: calls that cross to the student's process, with time limits
wire       the plain-data format both sides speak, and the student side's server
sandbox    the student's private folder, limits and isolation (bubblewrap where available)
expect     what the checks assert with, and the messages they give
gradebook  a class: every submission, a row as each finishes, resumable
recorder   the checker's pytest plugin: each check's outcome as an event
similarity the copy report: what each lesson function executes, fingerprinted, against the
           reference and between students
"""

from fashion_course.grader.grading import OUTCOMES, LessonReport, Verdict, grade

__all__ = ["OUTCOMES", "LessonReport", "Verdict", "grade"]
