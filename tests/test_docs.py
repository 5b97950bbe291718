"""The site: it builds strictly, works offline, reads well in a real browser, and publishes its notebooks.

The build executes every notebook page (on the bundled sample). The browser tests serve the built site
on 127.0.0.1 and open every page in headless Chromium (Debian's `chromium`, driven by Playwright):

- every page renders with no console error, failed request or broken image; lesson pages show
  typeset math; every internal link resolves; search finds the softmax lesson;
- at 1280 and 390 px wide, as a reader sees it: nothing scrolls the page sideways or pokes out of
  the article, nothing is cut off, no code or table cell may break a word mid-word, no `In [1]:`
  prompts, no page-building calls (`pages.figure(...)`, `Markdown(...)`) on show, and every figure's
  smallest text is at least 9 CSS px as displayed (from the `MinFontPt` and dpi the PNG declares).
  With `COURSE_SCREENSHOTS=FOLDER`, a full-page screenshot of each page at each width goes there.

The notebooks the site publishes are downloaded from it: each is the lesson's exercise notebook
(`tests/test_notebooks.py` runs those top to bottom). Where mkdocs, Playwright or Chromium is
missing, the tests skip and say so.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlparse

import pytest
from chapter_quotes import QUOTES, Quote
from helpers import ANSI_COLOUR, png_metadata, serve_folder

if TYPE_CHECKING:
    from nbformat import NotebookNode

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
READER_WIDTHS = (1280, 390)
SMALLEST_TEXT_PX = 9.0
PLUMBING = (
    "pages.figure",
    "pages.results_table",
    "pages.functions_table",
    "pages.grader_says",
    "pages.pair",
    "Markdown(",
    "HTML(",
    "display(",
)
PROMPT_TEXT = re.compile(r"\b(In|Out)\s*\[\d*\]:")

# What a reader would see go wrong in the article of the open page, as sentences; runs in the page.
LAYOUT_PROBLEMS_JS = """
() => {
  const article = document.querySelector("article.md-content__inner") || document.querySelector("article");
  const problems = [];
  const style = el => getComputedStyle(el);
  const describe = el => {
    const name = el.tagName.toLowerCase() + [...el.classList].slice(0, 2).map(c => "." + c).join("");
    const text = (el.innerText || el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 50);
    return text ? `${name} "${text}"` : name;
  };
  const scrolls = el => ["auto", "scroll"].includes(style(el).overflowX);
  const insideScroller = el => {
    for (let up = el.parentElement; up; up = up.parentElement) if (scrolls(up)) return true;
    return false;
  };
  const mathInternals = el => el.parentElement && el.parentElement.closest("mjx-container") !== null;
  // The outermost of the elements for which `bad` holds, in document order (children of a bad
  // element are not reported again).
  const outermost = (elements, bad) => {
    const found = new Set(), report = [];
    for (const el of elements) {
      if (!bad(el)) continue;
      found.add(el);
      if (!found.has(el.parentElement)) report.push(el);
    }
    return report;
  };

  const pageWidth = document.documentElement.scrollWidth;
  if (pageWidth > window.innerWidth + 1) {
    const wide = outermost(document.body.querySelectorAll("*"), el =>
      !mathInternals(el) && !insideScroller(el) && el.getBoundingClientRect().right > window.innerWidth + 1);
    problems.push(`the page scrolls sideways: ${pageWidth} px wide in a ${window.innerWidth} px window` +
      (wide.length ? `, widened by ${wide.slice(0, 3).map(describe).join(", ")}` : ""));
  }
  if (!article) return problems.concat(["no article on the page"]);

  const inside = [...article.querySelectorAll("*")].filter(el => !mathInternals(el));
  // What sticks out of a clipping element on the right: MathJax's invisible helpers widen its
  // scrollWidth without showing anything, so the overflow must be a visible element or some text.
  const stickingOut = el => {
    const edge = el.getBoundingClientRect().left + el.clientLeft + el.clientWidth + 1;
    const nested = up => { for (; up && up !== el; up = up.parentElement) if (scrolls(up)) return true; return false; };
    const shown = [...el.querySelectorAll("*")].filter(c => !mathInternals(c) && !nested(c.parentElement));
    const wide = shown.find(c => c.getBoundingClientRect().right > edge);
    if (wide) return describe(wide);
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      if (mathInternals(text) || nested(text.parentElement)) continue;
      const range = document.createRange();
      range.selectNodeContents(text);
      if (range.getBoundingClientRect().right > edge) return `text "${text.textContent.trim().slice(0, 50)}"`;
    }
    return null;
  };
  for (const el of inside) {
    const overflow = style(el).overflowX;
    if (!["hidden", "clip"].includes(overflow) || el.scrollWidth <= el.clientWidth + 1) continue;
    const cut = stickingOut(el);
    if (cut) problems.push(`cut off by ${describe(el)} (overflow-x: ${overflow}): ${cut}`);
  }
  // Material bleeds code blocks and tables into the article's margin on purpose: its margin box is the edge.
  const edge = article.getBoundingClientRect().right + parseFloat(style(article).marginRight);
  for (const el of outermost(inside, el => !insideScroller(el) && el.getBoundingClientRect().right > edge + 1))
    problems.push(`pokes ${Math.round(el.getBoundingClientRect().right - edge)} px out of the article: ${describe(el)}`);

  // `word-break: break-word` is defined as `overflow-wrap: anywhere` (CSS Text 3), so it counts too.
  const breaking = new Map();
  for (const el of article.querySelectorAll("code, pre, td, th")) {
    const s = style(el);
    const rule = s.wordBreak === "break-all" || s.wordBreak === "break-word" ? `word-break: ${s.wordBreak}`
      : s.overflowWrap === "anywhere" ? "overflow-wrap: anywhere" : null;
    if (!rule) continue;
    const key = `${el.tagName.toLowerCase()} (${rule})`;
    if (!breaking.has(key)) breaking.set(key, []);
    breaking.get(key).push(el);
  }
  for (const [key, els] of breaking)
    problems.push(`${els.length} ${key} may break words mid-word, e.g. ${describe(els[0])}`);

  const prompts = [...document.querySelectorAll(
    ".jp-InputPrompt, .jp-OutputPrompt, .jp-InputArea-prompt, .jp-OutputArea-prompt")].filter(el => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && style(el).visibility !== "hidden";
    });
  if (prompts.length) problems.push(`${prompts.length} In/Out prompt areas are visible, e.g. ${describe(prompts[0])}`);
  return problems;
}
"""

# Each figure in the article: its source, whether it loaded, its own width and its displayed width.
ARTICLE_IMAGES_JS = """
() => [...document.querySelectorAll("article img")].map(img => ({
  src: img.src,
  loaded: img.complete && img.naturalWidth > 0,
  naturalWidth: img.naturalWidth,
  shownWidth: img.getBoundingClientRect().width,
}))
"""


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
    assert result.returncode == 0, ANSI_COLOUR.sub("", result.stderr)[-3000:]
    print(f"mkdocs build --strict took {time.perf_counter() - start:.0f} s")
    return out


def pages_of(site: Path) -> list[str]:
    """The path of every page of the built site, relative to its root ("" for the home page)."""
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


CELL_COPY = re.compile(r'<div class="clipboard-copy-txt"[^>]*>(.*?)</div>', re.S)


def test_claim_and_exercise_cells_are_run_but_not_shown(site):
    """A page's `claim` cells (assertions that keep its prose true) and `exercise` cells run when
    the site builds, and none of their code is on the page (each cell's code is in the page's
    copy-to-clipboard text, so one shown would be found)."""
    import jupytext

    for lesson in LESSONS:
        page = (site / "lessons" / lesson / "index.html").read_text()
        copies = {unescape(text).strip() for text in CELL_COPY.findall(page)}
        cells = jupytext.read(ROOT / "docs" / "lessons" / f"{lesson}.py").cells
        hidden = [c.source.strip() for c in cells if {"claim", "exercise"} & set(c.metadata.get("tags", []))]
        shown = [c.source.strip() for c in cells if c.cell_type == "code" and c.source.strip() in copies]
        assert hidden and shown, lesson  # the page has such cells, and the copies are found
        assert not set(hidden) & copies, f"{lesson} shows {sorted(set(hidden) & copies)[0][:200]!r}"


class OutputText(HTMLParser):
    """The text of a built page's cell outputs (printed text, tables, figure captions), not its prose."""

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.pieces = 0, []  # depth: how many open elements since an output began

    def handle_starttag(self, tag: str, attrs) -> None:
        if self.depth or "jp-OutputArea-output" in (dict(attrs).get("class") or ""):
            self.depth += tag not in ("br", "img", "hr", "meta", "input", "wbr")

    def handle_endtag(self, tag: str) -> None:
        self.depth = max(self.depth - 1, 0)

    def handle_startendtag(self, tag: str, attrs) -> None:
        """`<img ... />` opens nothing and closes nothing."""

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.pieces.append(data)

    @classmethod
    def of(cls, page_html: str) -> str:
        parser = cls()
        parser.feed(page_html)
        return " ".join(" ".join(parser.pieces).split())


