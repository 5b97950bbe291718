"""Helpers for the project's own tests: run `course`, write variants of lessons, serve a folder."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from fashion_course.lessons import Lesson
from fashion_course.workspace import SOLUTIONS

FULL_DATA = os.environ.get("FASHION_MNIST_DIR")
needs_full_data = pytest.mark.skipif(not FULL_DATA, reason="FASHION_MNIST_DIR is not set (CI sets it)")


def run_course(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """Run `course ARGS` as a user would, in a fresh process; returns its exit code and output."""
    return subprocess.run(
        [sys.executable, "-m", "fashion_course", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
    )


def write_variant(folder: Path, lesson: Lesson, code: str) -> Path:
    """The reference solution of `lesson` with `code` appended (later definitions win), in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / lesson.file_name
    path.write_text((SOLUTIONS / lesson.file_name).read_text() + "\n\n" + code)
    return path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1 while the block runs; yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
