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

# %%
import os
import subprocess
import sys

from IPython.display import Markdown

environment = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100"}


def help_of(*args: str) -> Markdown:
    text = subprocess.run(
        [sys.executable, "-m", "fashion_course", *args, "--help"],
        capture_output=True,
        text=True,
        env=environment,
    ).stdout
    return Markdown(f"```text\n{text.strip()}\n```")


help_of()

# %% [markdown]
# Exit codes: 0 when everything passed, 1 when a check did not pass (or the data is bad), 2 for
# a usage error such as an unknown lesson. Lessons can be named `3`, `lesson3` or
# `gradient-descent`.
#
# ## course check

# %%
help_of("check")

# %% [markdown]
# ## course list

# %%
help_of("list")

# %% [markdown]
# ## course run

# %%
help_of("run")

# %% [markdown]
# ## course plots

# %%
help_of("plots")

# %% [markdown]
# ## course data

# %%
help_of("data")