def quote_problem(quote: Quote, prose: str, outputs: str) -> str | None:
    """What is wrong with one quote on its page, or None."""
    fragment = " ".join(quote.prose.split())
    if fragment not in prose:
        return f"the page no longer says {fragment!r}"
    if quote.says not in fragment:
        return f"{fragment!r} does not hold {quote.says!r}"
    found = re.search(quote.output, outputs)
    if not found:
        return f"no output matches {quote.output!r} (quoted in {fragment!r})"
    value = float(found.group(1).replace(",", "")) * quote.scale
    written = float(quote.says.replace(",", ""))
    decimals = len(quote.says.partition(".")[2])
    if abs(value - written) > 0.5 * 10**-decimals + 1e-9:
        return f"{fragment!r} says {quote.says}, the page computes {value:.{decimals + 2}f}"
    return None


def test_every_number_a_sentence_quotes_is_the_one_its_page_computes(site):
    import jupytext

    assert set(QUOTES) == set(LESSONS)
    problems = []
    for lesson, quotes in QUOTES.items():
        notebook = jupytext.read(ROOT / "docs" / "lessons" / f"{lesson}.py")
        prose = " ".join(" ".join(c.source for c in notebook.cells if c.cell_type == "markdown").split())
        outputs = OutputText.of((site / "lessons" / lesson / "index.html").read_text())
        problems += [f"{lesson}: {p}" for q in quotes if (p := quote_problem(q, prose, outputs))]
    assert not problems, "\n".join(problems)


