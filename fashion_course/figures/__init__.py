"""The course's figures, drawn with matplotlib, sized for the column of the site they sit in.

`style` holds what every figure shares (sizes, fonts, colours, saving as PNG); `curves` draws
learning curves; `results` draws what trained models do. The lesson pages' intuition figures
live beside them, one module per lesson (`lesson2`, ...). Every function returns a matplotlib
`Figure`; `save` writes it, `png_bytes` gives the bytes a page embeds.
"""

from fashion_course.figures.curves import Limits, Run, curve_panels, learning_curves
from fashion_course.figures.results import (
    activation_spread,
    confusion_matrix,
    prediction_grid,
    sample_grid,
    weights_image,
)
from fashion_course.figures.style import (
    CONCEPTS,
    FONT_PT,
    PANEL_HEIGHT,
    PANEL_WIDTH,
    WIDTH,
    Figure,
    png_bytes,
    save,
)

__all__ = [
    "CONCEPTS",
    "FONT_PT",
    "PANEL_HEIGHT",
    "PANEL_WIDTH",
    "WIDTH",
    "Figure",
    "Limits",
    "Run",
    "activation_spread",
    "confusion_matrix",
    "curve_panels",
    "learning_curves",
    "png_bytes",
    "prediction_grid",
    "sample_grid",
    "save",
    "weights_image",
]
