"""The project's own promises: CI runs the README's test command, and the code is ruff clean."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def quickstart() -> list[str]:
    section = (ROOT / "README.md").read_text().split("## Quickstart")[1].split("\n## ")[0]
    return re.findall(r"```bash\n(.+?)\n```", section)


def test_readme_quickstart_is_two_commands_and_ci_runs_the_second():
    commands = quickstart()
    assert len(commands) == 2 and "course run" in commands[0] and "pytest" in commands[1]
    assert commands[1] in (ROOT / ".ci" / "run").read_text().splitlines()


@pytest.mark.skipif(
    not shutil.which("ruff") and not (Path(sys.executable).parent / "ruff").exists(),
    reason="ruff is not installed",
)
def test_ruff_is_clean():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = subprocess.run([ruff, "check", str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    "section, ratio_line",
    [("network", "NumPy epoch / its matmuls: "), ("fullbatch", "its matmuls alone ")],
)
def test_a_speed_benchmark_runs_on_the_sample_and_prints_its_ratio(tmp_path, section, ratio_line):
    env = {**os.environ, "FASHION_MNIST_DIR": "", "XDG_CACHE_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench.py"), section, "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "(sample data)" in result.stdout
    ratio = re.search(ratio_line + r"[^\n]*?ratio (\d+\.\d+)|" + ratio_line + r"(\d+\.\d+)", result.stdout)
    assert ratio and float(ratio.group(1) or ratio.group(2)) > 0, result.stdout


def test_readme_code_fences_open_and_close_on_lines_of_their_own():
    lines = (ROOT / "README.md").read_text().splitlines()
    misplaced = [n for n, line in enumerate(lines, 1) if "```" in line and not line.startswith("```")]
    fences = [n for n, line in enumerate(lines, 1) if line.startswith("```")]
    assert not misplaced, f"README.md lines {misplaced} have a code fence in the middle of a line"
    assert len(fences) % 2 == 0, f"README.md has an unclosed code fence (fences on lines {fences})"
    closing = fences[1::2]
    assert all(lines[n - 1] == "```" for n in closing), "a closing fence carries text after it"


def test_the_readme_results_table_is_the_one_course_plots_wrote():
    table = (ROOT / "docs" / "results" / "full" / "results.md").read_text().split("\n\n")[0]
    assert table in (ROOT / "README.md").read_text(), (
        "paste docs/results/full/results.md's table into README.md"
    )