def test_a_quote_that_disagrees_with_its_output_is_caught():
    outputs = "E[x^2] 0.214 and a test accuracy of 86.41 %"
    prose = "the mean square is about $0.21$ and Adam reaches 86.4 % on test"
    assert quote_problem(Quote("about $0.21$", "0.21", r"E\[x\^2\] ([\d.]+)"), prose, outputs) is None
    assert quote_problem(Quote("reaches 86.4 %", "86.4", r"accuracy of ([\d.]+) %"), prose, outputs) is None
    wrong = quote_problem(Quote("about $0.13$", "0.13", r"E\[x\^2\] ([\d.]+)"), prose, outputs)
    assert wrong == "the page no longer says 'about $0.13$'"
    moved = quote_problem(Quote("about $0.21$", "0.21", r"E\[x\^2\] ([\d.]+)"), prose, "E[x^2] 0.226")
    assert moved == "'about $0.21$' says 0.21, the page computes 0.2260"
    assert (
        OutputText.of(
            '<p>prose 1</p><div class="jp-OutputArea-output"><pre>printed <b>2</b><br>3</pre></div><p>4</p>'
        )
        == "printed 2 3"
    )
    figure = '<div class="jp-OutputArea-output"><figure><img src="x.png"/><figcaption>cap 5</figcaption></figure></div>'
    assert OutputText.of(figure + "<p>prose 6</p>") == "cap 5"  # a caption after a self-closed image counts


def test_only_the_navigation_s_pages_are_built_and_searched(site):
    """No orphan pages (a results table, a vendored README), and search snippets are prose."""
    import yaml  # installed with mkdocs

    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    sources = re.findall(r"[\w/]+\.(?:md|py)", json.dumps(config["nav"]))
    nav = {"" if s == "index.md" else s.rsplit(".", 1)[0] + "/" for s in sources}
    assert set(pages_of(site)) == {p.rstrip("/") for p in nav}
    index = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    assert {entry["location"].split("#")[0] for entry in index} == nav
    for entry in index:
        for machinery in ("In [", "Out[", "Copied!", "pages.figure", "data:image"):
            assert machinery not in entry["text"], (entry["location"], machinery)


def test_every_anchor_on_a_page_exists(site):
    """The skip link and the table of contents point at ids the page has."""
    for html in site.rglob("index.html"):
        text = html.read_text()
        ids = set(re.findall(r'\sid="([^"]+)"', text))
        missing = sorted(set(re.findall(r'href="#([^"]+)"', text)) - ids)
        assert not missing, (str(html.relative_to(site)), missing)
    assert 'class="md-skip"' in (site / "guide" / "command" / "index.html").read_text()


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
        page.goto(urljoin(served, path + "/" if path else ""), wait_until="networkidle")
        broken = page.eval_on_selector_all(
            "img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
        )
        assert not broken, (path, broken)
        if path.startswith("lessons/"):
            page.wait_for_selector("mjx-container", state="attached", timeout=15_000)  # the math was rendered
            assert page.locator("mjx-container").count() > 2
        hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
        links.update(h.split("#")[0] for h in hrefs if urlparse(h).netloc == urlparse(served).netloc)
    page.close()
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
    page.close()
    assert any("softmax" in text.lower() and "lesson" in text.lower() for text in results), results


