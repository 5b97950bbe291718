# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The `course` command
#
# Everything a student or an instructor does goes through one command. This page runs
# `course --help` and the help of every command when the site is built, so it always matches
# the installed course.
#
# Exit codes: 0 when everything passed, 1 when a check did not pass (or the data is bad), 2 for
# a usage error such as an unknown lesson. Lessons can be named `3`, `lesson3` or
# `gradient-descent`.

# %%
import os
import subprocess
import sys

import typer
from IPython.display import Markdown

from fashion_course.cli import app

environment = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100"}


def help_of(*args: str) -> str:
    command = [sys.executable, "-m", "fashion_course", *args, "--help"]
    return subprocess.run(command, capture_output=True, text=True, env=environment).stdout.strip()


sections = [f"```text\n{help_of()}\n```"]
for name in typer.main.get_command(app).commands:
    sections.append(f"### course {name}\n\n```text\n{help_of(name)}\n```")
Markdown("\n\n".join(sections))
