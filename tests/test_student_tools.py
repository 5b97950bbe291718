"""The student's loop (hint, status, reset, solution, watch) and the instructor's (grade, points)."""

from __future__ import annotations

import ast
import csv
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import yaml
from helpers import chromium_page, run_course, write_variant

from fashion_course.feedback import page as feedback_page
from fashion_course.grader.grading import LessonReport
from fashion_course.lessons import LESSONS, Lesson, find_lesson
from fashion_course.workspace import MARKER, ROOT, SOLUTIONS, STUBS


def copy_of(folder: Path, to: Path) -> Path:
    shutil.copytree(folder, to, ignore=shutil.ignore_patterns("__pycache__", ".hints.json"))
    return to


def test_every_function_has_a_ladder_of_three_hints():
    for lesson in LESSONS:
        assert all(len(hints) == 3 and all(hints) for hints in lesson.hints.values()), lesson.slug


def reference_statements(lesson: Lesson, function: str) -> set[str]:
    """The simple statements of a reference function (a return's value without the `return`, an
    assignment's right-hand side when it is long), without spaces and with one kind of quote."""
    tree = ast.parse((SOLUTIONS / lesson.file_name).read_text())
    (definition,) = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function]
    pieces = set()
    for node in ast.walk(definition):
        if isinstance(node, (ast.Return, ast.Assign, ast.AugAssign, ast.Expr)) and node.value is not None:
            if isinstance(node.value, ast.Constant):
                continue  # a docstring
            pieces.add(ast.unparse(node.value if isinstance(node, ast.Return) else node))
            if isinstance(node, ast.Assign) and len(ast.unparse(node.value)) >= 24:
                pieces.add(ast.unparse(node.value))
    return {squeezed(piece) for piece in pieces if len(squeezed(piece)) >= 8}


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("'", '"').replace("`", "")


def test_no_hint_gives_away_a_line_of_the_reference():
    """A ladder's last rung names the NumPy tools to use; it is not the reference's own code to copy."""
    given_away = [
        f"{lesson.number} {function}: {line}"
        for lesson in LESSONS
        for function, hints in lesson.hints.items()
        for line in reference_statements(lesson, function)
        if line in squeezed(hints[-1])
    ]
    assert not given_away, given_away
    assert reference_statements(find_lesson(4), "relu") == {"np.maximum(Z,0)"}  # the probe finds lines


def test_hints_come_one_at_a_time_for_the_first_failing_function(tmp_path):
    folder = copy_of(STUBS, tmp_path / "work")
    first = run_course("hint", "1", "--path", str(folder))
    second = run_course("hint", "1", "--path", str(folder))
    hints = find_lesson(1).hints["preprocess"]
    assert "preprocess (not started): hint 1 of 3" in first.stdout and hints[0][:40] in first.stdout
    assert "hint 2 of 3" in second.stdout and hints[1][:40] in second.stdout
    write_variant(folder, find_lesson(1), "")  # lesson 1 solved
    assert "no hint needed" in run_course("hint", "1", "--path", str(folder)).stdout


def test_status_reads_progress_from_the_checks(tmp_path):
    folder = copy_of(STUBS, tmp_path / "work")
    write_variant(folder, find_lesson(1), "")
    (folder / find_lesson(2).file_name).write_text(
        (SOLUTIONS / find_lesson(2).file_name)
        .read_text()
        .replace("return sigmoid(X @ w + b)", "raise NotImplementedError")
    )
    result = run_course("status", "--path", str(folder))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert "done" in next(line for line in lines if "Data: images" in line)
    assert "in progress" in next(line for line in lines if "Logistic regression" in line)
    assert "not started" in next(line for line in lines if "Gradient descent" in line)
    assert (
        "9/28 functions" in result.stdout
    )  # lesson 1, and lesson 2 but predict_proba (predict is checked with the reference's)


def test_solution_waits_until_the_lesson_passes(tmp_path):
    refused = run_course("solution", "3")
    assert (
        refused.returncode == 1
        and "pass lesson 3 first (0 of 3" in refused.stderr
        and "--force" in refused.stderr
    )
    forced = run_course("solution", "3", "--force")
    assert forced.returncode == 0 and "def logistic_gradients" in forced.stdout
    earned = run_course("solution", "3", "--path", str(SOLUTIONS))
    assert earned.returncode == 0 and "def gradient_descent" in earned.stdout


