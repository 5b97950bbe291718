"""The look every figure shares: sizes for the site's column, fonts, one colour per idea, and saving.

A figure alone is `WIDTH` inches wide; the two panels of a learning curve are `PANEL_WIDTH`
each, so that they sit side by side on a laptop and stack on a phone. No text is smaller than
`FONT_PT` points, and every PNG records its smallest font size (`MinFontPt`) so the site's
browser test can check how large it renders. Colours mean one thing across the whole site:
`CONCEPTS` gives each idea its colour and name. Figures are deterministic for the same inputs
(no timestamps in the files).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

WIDTH = 5.0  # inches: a figure alone in the text column
PANEL_WIDTH = 4.0  # inches: one panel of a pair, side by side at 1280 px, stacked at 390 px
PANEL_HEIGHT = 3.0
DPI = 150
FONT_PT = 10  # the smallest text in any figure
STYLE = {
    "font.size": FONT_PT,
    "axes.titlesize": FONT_PT + 1,
    "axes.labelsize": FONT_PT,
    "xtick.labelsize": FONT_PT,
    "ytick.labelsize": FONT_PT,
    "legend.fontsize": FONT_PT,
    "figure.titlesize": FONT_PT + 1,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
plt.rcParams.update(STYLE)


@dataclass(frozen=True)
class Concept:
    label: str
    colour: str


# One colour per idea on every page (Okabe and Ito's colour-blind-safe palette).
CONCEPTS = {
    "logistic": Concept("logistic regression", "#0072B2"),
    "small": Concept("0.01 × randn init", "#D55E00"),
    "xavier": Concept("Xavier init", "#E69F00"),
    "he": Concept("He init", "#009E73"),
    "sgd": Concept("mini-batch gradient descent", "#56B4E9"),
    "adam": Concept("Adam", "#CC79A7"),
    "yours": Concept("your code", "#000000"),
}


def smallest_font(fig: Figure) -> float:
    """The smallest font size, in points, of any visible text in the figure (once laid out)."""
    fig.draw_without_rendering()  # makes the tick labels
    return min(t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip())


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes (closing it), with its smallest font size recorded as `MinFontPt`."""
    buffer = io.BytesIO()
    fig.savefig(
        buffer,
        format="png",
        dpi=DPI,
        bbox_inches="tight",
        metadata={"Software": None, "MinFontPt": f"{smallest_font(fig):g}"},
    )
    plt.close(fig)
    return buffer.getvalue()


def save(fig: Figure, path: Path) -> Path:
    """Write the figure as a PNG at `path` (closing it); returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png_bytes(fig))
    return path
