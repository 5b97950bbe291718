"""The site: it builds strictly, works offline, and every page renders in a real browser.

The build executes every lesson page (on the bundled sample); the browser test serves the built
site on 127.0.0.1 and opens every page in headless Chromium (Debian's `chromium`, driven by
Playwright). Where mkdocs, Playwright or Chromium is missing, the tests skip and say so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from helpers import serve_folder

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LESSONS = [p.stem for p in sorted((ROOT / "docs" / "lessons").glob("*.py"))]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    pytest.importorskip("mkdocs", reason="the docs tools are not installed (pip install -e '.[dev]')")
    if not (ROOT / "docs" / "results" / "full" / "results.md").exists():
        pytest.fail("docs/results/full is missing: run `course plots` on the full data and commit it")
    out = tmp_path_factory.mktemp("site")
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    print(f"mkdocs build --strict took {time.perf_counter() - start:.0f} s")
    return out


def pages_of(site: Path) -> list[str]:
    return sorted(
        str(p.parent.relative_to(site)).replace(".", "")
        for p in site.rglob("index.html")
        if "assets" not in p.parts
    )


def test_every_lesson_is_a_page_with_its_notebook(site):
    for lesson in LESSONS:
        page = (site / "lessons" / lesson / "index.html").read_text()
        assert "Traceback" not in page  # allow_errors is false: an error would have failed the build
        assert (site / "lessons" / f"{lesson}.ipynb").exists()
        assert "course check" in page


def test_nothing_is_fetched_from_another_host(site):
    for html in site.rglob("*.html"):
        text = html.read_text()
        external = re.findall(r'<(?:script|img|link|iframe)[^>]+(?:src|href)="(https?://[^"]+)"', text)
        assert not [url for url in external if not url.startswith("http://127.0.0.1")], (html, external)


@pytest.fixture(scope="module")
def served(site):
    with serve_folder(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    if not CHROMIUM:
        pytest.skip("no Chromium: install Debian's chromium package (.ci/run does)")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def test_every_page_renders_in_a_browser(site, served, browser):
    problems, links = [], set()
    page = browser.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status}: {r.url}"))
    for path in pages_of(site):
        url = urljoin(served, path + "/" if path else "")
        page.goto(url, wait_until="networkidle")
        broken = page.eval_on_selector_all(
            "img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
        )
        assert not broken, (path, broken)
        if path.startswith("lessons/"):
            page.wait_for_selector("mjx-container", timeout=15_000)  # the math was rendered
            assert page.locator("mjx-container").count() > 2
        hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
        links.update(h.split("#")[0] for h in hrefs if urlparse(h).netloc == urlparse(served).netloc)
    assert not problems, problems
    for link in sorted(links):
        with urllib.request.urlopen(link) as response:
            assert response.status == 200, link


def test_search_finds_the_softmax_lesson(served, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(served, wait_until="networkidle")
    page.keyboard.press("/")  # Material's shortcut: focus the search box
    page.keyboard.type("softmax")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    results = page.locator(".md-search-result__item").all_inner_texts()
    assert any("softmax" in text.lower() and "lesson" in text.lower() for text in results), results
