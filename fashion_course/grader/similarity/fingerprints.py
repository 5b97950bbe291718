"""A function's executed code as fingerprints (MOSS's method): each run of `K` consecutive tokens
(a k-gram) hashed, the smallest hash of every `WINDOW` consecutive ones kept (winnowing), and
which tokens of one side lie in a k-gram the other side has."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from fashion_course.grader.similarity.constants import WINDOW, K


@dataclass
class Executed:
    """What a lesson function executes, normalised: its tokens, where each comes from (file, first
    line, last line), and the source to show: (file, first line, last line, title), in order."""

    tokens: list[str] = field(default_factory=list)
    places: list[tuple[str, int, int]] = field(default_factory=list)
    spans: list[tuple[str, int, int, str]] = field(default_factory=list)
    _hashes: list[int] | None = field(default=None, repr=False)
    _fingerprints: set[int] | None = field(default=None, repr=False)

    @property
    def hashes(self) -> list[int]:
        """The hash of the k-gram starting at each token."""
        if self._hashes is None:
            ids = [_token_id(token) for token in self.tokens]
            self._hashes = [hash(tuple(ids[i : i + K])) for i in range(len(ids) - K + 1)]
        return self._hashes

    @property
    def fingerprints(self) -> set[int]:
        """The winnowed hashes: the smallest of every WINDOW consecutive k-grams (the rightmost
        on a tie), as MOSS keeps them."""
        if self._fingerprints is None:
            hashes, chosen = self.hashes, set()
            if 0 < len(hashes) <= WINDOW:
                chosen.add(min(hashes))
            for start in range(len(hashes) - WINDOW + 1):
                window = hashes[start : start + WINDOW]
                chosen.add(min(window))
            self._fingerprints = chosen
        return self._fingerprints


_TOKEN_IDS: dict[str, int] = {}


def _token_id(token: str) -> int:
    """A token as a number that is the same in every process (a str's hash is not)."""
    found = _TOKEN_IDS.get(token)
    if found is None:
        found = _TOKEN_IDS[token] = zlib.crc32(token.encode("utf-8", "surrogatepass"))
    return found


def spread(side: Executed, other: set[int], leave_out: set[int] = frozenset()) -> list[bool]:
    """Which of `side`'s tokens lie in a k-gram whose hash is in `other` and not in `leave_out`."""
    matched, until = [False] * len(side.tokens), 0
    for start, value in enumerate(side.hashes):
        if value in other and value not in leave_out:
            until = start + K
        if start < until:
            matched[start] = True
    for index in range(len(side.hashes), min(until, len(side.tokens))):
        matched[index] = True
    return matched
