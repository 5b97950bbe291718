"""MkDocs hook: publish each notebook page's source as a real `.ipynb` beside its page.

The lesson pages are jupytext percent-format `.py` files; students download
`lessons/<name>.ipynb` and open it in Jupyter.
"""

from __future__ import annotations

from pathlib import Path

import jupytext


def on_post_build(config) -> None:
    docs, site = Path(config["docs_dir"]), Path(config["site_dir"])
    for folder in ("lessons", "guide"):
        for source in sorted((docs / folder).glob("*.py")):
            notebook = jupytext.read(source)
            jupytext.write(notebook, site / folder / f"{source.stem}.ipynb", fmt="ipynb")