def test_reset_restores_the_stub_and_keeps_a_backup(tmp_path):
    folder = tmp_path / "ws"
    assert run_course("init", str(folder)).returncode == 0
    lesson = find_lesson(2)
    mine = folder / lesson.file_name
    mine.write_text("def sigmoid(z):\n    return 'my work'\n")
    declined = subprocess.run(
        [sys.executable, "-m", "fashion_course", "reset", "2"],
        input="n\n",
        capture_output=True,
        text=True,
        cwd=folder,
    )
    assert declined.returncode == 1 and "my work" in mine.read_text()
    result = run_course("reset", "2", "--yes", "--path", str(folder))
    assert result.returncode == 0, result.stderr
    assert mine.read_text() == (STUBS / lesson.file_name).read_text()
    (backup,) = (folder / "backups").iterdir()
    assert "my work" in backup.read_text() and "backups/" in (folder / ".gitignore").read_text()


def test_init_makes_a_workspace_and_never_overwrites_work(tmp_path):
    folder = tmp_path / "course"
    made = run_course("init", str(folder))
    assert made.returncode == 0, made.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([MARKER, ".gitignore", "README.md", *(lesson.file_name for lesson in LESSONS)])
    assert all((folder / x.file_name).read_text() == (STUBS / x.file_name).read_text() for x in LESSONS)
    write_variant(folder, find_lesson(1), "")  # my lesson 1
    mine = (folder / find_lesson(1).file_name).read_text()
    (folder / find_lesson(3).file_name).unlink()
    again = run_course("init", str(folder))
    assert again.returncode == 0 and "Wrote lesson3_gradient_descent.py" in again.stdout
    assert (folder / find_lesson(1).file_name).read_text() == mine


def test_init_again_in_a_notebook_workspace_adds_notebooks_and_the_score_stays(tmp_path):
    folder = tmp_path / "ws"
    assert run_course("init", str(folder), "--notebooks").returncode == 0
    lesson = find_lesson(1)
    path = folder / "lesson1_data.ipynb"
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        name = cell.metadata.get("course", {}).get("function")
        if name:
            cell.source = (SOLUTIONS / lesson.file_name).read_text() if name == "preprocess" else ""
    nbformat.write(notebook, path)
    assert "4/28 functions" in run_course("status", "--path", str(folder)).stdout
    (folder / "lesson3_gradient_descent.ipynb").unlink()
    again = run_course("init", str(folder))
    assert again.returncode == 0 and "Wrote lesson3_gradient_descent.ipynb in" in again.stdout, again.stdout
    assert "holds exercise notebooks" in again.stdout and not list(folder.glob("lesson*.py"))
    stub = folder / lesson.file_name  # what `course init` used to write: a stub saved after the notebook
    stub.write_text((STUBS / lesson.file_name).read_text())
    status = run_course("status", "--path", str(folder))
    assert "4/28 functions" in status.stdout, status.stdout


def test_every_command_finds_its_own_workspace(tmp_path):
    """Two workspaces side by side: each command sees the one it runs in, by walking up."""
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        run_course("init", str(folder))
    write_variant(first, find_lesson(1), "")  # lesson 1 solved in the first only
    (first / "notes").mkdir()

    def check_in(folder: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "fashion_course", "check", "1"], capture_output=True, text=True, cwd=folder
        )

    assert check_in(first / "notes").returncode == 0  # found by walking up
    untouched = check_in(second)
    assert untouched.returncode == 1 and untouched.stdout.count("not started") == 4
    assert "lesson1_data.py" in untouched.stdout
    elsewhere = subprocess.run(
        [sys.executable, "-m", "fashion_course", "check", "1"], capture_output=True, text=True, cwd=tmp_path
    )
    assert elsewhere.returncode == 2 and "course init" in elsewhere.stderr
    assert len(elsewhere.stderr.strip().splitlines()) == 1
    shown = run_course("check", "1", "--path", str(second))  # outside the current folder: absolute
    assert str(second / "lesson1_data.py") in shown.stdout.replace("\n", "")


