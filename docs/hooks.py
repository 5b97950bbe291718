"""MkDocs hooks: the command reference and the home page's lesson list, made from the code itself,
and each notebook page published as a real `.ipynb` beside its page.

The lesson pages are jupytext percent-format `.py` files; students download
`lessons/<name>.ipynb`, the lesson's exercise notebook (`fashion_course.notebook.build`), and
open it in Jupyter. The command page (`guide/command.md`) holds a
marker that is replaced, at every build, by one section per command with its usage, its
arguments and options: read from the command's own definitions, so it always matches.
"""

from __future__ import annotations

import functools
from pathlib import Path

import click
import jupytext
import typer

COMMANDS = "<!-- the reference of every command, made at build -->"
LESSONS = "<!-- the lessons, from the registry, made at build -->"


def on_config(config):
    """Remove the cells of every tag `remove_cell_tags` lists: mkdocs-jupyter (0.26) passes only
    the first tag of each of its `remove_tag_config` lists to nbconvert, so the `claim` cells
    (assertions that keep the prose true) would be shown."""
    from mkdocs_jupyter import nbconvert2

    removed = config.plugins["mkdocs-jupyter"].config["remove_tag_config"]
    tags = {name: set(values) for name, values in removed.items()}
    made = getattr(nbconvert2.get_nbconvert_app, "__wrapped__", nbconvert2.get_nbconvert_app)

    @functools.wraps(made)
    def with_every_tag(*args, **kwargs):
        app = made(*args, **kwargs)
        for name, values in tags.items():
            app.config.TagRemovePreprocessor[name] = values
        return app

    nbconvert2.get_nbconvert_app = with_every_tag
    return config


def on_page_markdown(markdown: str, page, config, files) -> str:
    if COMMANDS in markdown:
        markdown = markdown.replace(COMMANDS, command_reference())
    if LESSONS in markdown:
        markdown = markdown.replace(LESSONS, lesson_list())
    return markdown


def lesson_list() -> str:
    """A numbered list of the lessons: title (linked), what the student learns and writes."""
    from fashion_course.lessons import LESSONS as REGISTRY

    items = []
    for lesson in REGISTRY:
        functions = ", ".join(f"`{name}`" for name in lesson.functions)
        link = f"lessons/{lesson.module_name}/"
        items.append(
            f"{lesson.number}. **[{lesson.title}]({link})**: {lesson.learns}. You write {functions}."
        )
    return "\n".join(items)


def on_page_content(html: str, page, config, files) -> str:
    """Keep the notebook cells' copy buttons and their hidden copies of the code out of search."""
    for opening in ('<div class="zeroclipboard-container"', '<div class="clipboard-copy-txt"'):
        html = html.replace(opening, opening + " data-search-exclude")
    return html


def command_reference() -> str:
    """A `##` section per command: what it does, its usage, and a table of its arguments and options."""
    from fashion_course.cli import app

    group = typer.main.get_command(app)
    parent = click.Context(group, info_name="course")
    sections = []
    for name, command in group.commands.items():
        context = click.Context(command, info_name=name, parent=parent)
        usage = " ".join(["course", name, *command.collect_usage_pieces(context)])
        rows = ["| argument or option | what it does |", "| --- | --- |"]
        rows += [f"| {parameter_names(p)} | {parameter_help(p)} |" for p in command.params]
        help_text = (command.help or "").strip()
        sections.append(f"## course {name}\n\n{help_text}\n\n```text\n{usage}\n```\n\n" + "\n".join(rows))
    return "\n\n".join(sections)


def parameter_names(parameter: click.Parameter) -> str:
    if parameter.param_type_name == "argument":
        return f"`{parameter.name.upper()}`"
    names = [*parameter.opts, *parameter.secondary_opts]
    value = "" if getattr(parameter, "is_flag", False) else f" {parameter.name.upper()}"
    return " ".join(f"`{n}{value}`" for n in names)


def parameter_help(parameter: click.Parameter) -> str:
    text = (getattr(parameter, "help", None) or "").replace("|", "\\|")
    default = parameter.default
    if default not in (None, False, (), []) and not callable(default):
        text += f" Default: `{default}`."
    return text or "-"


def on_post_build(config) -> None:
    """Each lesson page's exercise notebook (its chapter with the stubs and check cells, as
    `course init --notebooks` writes it) beside the page; the guide pages as plain notebooks."""
    from fashion_course.lessons import LESSONS
    from fashion_course.notebook.build import write_notebook

    docs, site = Path(config["docs_dir"]), Path(config["site_dir"])
    for lesson in LESSONS:
        write_notebook(lesson, site / "lessons")
    for source in sorted((docs / "guide").glob("*.py")):
        jupytext.write(jupytext.read(source), site / "guide" / f"{source.stem}.ipynb", fmt="ipynb")
