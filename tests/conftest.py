"""What several test modules share, made once per run: the Dask cluster `course grade
--scheduler` is tested on."""

from __future__ import annotations

import pytest

from fashion_course.grader.sandbox import isolation


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