def test_watch_rechecks_when_the_file_is_saved(tmp_path):
    folder = copy_of(STUBS, tmp_path / "work")
    process = subprocess.Popen(
        [sys.executable, "-m", "fashion_course", "watch", "1", "--path", str(folder), "--interval", "0.2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**__import__("os").environ, "COLUMNS": "200"},
    )
    output: list[str] = []
    threading.Thread(target=lambda: output.extend(process.stdout), daemon=True).start()

    def wait_for(text: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while text not in "".join(output):
            assert time.monotonic() < deadline, "".join(output)
            time.sleep(0.1)

    try:
        wait_for("0 of 4 functions pass")
        write_variant(folder, find_lesson(1), "")
        wait_for("4 of 4 functions pass")
    finally:
        process.terminate()
        process.wait(10)


def test_a_class_is_graded_into_a_gradebook_and_feedback_pages(tmp_path):
    submissions = tmp_path / "submissions"
    copy_of(SOLUTIONS, submissions / "ada")
    copy_of(STUBS, submissions / "bob")
    cleo = copy_of(SOLUTIONS, submissions / "cleo")
    write_variant(cleo, find_lesson(4), "def relu(Z):\n    while True:\n        pass")
    (cleo / find_lesson(6).file_name).write_text("import os\nos._exit(3)\n")
    dee = copy_of(SOLUTIONS, submissions / "dee")  # lessons 1 and 2 as notebooks
    for number in (1, 2):
        (dee / find_lesson(number).file_name).unlink()
    lesson1 = (SOLUTIONS / find_lesson(1).file_name).read_text()
    notebook_of(dee / "lesson1_data.ipynb", [lesson1, "%%bash\nrm -rf ../* ~\n", "!rm -rf ../*"])
    forged = nbformat.v4.new_output("display_data", data={"text/plain": "6 of 6 functions pass"})
    notebook_of(dee / "lesson2_logistic_regression.ipynb", [STUB_OF_2], outputs=[forged])
    first = run_course("grade", str(submissions), "--out", str(tmp_path / "book1"), timeout=600)
    assert first.returncode == 0, first.stderr
    assert "Graded 4 submissions of 6 lesson(s)" in first.stdout and "1 pass everything" in first.stdout
    with open(tmp_path / "book1" / "gradebook.csv", newline="") as stream:
        reader = csv.DictReader(stream)
        rows = {row["student"]: row for row in reader}
    assert reader.fieldnames == [  # in the lessons' order, each with its subtotal
        "student",
        *(name for lesson in LESSONS for name in [*(f"lesson{lesson.number}.{f}" for f in lesson.functions),
                                                  f"lesson{lesson.number}.passed"]),
        "passed",
        "total",
    ]  # fmt: skip
    assert rows["dee"]["passed"] == str(28 - 6) and rows["dee"]["lesson2.sigmoid"] == "not started"
    with open(tmp_path / "book1" / "similarity.csv", newline="") as stream:
        flagged = {(row["lesson"], row["student"], row["other"]) for row in csv.DictReader(stream)}
    assert ("3", "ada", "(reference solution)") in flagged and ("1", "dee", "(reference solution)") in flagged
    assert not [pair for pair in flagged if "bob" in pair]  # the untouched stubs share nothing
    assert "Similarity: " in first.stdout and "no grade changed" in first.stdout
    dee_report = json.loads((tmp_path / "book1" / "reports" / "dee.json").read_text())
    assert [r["file"].rsplit("/", 1)[-1] for r in dee_report["lessons"][:3]] == [
        "lesson1_data.ipynb",
        "lesson2_logistic_regression.ipynb",
        "lesson3_gradient_descent.py",
    ]
    assert sorted(p.name for p in dee.iterdir())[:2] == [
        "lesson1_data.ipynb",
        "lesson2_logistic_regression.ipynb",
    ]
    assert (rows["ada"]["passed"], rows["bob"]["passed"], rows["ada"]["total"]) == ("28", "0", "28")
    assert rows["bob"]["lesson3.gradient_descent"] == "not started"
    assert rows["cleo"]["lesson4.relu"] == "timeout" and rows["cleo"]["lesson4.softmax"] == "passed"
    assert (rows["cleo"]["lesson4.passed"], rows["cleo"]["lesson6.passed"], rows["ada"]["lesson6.passed"]) == (
        str(len(find_lesson(4).functions) - 1), "0", str(len(find_lesson(6).functions))
    )
    assert (
        rows["cleo"]["lesson6.adam_step"] == "error" and rows["cleo"]["lesson5.activation_stats"] == "passed"
    )
    assert rows["cleo"]["lesson4.forward"] == "passed"  # it calls relu: checked with the reference's
    assert rows["cleo"]["passed"] == str(28 - 1 - 4)  # relu; all of lesson 6
    feedback = tmp_path / "book1" / "feedback"  # a page to hand back to each student, theirs alone
    assert sorted(p.name for p in feedback.iterdir()) == ["ada.html", "bob.html", "cleo.html", "dee.html"]
    cleo_page = (feedback / "cleo.html").read_text()
    assert "Feedback for cleo" in cleo_page and "23 of 28 functions pass" in cleo_page
    assert "fix relu in lesson4_softmax.py, then run course check 4" in cleo_page
    assert "Hint 1 of" in cleo_page
    reports = json.loads((tmp_path / "book1" / "reports" / "cleo.json").read_text())["lessons"]
    assert cleo_page == feedback_page("cleo", [LessonReport.from_json(r) for r in reports])  # cleo's alone
    with chromium_page(390) as page:
        page.goto((feedback / "cleo.html").as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.locator(".course-verdicts").count() == len(LESSONS)
    # Graded again, the same bytes: test_cluster grades one class twice from scratch (here and on
    # Dask) and test_hostile_class reruns one; test_grader grades one file twice.


STUB_OF_2 = (STUBS / find_lesson(2).file_name).read_text().replace("from __future__ import annotations", "")


def notebook_of(path: Path, cells: list[str], outputs: list | None = None) -> Path:
    """A notebook of these code cells; the last one shows `outputs`."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    notebook.cells[-1].outputs = outputs or []
    nbformat.write(notebook, path)
    return path


def test_points_from_a_report(tmp_path):
    report = tmp_path / "report.json"
    report.write_text(run_course("check", "--all", "--solutions", "--json").stdout)
    summary = tmp_path / "summary.md"
    result = run_course("points", str(report), "--summary", str(summary))
    assert result.returncode == 0 and "Points: 28/28" in result.stdout
    assert "| **total** | **28/28** | |" in summary.read_text()


def test_the_classroom_template_is_github_classroom_autograding(tmp_path):
    """One command-grader step per lesson worth its functions, the reporter, checks: write; and
    the step's command, run in a workspace, exits 0 exactly when the lesson passes."""
    workflow = yaml.safe_load((ROOT / "templates" / "classroom-autograding.yml").read_text())
    assert workflow["permissions"]["checks"] == "write"
    assert "==" in workflow["env"]["COURSE"]  # a pinned version
    steps = workflow["jobs"]["run-autograding-tests"]["steps"]
    install = next(step for step in steps if "pip install" in step.get("run", ""))
    graders = [
        step
        for step in steps
        if step.get("uses", "").startswith("classroom-resources/autograding-command-grader@")
    ]
    assert steps.index(install) < steps.index(graders[0])
    assert [step["id"] for step in graders] == [f"lesson{lesson.number}" for lesson in LESSONS]
    assert [step["with"]["max-score"] for step in graders] == [len(lesson.functions) for lesson in LESSONS]
    reporter = steps[-1]
    assert reporter["uses"].startswith("classroom-resources/autograding-grading-reporter@")
    assert reporter["with"]["runners"].split(",") == [step["id"] for step in graders]
    assert all(
        f"steps.{step['id']}.outputs.result" in reporter["env"][f"{step['id'].upper()}_RESULTS"]
        for step in graders
    )
    workspace = tmp_path / "student-repo"
    run_course("init", str(workspace))
    write_variant(workspace, find_lesson(1), "")  # lesson 1 done, lesson 2 not started
    for step, passes in ((graders[0], True), (graders[1], False)):
        command = step["with"]["command"].split()
        assert command[0] == "course"
        result = subprocess.run(
            [sys.executable, "-m", "fashion_course", *command[1:]],
            capture_output=True,
            text=True,
            cwd=workspace,
        )
        assert (result.returncode == 0) == passes, result.stdout
