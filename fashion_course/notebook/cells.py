"""Notebook cells as the Python Jupyter runs: IPython's own input transformer, line for line.

`CellReader().python(cell)` gives the cell as IPython turns it into Python before running it,
and its syntax tree: `%timeit f(x)` becomes `get_ipython().run_line_magic('timeit', 'f(x)')`,
`np.clip?` a `pinfo` call, `files = !ls` a `getoutput` call, a `%%bash` cell one `run_cell_magic`
call, while a docstring line ending in `?` or a continuation line starting with `%` or `!=` stays
Python. It is `IPython.core.inputtransformer2.TransformerManager` with three changes:

- the lines keep the cell's numbers: the blank lines IPython drops at the top are put back, and
  a command it joins from several lines (`%time x = \\` and the next) is followed by as many blank
  lines as it took (a `%%` cell magic is one line, and all IPython's);
- a cell that is Python as it stands is parsed once and not tokenized: IPython's token transforms
  only look where Python has no syntax (a line starting with `%`, `!`, `?`, `/`, `,` or `;`, one
  ending in `?`, an `=` followed by `%` or `!`), so they would leave it as it is;
- those transforms tokenize the whole cell again for each command in it, in pure Python, at a
  few microseconds a character: a reader reads at most `MAX_TOKENIZED_CHARS` characters so for
  all the cells of a notebook (a 100 kB cell with ten commands, a 1 MB one that is not Python),
  then raises `CellTooLongError`, at the same point on every machine.

Importing this module imports IPython; `fashion_course.submission` does so only for a notebook.
"""

from __future__ import annotations

import ast

from IPython.core.inputtransformer2 import TransformerManager, leading_empty_lines

from fashion_course import syntax

MAX_TOKENIZED_CHARS = 1024**2  # about 3 s of IPython's token transforms on a slow core


class CellTooLongError(ValueError):
    """Cells whose IPython commands would take too long to find and transform."""


class LineKeepingTransformer(TransformerManager):
    """IPython's transformer for one cell, keeping its line numbers, within its reader's budget."""

    def __init__(self, reader: CellReader, blank: int) -> None:
        super().__init__()
        self.reader = reader
        self.blank = blank  # the blank lines at the top of the cell, which IPython drops
        self.tree: ast.Module | None = None  # the cell's tree, when it was Python as it stood

    def do_token_transforms(self, lines: list[str]) -> list[str]:
        try:
            self.tree = syntax.parse("\n" * self.blank + "".join(lines))
        except SyntaxError:
            return super().do_token_transforms(lines)
        return lines

    def do_one_token_transform(self, lines: list[str]) -> tuple[bool, list[str]]:
        self.reader.spend(sum(map(len, lines)))
        changed, transformed = super().do_one_token_transform(lines)
        taken = sum(line.count("\n") for line in lines) - sum(line.count("\n") for line in transformed)
        if taken > 0:  # one command from several lines: the lines after it stay where they were
            at = next((i for i, (old, new) in enumerate(zip(lines, transformed)) if old != new), 0) + 1
            transformed[at:at] = ["\n"] * taken
        return changed, transformed


class CellReader:
    """Reads the cells of one notebook (or one kernel's inputs), within one budget."""

    def __init__(self) -> None:
        self.left = MAX_TOKENIZED_CHARS  # characters IPython's token transforms may still read

    def spend(self, characters: int) -> None:
        self.left -= characters
        if self.left < 0:
            raise CellTooLongError

    def python(self, cell: str) -> tuple[str, ast.Module]:
        """The cell as the Python IPython runs, line N of it from line N of the cell, and its tree.

        Raises SyntaxError as Python and IPython would, `CellTooLongError`, `syntax.TooDeepError`
        for code nested deeper than `syntax.parse` reads, and whatever IPython's transformer raises
        on input it cannot read (a RuntimeError past 500 commands in one cell).
        """
        cell = cell.replace("\r\n", "\n").replace("\r", "\n")
        lines = cell.splitlines(keepends=True)
        blank = "".join(lines[: len(lines) - len(leading_empty_lines(lines))]).count("\n")
        transformer = LineKeepingTransformer(self, blank)
        text = "\n" * blank + transformer.transform_cell(cell)
        return text, transformer.tree or syntax.parse(text)