def image_bytes(src: str) -> bytes:
    """The bytes of an image, from its `data:` URI or from the server."""
    if src.startswith("data:"):
        header, _, payload = src.partition(",")
        if not header.endswith(";base64"):
            raise ValueError(f"a data URI that is not base64: {header}")
        return base64.b64decode(payload)
    with urllib.request.urlopen(src) as response:
        return response.read()


def figure_problem(natural_width: int, shown_width: float, png: bytes) -> str | None:
    """Why a figure shown `shown_width` CSS px wide is hard to read, or None when its text is big enough."""
    try:
        metadata = png_metadata(png)
    except ValueError:
        return "not a PNG, so its font size is unknown"
    if "MinFontPt" not in metadata.text:
        return "figure without font metadata (no MinFontPt tEXt chunk)"
    if metadata.dpi is None:
        return "figure without a resolution (no pHYs chunk in pixels per metre)"
    smallest_pt = float(metadata.text["MinFontPt"])
    smallest_px = smallest_pt * metadata.dpi / 72 * shown_width / natural_width
    if smallest_px < SMALLEST_TEXT_PX:
        return (
            f"smallest text is {smallest_px:.1f} CSS px, under {SMALLEST_TEXT_PX:g} "
            f"({smallest_pt:g} pt at {metadata.dpi} dpi, shown {shown_width:.0f} px wide of {natural_width})"
        )
    return None


def test_every_page_reads_well_at_both_widths(site, served, browser):
    screenshots = os.environ.get("COURSE_SCREENSHOTS")
    if screenshots:
        Path(screenshots).mkdir(parents=True, exist_ok=True)
    images: dict[str, bytes] = {}
    problems = []
    for width in READER_WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        for path in pages_of(site):
            where = f"{path or 'home'} at {width} px"
            page.goto(urljoin(served, path + "/" if path else ""), wait_until="networkidle")
            if page.locator("script[src*='mathjax' i]").count():
                page.wait_for_function("() => window.MathJax?.startup?.promise", timeout=15_000)
                page.evaluate("() => MathJax.startup.promise")  # resolves once the math is typeset
            if screenshots:
                name = path.replace("/", "-") or "home"
                page.screenshot(path=str(Path(screenshots) / f"{name}-{width}.png"), full_page=True)
            problems += [f"{where}: {problem}" for problem in page.evaluate(LAYOUT_PROBLEMS_JS)]
            text = page.locator("article").first.inner_text()
            if prompt := PROMPT_TEXT.search(text):
                problems.append(f"{where}: a prompt shows in the text: {prompt.group()!r}")
            problems += [f"{where}: shows the plumbing {call!r}" for call in PLUMBING if call in text]
            for image in page.evaluate(ARTICLE_IMAGES_JS):
                src = image["src"]
                if not image["loaded"]:
                    problems.append(f"{where}: {src[:60]}: did not load")
                    continue
                if src not in images:
                    images[src] = image_bytes(src)
                problem = figure_problem(image["naturalWidth"], image["shownWidth"], images[src])
                if problem:
                    problems.append(f"{where}: {src[:60]}: {problem}")
        context.close()
    assert not problems, f"{len(problems)} problems a reader would see:\n" + "\n".join(problems)


def cells_of(notebook: NotebookNode) -> list[tuple[str, str, list[str]]]:
    """A notebook's cells as (type, source, tags): what it holds, not the ids nbformat draws."""
    return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in notebook.cells]


def test_every_notebook_page_is_published_as_its_notebook(site, served):
    """Each lesson page's download is its exercise notebook, each guide page's the page as a
    notebook, as served. They run top to bottom in an empty folder, with the stubs and with the
    reference pasted in, in `tests/test_notebooks.py`, which makes them the same way."""
    import jupytext
    import nbformat

    from fashion_course.lessons import find_lesson
    from fashion_course.notebook.build import exercise_notebook

    published = sorted(str(p.relative_to(site).with_suffix("")) for p in site.glob("*/*.ipynb"))
    guides = sorted((ROOT / "docs" / "guide").glob("*.py"))
    assert published == sorted([*(f"lessons/{name}" for name in LESSONS), *(f"guide/{p.stem}" for p in guides)])
    for name in published:
        with urllib.request.urlopen(urljoin(served, f"{name}.ipynb")) as response:
            served_notebook = nbformat.reads(response.read().decode(), as_version=4)
        folder, stem = name.split("/")
        made = (
            exercise_notebook(find_lesson(stem.split("_")[0]))
            if folder == "lessons"
            else jupytext.read(ROOT / "docs" / "guide" / f"{stem}.py")
        )
        assert cells_of(served_notebook) == cells_of(made), name
