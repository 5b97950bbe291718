"""The copy report: each student's lessons read once, each lesson's flags, ranked; for one lesson
(`similar_pairs`) or a class (`class_report`, a `Report`)."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from fashion_course.grader.similarity.compare import Pair, lesson_flags
from fashion_course.grader.similarity.normalise import Program, program
from fashion_course.lessons import LESSONS, Lesson, find_lesson


def _programs(sources: dict[str, str], lesson: Lesson, cache: dict) -> dict[str, Program]:
    """Each student's lesson read (`program`), the same files read once; those with no function
    written, or not to be compared, left out."""
    found = {}
    for student, code in sorted(sources.items()):
        key = (lesson.number, str(code), tuple(sorted(getattr(code, "modules", {}).items())))
        if key not in cache:
            cache[key] = program(code, lesson)
        if cache[key] is not None and cache[key].functions:
            found[student] = cache[key]
    return found


def similar_pairs(sources: dict[str, str], reference: str, lesson: Lesson) -> list[Pair]:
    """The flags of one lesson among `sources` (student -> the lesson's `LessonCode`, or its text):
    pairs of students first, best first, then students against the reference; a student whose
    lesson is not to be compared (`program`) is in none."""
    against, between, _ = lesson_flags(_programs(sources, lesson, {}), _reference(reference, lesson.number), lesson)
    return [*_ranked(between), *sorted(against, key=lambda p: p.first)]


@functools.lru_cache(maxsize=2 * len(LESSONS))
def _reference(text: str, number: int) -> Program:
    """The reference solution of lesson `number`, read (once per process)."""
    return program(text, find_lesson(number)) or Program({}, {})


def _ranked(pairs: list[Pair]) -> list[Pair]:
    return sorted(pairs, key=lambda p: (-p.score, p.first, p.second, p.lesson))


@dataclass
class Report:
    """The copy report of a class: pairs of students who share code beyond the reference (best
    first), students whose code matches the reference (by student, then lesson), how many
    students were compared, and what the HTML page shows: the flagged students' `Program`s, by
    (student, lesson), and the reference's, by lesson."""

    pairs: list[Pair]
    reference: list[Pair]
    students: int
    programs: dict[tuple[str, int], Program] = field(default_factory=dict, repr=False)
    references: dict[int, Program] = field(default_factory=dict, repr=False)
    excluded: dict[int, dict[str, set[int]]] = field(default_factory=dict, repr=False)  # `lesson_flags`'s

    @property
    def rows(self) -> list[Pair]:
        """Every flag, as the CSV lists them: the pairs of students first, best first."""
        return [*self.pairs, *self.reference]

    def copied_reference(self) -> dict[str, list[Pair]]:
        """Each student whose code matches the reference -> those flags, by lesson."""
        found: dict[str, list[Pair]] = defaultdict(list)
        for pair in self.reference:
            found[pair.first].append(pair)
        return dict(found)

    def student_pairs(self) -> list[tuple[str, str, list[Pair]]]:
        """The pairs of students, each once with its flags by lesson, the best score first."""
        by_pair: dict[tuple[str, str], list[Pair]] = defaultdict(list)
        for pair in self.pairs:
            by_pair[(pair.first, pair.second)].append(pair)
        ranked = sorted(by_pair.items(), key=lambda item: (-max(p.score for p in item[1]), -len(item[1]), item[0]))
        return [(a, b, sorted(flags, key=lambda p: p.lesson)) for (a, b), flags in ranked]


def class_report(sources: dict[str, dict[int, str]], lessons: list[Lesson], references: dict[int, str]) -> Report:
    """The copy report of a class: `sources`, student -> lesson number -> that lesson's
    `LessonCode` (or text); `references`, lesson number -> the reference solution's text."""
    report, cache = Report([], [], len(sources)), {}
    for lesson in lessons:
        texts = {student: by_lesson.get(lesson.number, "") for student, by_lesson in sources.items()}
        programs = _programs(texts, lesson, cache)
        reference = report.references[lesson.number] = _reference(references[lesson.number], lesson.number)
        against, between, report.excluded[lesson.number] = lesson_flags(programs, reference, lesson)
        report.reference += against
        report.pairs += between
        for student in {p.first for p in [*against, *between]} | {p.second for p in between}:
            report.programs[(student, lesson.number)] = programs[student]
    report.pairs = _ranked(report.pairs)
    report.reference.sort(key=lambda p: (p.first, p.lesson))
    return report
