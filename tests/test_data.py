"""The data layer: where the files come from, how they are verified and read, and the sample."""

from __future__ import annotations

import gzip
import shutil
from contextlib import ExitStack
from pathlib import Path

import numpy as np
import pytest
from helpers import FULL_DATA, needs_full_data, run_course, serve_folder

from fashion_course import data
from fashion_course.sample import make_sample


@pytest.fixture
def isolated(monkeypatch, tmp_path):
    """No FASHION_MNIST_DIR, an empty cache, and a download address where nothing listens."""
    monkeypatch.delenv("FASHION_MNIST_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("FASHION_MNIST_URL", "http://127.0.0.1:9/")
    return tmp_path


def copy_official(to: Path) -> Path:
    to.mkdir(parents=True, exist_ok=True)
    for entry in data.FILES:
        shutil.copy(Path(FULL_DATA) / entry.name, to / entry.name)
    return to


@needs_full_data
def test_full_data_from_the_named_folder():
    source = data.locate()
    assert (source.origin, source.full) == ("FASHION_MNIST_DIR", True)
    images, labels = data.load("train", source)
    assert images.shape == (60000, 28, 28) and images.dtype == np.uint8
    assert np.bincount(labels).tolist() == [6000] * 10
    assert images.mean() == pytest.approx(72.94, abs=0.01)  # the figure in the data's README
    test_images, test_labels = data.load("test", source)
    assert test_images.shape == (10000, 28, 28) and np.bincount(test_labels).tolist() == [1000] * 10


@needs_full_data
def test_a_truncated_file_is_named_in_one_line(tmp_path):
    folder = copy_official(tmp_path / "fm")
    target = folder / "t10k-images-idx3-ubyte.gz"
    target.write_bytes(target.read_bytes()[:100_000])
    result = run_course("data", env={"FASHION_MNIST_DIR": str(folder)})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "t10k-images-idx3-ubyte.gz" in lines[0] and str(folder) in lines[0] and "corrupt" in lines[0]


@needs_full_data
def test_a_missing_file_is_named(tmp_path, monkeypatch):
    folder = copy_official(tmp_path / "fm")
    (folder / "train-labels-idx1-ubyte.gz").unlink()
    monkeypatch.setenv("FASHION_MNIST_DIR", str(folder))
    with pytest.raises(data.DataError, match="train-labels-idx1-ubyte.gz is missing"):
        data.locate()


@needs_full_data
def test_unzipped_files_are_read_and_verified(tmp_path, monkeypatch):
    folder = copy_official(tmp_path / "fm")
    for entry in data.FILES:
        if entry.kind == "labels":
            (folder / entry.raw_name).write_bytes(gzip.decompress((folder / entry.name).read_bytes()))
            (folder / entry.name).unlink()
    monkeypatch.setenv("FASHION_MNIST_DIR", str(folder))
    labels = data.load("test", data.locate())[1]
    assert labels.shape == (10000,) and labels[:5].tolist() == [9, 2, 1, 1, 6]
    raw = folder / "t10k-labels-idx1-ubyte"
    raw.write_bytes(raw.read_bytes()[:-1] + b"\x03")
    with pytest.raises(data.DataError, match="t10k-labels-idx1-ubyte in .* is corrupt"):
        data.locate()


def test_read_idx_rejects_a_file_that_is_not_idx(tmp_path):
    path = tmp_path / "x-idx1-ubyte"
    path.write_bytes(b"\x00\x00\x08\x99" + bytes(8))
    with pytest.raises(data.DataError, match="not an IDX file"):
        data.read_idx(path)


@pytest.fixture
def file_server():
    """Serve folders on 127.0.0.1, as the official address would; yields a function of the folder."""
    with ExitStack() as stack:
        yield lambda folder: stack.enter_context(serve_folder(folder))


@needs_full_data
def test_download_is_verified_then_cached(isolated, monkeypatch, file_server):
    monkeypatch.setenv("FASHION_MNIST_URL", file_server(Path(FULL_DATA)))
    downloaded = data.locate()
    assert downloaded.origin == "download" and downloaded.directory == data.cache_dir()
    assert all((data.cache_dir() / entry.name).is_file() for entry in data.FILES)
    monkeypatch.setenv("FASHION_MNIST_URL", "http://127.0.0.1:9/")
    assert data.locate().origin == "cache"


@needs_full_data
def test_a_download_with_the_wrong_hash_is_not_used(isolated, monkeypatch, file_server):
    served = copy_official(isolated / "served")
    (served / "train-labels-idx1-ubyte.gz").write_bytes(b"not the labels")
    monkeypatch.setenv("FASHION_MNIST_URL", file_server(served))
    source = data.locate()
    assert source.origin == "sample" and "download" in source.fallback_reason
    assert not (data.cache_dir() / "train-labels-idx1-ubyte.gz").exists()


def test_without_network_the_sample_is_used_and_said(isolated):
    source = data.locate()
    assert source.origin == "sample" and not source.full
    assert "download" in source.fallback_reason
    with pytest.raises(data.DataError, match="not available"):
        data.locate("full")
    result = run_course("data")
    assert result.returncode == 0
    said = " ".join(result.stdout.split())
    assert "Using the bundled sample, not the full data, because the download failed (" in said
    assert (
        "set FASHION_MNIST_DIR to a folder" in said and "or pass --data sample to skip the download." in said
    )


def test_the_sample_is_small_real_and_balanced():
    source = data.locate("sample")
    size = sum(path.stat().st_size for path in source.directory.iterdir())
    assert size < 2 * 1024**2
    for split, per_class in (("train", data.SAMPLE_TRAIN_PER_CLASS), ("test", data.SAMPLE_TEST_PER_CLASS)):
        images, labels = data.load(split, source)
        assert images.shape == (10 * per_class, 28, 28)
        assert np.bincount(labels).tolist() == [per_class] * 10
    assert (source.directory / "LICENSE").read_text().startswith("The MIT License")


@needs_full_data
def test_the_sample_is_what_the_script_makes():
    for name, content in make_sample(Path(FULL_DATA)).items():
        assert (data.SAMPLE_DIR / name).read_bytes() == content, name


def test_loaded_arrays_are_read_only():
    images, labels = data.load("train", data.locate("sample"))
    with pytest.raises(ValueError):
        images[0, 0, 0] = 1
