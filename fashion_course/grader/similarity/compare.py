"""Comparing what students' lesson functions execute: a student's against the reference's, and
two students' beyond the reference and the class's common code, the thresholds applied; one
lesson's flags (`Pair`s). The pairs to compare are found through an inverted index of the
winnowed fingerprints, never by comparing all pairs; students whose normalised code is identical
are compared once."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from fashion_course.grader.similarity.constants import (
    COMMON_PROGRAMS,
    FUNCTION_TOKENS,
    MIN_TOKENS,
    OWN_SHARE,
    REFERENCE,
    SAME_FUNCTION,
    SAME_SHARE,
    WINDOW,
    K,
)
from fashion_course.grader.similarity.fingerprints import spread
from fashion_course.grader.similarity.normalise import Program
from fashion_course.lessons import Lesson


@dataclass(frozen=True)
class Pair:
    """A flag: `first` (a student) and `second` (another student, or `REFERENCE`) share `score`
    of their code for `lesson`, and `functions` are the ones that are mostly the same."""

    lesson: int
    first: str
    second: str  # a student, or REFERENCE
    # against the reference: the share of the reference's code (for the functions the student
    # wrote) found in the student's; between students: the larger share of a side's code,
    # beyond the reference, found in the other's
    score: float
    functions: tuple[str, ...]  # the functions that are mostly the same code


@dataclass
class _Sides:
    """Tokens matched and compared on each side, in all, and the functions mostly matched."""

    matched: list[int] = field(default_factory=lambda: [0, 0])
    total: list[int] = field(default_factory=lambda: [0, 0])
    functions: list[str] = field(default_factory=list)


def _against_reference(mine: Program, reference: Program) -> _Sides:
    """Tokens of the student's (side 0) and the reference's (side 1) that the other has, over the
    functions the student wrote; those shorter than `FUNCTION_TOKENS` are named, never counted."""
    sides = _Sides()
    for name, executed in mine.functions.items():
        theirs = reference.functions.get(name)
        if theirs is None:
            continue
        found = sum(spread(theirs, set(executed.hashes)))
        if found >= SAME_FUNCTION * len(theirs.tokens) > 0:
            sides.functions.append(name)
        if len(theirs.tokens) < FUNCTION_TOKENS:
            continue
        sides.matched[0] += sum(spread(executed, set(theirs.hashes)))
        sides.matched[1] += found
        sides.total[0] += len(executed.tokens)
        sides.total[1] += len(theirs.tokens)
    return sides


def _flag_against_reference(sides: _Sides) -> float | None:
    """The score when the student's lesson is flagged: the share of the reference's code found."""
    own, found = sides.matched
    own_total, reference_total = sides.total
    if found < MIN_TOKENS or found < SAME_SHARE * reference_total or own < OWN_SHARE * own_total:
        return None
    return found / reference_total


def _between(first: Program, second: Program, excluded: dict[str, set[int]]) -> _Sides:
    """Tokens of each side that the other has, beyond the k-grams `excluded` for each function
    (the reference's, and the class's common code): those are neither matched nor counted."""
    sides = _Sides()
    for name, mine in first.functions.items():
        theirs = second.functions.get(name)
        if theirs is None:
            continue
        leave_out = excluded.get(name, frozenset())
        counts = []
        for side, other in ((mine, theirs), (theirs, mine)):
            beyond = [not common for common in spread(side, leave_out)]
            matched = spread(side, set(other.hashes), leave_out)
            counts.append((sum(m and b for m, b in zip(matched, beyond, strict=True)), sum(beyond)))
        shares = sorted(matched / total if total else 0.0 for matched, total in counts)
        if shares[1] >= SAME_FUNCTION and shares[0] >= OWN_SHARE:
            sides.functions.append(name)
        if min(counts[0][1], counts[1][1]) < FUNCTION_TOKENS:
            continue
        for index, (matched, total) in enumerate(counts):
            sides.matched[index] += matched
            sides.total[index] += total
    return sides


def _flag_between(sides: _Sides) -> float | None:
    """The pair's score when it is flagged: the larger share of a side's code (beyond the
    reference) found in the other's, when it is at least `SAME_SHARE`, the smaller at least
    `OWN_SHARE`, and each side has `MIN_TOKENS` matched."""
    if min(sides.matched) < MIN_TOKENS:
        return None
    shares = sorted(matched / total for matched, total in zip(sides.matched, sides.total, strict=True))
    return shares[1] if shares[1] >= SAME_SHARE and shares[0] >= OWN_SHARE else None


def _identity(found: Program) -> tuple:
    return tuple((name, tuple(executed.tokens)) for name, executed in sorted(found.functions.items()))


def lesson_flags(
    programs: dict[str, Program], reference: Program, lesson: Lesson
) -> tuple[list[Pair], list[Pair], dict[str, set[int]]]:
    """The flags of one lesson: students against the reference, and pairs of students (through
    an inverted index of their fingerprints beyond the reference and the common code); and the
    k-grams left out between students, by function."""
    against = []
    for student, found in programs.items():
        score = _flag_against_reference(sides := _against_reference(found, reference))
        if score is not None:
            against.append(Pair(lesson.number, student, REFERENCE, round(score, 3), tuple(sides.functions)))
    groups: dict[tuple, list[str]] = defaultdict(list)  # students whose normalised code is identical
    for student, found in programs.items():
        groups[_identity(found)].append(student)
    leaders = {students[0]: students for students in groups.values()}
    excluded = {name: set(executed.hashes) for name, executed in reference.functions.items()}
    if len(leaders) > COMMON_PROGRAMS:  # MOSS's -m: what many write alike is no evidence
        seen: dict[str, Counter] = defaultdict(Counter)
        for leader in leaders:
            for name, executed in programs[leader].functions.items():
                seen[name].update(set(executed.hashes))
        for name, counts in seen.items():
            excluded.setdefault(name, set()).update(h for h, count in counts.items() if count > COMMON_PROGRAMS)
    index: dict[tuple[str, int], list[str]] = defaultdict(list)
    for leader in leaders:
        for name, executed in programs[leader].functions.items():
            for value in executed.fingerprints - excluded.get(name, set()):
                index[(name, value)].append(leader)
    candidates: Counter = Counter()
    for sharing in index.values():
        if len(sharing) > 1:
            candidates.update(combinations(sharing, 2))
    needed = max(1, MIN_TOKENS // (WINDOW + K))  # a shared run of WINDOW + K - 1 tokens gives one
    checks = [pair for pair, count in candidates.items() if count >= needed]
    checks += [(leader, leader) for leader, students in leaders.items() if len(students) > 1]
    between = []
    for first, second in checks:
        score = _flag_between(sides := _between(programs[first], programs[second], excluded))
        if score is None:
            continue
        if first == second:
            members = combinations(leaders[first], 2)
        else:
            members = ((a, b) for a in leaders[first] for b in leaders[second])
        for a, b in members:
            a, b = sorted((a, b))
            between.append(Pair(lesson.number, a, b, round(score, 3), tuple(sides.functions)))
    return against, between, excluded
