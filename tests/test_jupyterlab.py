"""A real client: JupyterLab on 127.0.0.1, a generated exercise notebook opened in headless Chromium,
every cell run, and the rendered verdict tables found in the page.

Lesson 5's notebook, with the reference `he_init` pasted into its exercise cell, as a student would:
its check shows a passing row, the other two say not started. A 1280 px screenshot of the first
verdict goes to `COURSE_SCREENSHOTS` (when set) for a person to look at. Skips where JupyterLab,
Playwright or Chromium is missing.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from test_docs import CHROMIUM, CHROMIUM_FLAGS
from test_notebooks import reference_answers

from fashion_course.lessons import find_lesson
from fashion_course.notebook.build import write_notebook

START_SECONDS = 60
# Scroll the notebook's own panel until the verdict sits a third of the way down the window.
SCROLL_TO_VERDICT = """
table => {
  const panel = table.closest(".jp-WindowedPanel-outer") || document.scrollingElement;
  panel.scrollTop += table.getBoundingClientRect().top - window.innerHeight / 3;
}
"""
RUN_SECONDS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    pytest.importorskip("jupyterlab", reason="JupyterLab is not installed (pip install -e '.[dev]')")
    folder = tmp_path_factory.mktemp("lab")
    port, token = free_port(), secrets.token_hex(16)
    settings = folder / ".settings"  # no news or update prompts over the notebook
    (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}'
    )
    server = subprocess.Popen(
        [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={folder}",
            f"--LabApp.user_settings_dir={settings}", "--ServerApp.port_retries=0", "--allow-root",
        ],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "JUPYTER_CONFIG_DIR": str(folder / ".jupyter")},
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("JupyterLab did not start on 127.0.0.1")
            time.sleep(0.5)
    yield folder, url, token
    server.terminate()
    server.wait(timeout=20)


def test_a_notebook_checked_in_jupyterlab_shows_its_verdict_table(jupyterlab):
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    if not CHROMIUM:
        pytest.skip("no Chromium: install Debian's chromium package (.ci/run does)")
    folder, url, token = jupyterlab
    lesson = find_lesson(5)
    path = write_notebook(lesson, folder)
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.metadata.get("course", {}).get("function") == "he_init":
            cell.source = reference_answers(lesson)["he_init"]  # with its helper
    nbformat.write(notebook, path)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{url}/lab/tree/{path.name}?token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=START_SECONDS * 1000)
        page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=START_SECONDS * 1000)
        ran = page.locator(".jp-InputPrompt", has_text="[1]:")
        for _ in range(3):  # a click while the kernel connects can be lost: try again until a cell runs
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_text("Run All Cells", exact=True).click()
            try:
                ran.first.wait_for(state="attached", timeout=15_000)
                break
            except playwright.Error:
                pass
        tables = page.locator(".jp-OutputArea-output .course-verdicts")
        deadline = time.monotonic() + RUN_SECONDS
        while tables.count() < len(lesson.functions) and time.monotonic() < deadline:
            page.wait_for_timeout(500)
        if tables.count() != len(lesson.functions):
            page.screenshot(
                path=str(Path(os.environ.get("COURSE_SCREENSHOTS", folder)) / "jupyterlab-failed.png")
            )
        assert tables.count() == len(lesson.functions), f"{tables.count()} verdict tables rendered"
        first = tables.first
        shots = Path(os.environ.get("COURSE_SCREENSHOTS") or folder)
        shots.mkdir(parents=True, exist_ok=True)
        for _ in range(3):  # the notebook scrolls in a panel of its own, and renders what comes into view
            first.evaluate(SCROLL_TO_VERDICT)
            page.wait_for_timeout(400)
        page.screenshot(path=str(shots / "jupyterlab-lesson5-check-1280.png"))
        assert first.locator("tr.course-passed code").all_text_contents() == ["he_init"]
        assert first.locator("tr.course-not-started code").all_text_contents() == [
            "xavier_init",
            "activation_stats",
        ]
        assert "Next:" in first.text_content()
        browser.close()
