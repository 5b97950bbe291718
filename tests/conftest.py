"""What several test modules share, made once per run: the Dask cluster `course grade
--scheduler` is tested on; and the order the modules start in.

The suite runs on every core (`pytest-xdist`, `--dist loadfile`: a module's tests on one worker,
so a module's fixtures, the built site or a graded class, are made once), each process with one
BLAS thread. A free worker takes the next module in collection order, so the longest modules
come first and the short ones fill in around them."""

from __future__ import annotations

import os

import pytest

# One BLAS thread a process, here and in every process the tests start (the site's kernels, the
# CLI): two workers share the cores already, and a BLAS pool each would only wait on the other's.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from fashion_course.grader.sandbox import isolation  # noqa: E402 (after the variables, before NumPy)

LONGEST_FIRST = (  # minutes of work each, on 2 cores
    "test_docs.py",
    "test_notebooks.py",
    "test_plots.py",
    "test_student_tools.py",
    "test_cluster.py",
    "test_jupyterlab.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: each module's tests keep their order


@pytest.fixture(scope="session")
def cluster():
    """A LocalCluster of 2 worker processes with 2 threads each (Dask's default is several
    threads a worker): two students are graded on one worker at once."""
    distributed = pytest.importorskip("distributed", reason="Dask's distributed is not installed (dev extra)")
    if not isolation().sandboxed:
        pytest.skip("no bubblewrap: the workers refuse to grade")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=2, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local:
        yield local
