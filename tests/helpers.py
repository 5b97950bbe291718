"""Helpers for the project's own tests: run `course`, write variants of lessons, serve a folder, read a PNG."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest

from fashion_course.lessons import Lesson
from fashion_course.workspace import SOLUTIONS

FULL_DATA = os.environ.get("FASHION_MNIST_DIR")
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")  # IPython and mkdocs colour their tracebacks
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


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that drops a connection mid-response is not an error worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1 while the block runs; yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class PngMetadata(NamedTuple):
    text: dict[str, str]  # the tEXt chunks, keyword to value
    dpi: int | None  # from the pHYs chunk, when it counts pixels per metre


def png_metadata(png: bytes) -> PngMetadata:
    """The text and the resolution a PNG file declares; ValueError when the bytes are not a PNG."""
    if not png.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG")
    text, dpi, position = {}, None, len(PNG_SIGNATURE)
    while position + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        body = png[position + 8 : position + 8 + length]
        if kind == b"tEXt":
            keyword, _, value = body.partition(b"\0")
            text[keyword.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"pHYs":
            pixels_per_unit_x, _, unit = struct.unpack(">IIB", body)
            if unit == 1:  # the metre
                dpi = round(pixels_per_unit_x * 0.0254)
        elif kind == b"IEND":
            break
        position += 12 + length  # length, kind, body, CRC
    return PngMetadata(text, dpi)


@contextmanager
def chromium_page(width: int) -> Iterator:
    """A page of a headless Chromium `width` px wide, for a page the test wrote to disk (skips
    the test without Playwright or Debian's Chromium)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("no Chromium: install Debian's chromium package (.ci/run does)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield browser.new_page(viewport={"width": width, "height": 900})
        finally:
            browser.close()
