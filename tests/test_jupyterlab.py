"""A real client: JupyterLab on 127.0.0.1, a generated exercise notebook opened in headless Chromium,
every cell run, and the rendered verdict tables found in the page.

Lesson 5's notebook, with the reference pasted into its exercise cells, as a student would: the
check of `he_init` shows a passing row, the other two (not yet run) say not started; the `%%yours`
cell after the last check shows the chapter's layer statistics with the student's functions beside
the reference's, side by side at 1280 px and one above the other at 390 px. Lesson 6's exercise cells with the
reference pasted in, and its own run of the original challenge (shortened): the figure and the
table render, and then, at 390 px (JupyterLab's narrow layout, a phone), the verdict of an
`adam_step` without bias correction wraps its message within the width. Screenshots (lesson 5's
first verdict and lesson 6's run at 1280 px, the verdict at 390 px) go to `COURSE_SCREENSHOTS`
and the `%%yours` cell at both widths (when set) for a person to look at. Skips where JupyterLab, Playwright or Chromium is missing.
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
from test_notebooks import SHORT_RUNS, exercises_only, reference_answers

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
    answers = reference_answers(lesson)  # the first, he_init, with the reference's helpers
    for cell in notebook.cells:
        if cell.metadata.get("course", {}).get("function") in answers:
            cell.source = answers[cell.metadata["course"]["function"]]
    nbformat.write(notebook, path)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        run_all(page, playwright, url, token, path.name)
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
        assert first.locator("tr.course-passed code").all_text_contents() == [
            "he_init"
        ]  # its check: he_init's
        others = first.locator(".course-others .course-not-started").all_text_contents()
        assert [text.split()[0] for text in others] == ["xavier_init", "activation_stats"]  # in one line
        assert "Next:" in first.text_content()
        beside = page.locator(".jp-OutputArea-output .course-yours-beside")  # the %%yours cell, last
        beside.first.wait_for(state="attached", timeout=RUN_SECONDS * 1000)
        assert beside.count() == 1 and "exactly what it gives" in beside.text_content()
        for width in (1280, 390):
            if width == 390:
                narrow(page)
            for _ in range(3):
                beside.evaluate(SCROLL_TO_VERDICT)
                page.wait_for_timeout(400)
            page.screenshot(path=str(shots / f"jupyterlab-lesson5-yours-{width}.png"))
            mine, reference = (beside.locator(f".course-yours-{who}").bounding_box() for who in ("mine", "reference"))
            if width == 1280:  # side by side
                assert abs(mine["y"] - reference["y"]) < 1 and mine["x"] + mine["width"] <= reference["x"]
            else:  # one above the other, each within the window
                assert reference["y"] >= mine["y"] + mine["height"] - 1 and reference["x"] + reference["width"] <= width
        browser.close()


# Adam without its bias corrections: a classic mistake, with a long message to wrap.
UNCORRECTED_ADAM = """def adam_step(params, grads, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    state["t"] += 1
    for key in params:
        g = grads["d" + key]
        state["m"][key] = beta1 * state["m"][key] + (1 - beta1) * g
        state["v"][key] = beta2 * state["v"][key] + (1 - beta2) * g * g
        params[key] -= lr * state["m"][key] / (state["v"][key] ** 0.5 + eps)
    return params, state
"""
# The width of the narrow verdict's message row, against the verdict's own.
WIDTHS = """
verdict => {
  const message = verdict.querySelector("tr.course-message td[colspan]");
  return [message.getBoundingClientRect().width, verdict.getBoundingClientRect().width,
          verdict.scrollWidth, verdict.clientWidth, document.documentElement.clientWidth];
}
"""


def test_lesson_6_s_own_run_renders_and_a_verdict_wraps_at_390_px(jupyterlab):
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    if not CHROMIUM:
        pytest.skip("no Chromium: install Debian's chromium package (.ci/run does)")
    folder, url, token = jupyterlab
    lesson = find_lesson(6)
    notebook = exercises_only(lesson, reference_answers(lesson), own_run=True)
    notebook.cells[1].source = SHORT_RUNS.replace(
        "'mlp-sgd': 1, 'mlp-adam': 1", "'mlp-sgd': 4, 'mlp-adam': 4"
    )
    notebook.cells += [
        nbformat.v4.new_code_cell(UNCORRECTED_ADAM),
        nbformat.v4.new_code_cell('check("adam_step")'),
    ]
    path = folder / f"{lesson.module_name}.ipynb"
    nbformat.write(notebook, path)
    shots = Path(os.environ.get("COURSE_SCREENSHOTS") or folder)
    shots.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        run_all(page, playwright, url, token, path.name)
        verdicts = page.locator(".jp-OutputArea-output .course-verdicts")
        deadline = time.monotonic() + RUN_SECONDS
        while verdicts.count() < len(lesson.functions) + 1 and time.monotonic() < deadline:
            page.wait_for_timeout(500)
        if verdicts.count() != len(lesson.functions) + 1:
            page.screenshot(path=str(shots / "jupyterlab-lesson6-failed.png"))
        assert verdicts.count() == len(lesson.functions) + 1, f"{verdicts.count()} verdict tables rendered"
        run = page.locator(".jp-OutputArea-output .course-your-run")
        assert run.count() == 1
        assert run.locator("img").count() == 2
        assert run.locator("tr.course-run-yours").count() == 2  # mlp-sgd and mlp-adam
        assert "agree at all" in run.text_content()
        for _ in range(3):  # the notebook scrolls in a panel of its own, and renders what comes into view
            run.evaluate(SCROLL_TO_VERDICT)
            page.wait_for_timeout(400)
        page.screenshot(path=str(shots / "jupyterlab-lesson6-own-run-1280.png"))
        narrow(page)
        last = verdicts.last
        for _ in range(3):
            last.evaluate(SCROLL_TO_VERDICT)
            page.wait_for_timeout(400)
        page.screenshot(path=str(shots / "jupyterlab-verdict-390.png"))
        message, verdict, scrolled, shown, window = last.evaluate(WIDTHS)
        assert last.locator("tr.course-failed code").all_text_contents() == ["adam_step"]
        assert scrolled <= shown and verdict <= window, (scrolled, shown, verdict, window)
        assert message >= 0.75 * verdict, (message, verdict)  # the message has the width, not a sliver
        browser.close()


def narrow(page) -> None:
    """The window at a phone's 390 px, the file browser closed as a phone user would."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("menuitem", name="View", exact=True).click()
    page.get_by_text("Appearance", exact=True).click()
    page.get_by_text("Show Left Sidebar", exact=True).click()
    page.wait_for_timeout(1000)


def run_all(page, playwright, url: str, token: str, name: str) -> None:
    """Open the notebook `name` in a workspace of its own (no tab of another test's notebook, no
    kernel shared with it) and run all its cells, once the kernel is idle."""
    workspace = Path(name).stem.replace("_", "-")
    page.goto(f"{url}/lab/workspaces/{workspace}/tree/{name}?reset&token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=START_SECONDS * 1000)
    choose = page.locator(".jp-Dialog", has_text="Select Kernel")  # a notebook seen before may ask
    page.get_by_text("Python 3 (ipykernel) | Idle").or_(choose).first.wait_for(timeout=START_SECONDS * 1000)
    ran = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputPrompt", has_text="[1]:")
    for _ in range(4):  # a click while the kernel connects can be lost: try again until a cell runs
        if choose.count():  # its default is a new Python 3 kernel
            choose.get_by_role("button", name="Select", exact=True).click()
            page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=START_SECONDS * 1000)
        try:
            page.get_by_role("menuitem", name="Run", exact=True).click(timeout=10_000)
            page.get_by_text("Run All Cells", exact=True).click(timeout=10_000)
            ran.first.wait_for(state="attached", timeout=15_000)
            break
        except playwright.Error:
            if not choose.count():
                page.keyboard.press("Escape")  # a menu left open
