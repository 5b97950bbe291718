"""Make the bundled sample from the four official Fashion-MNIST files.

The sample is real data: the first 250 train and the first 100 test images of each class, in
the official files' order, written as gzipped IDX files with the official names so the same
loader reads them. It is deterministic to the byte (no timestamps in the gzip headers), and a
test checks that the shipped files are exactly what this script makes.

    python -m fashion_course.sample SOURCE_DIR [OUT_DIR]

SOURCE_DIR holds the official files; OUT_DIR defaults to `fashion_course/sample_data/`.
"""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

import numpy as np

from fashion_course.data import (
    FILES,
    SAMPLE_DIR,
    SAMPLE_TEST_PER_CLASS,
    SAMPLE_TRAIN_PER_CLASS,
    load,
    verified_source,
)


def first_of_each_class(labels: np.ndarray, per_class: int) -> np.ndarray:
    """Indices of the first `per_class` examples of every class, in their original order."""
    keep = np.concatenate([np.flatnonzero(labels == c)[:per_class] for c in np.unique(labels)])
    return np.sort(keep)


def idx_bytes(array: np.ndarray) -> bytes:
    """An IDX file: magic (2049 labels, 2051 images), the dimensions, then the uint8 values."""
    magic = 2049 if array.ndim == 1 else 2051
    header = b"".join(int(n).to_bytes(4, "big") for n in (magic, *array.shape))
    return header + np.ascontiguousarray(array, dtype=np.uint8).tobytes()


def gzip_bytes(content: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as stream:
        stream.write(content)
    return buffer.getvalue()


def make_sample(source_dir: Path) -> dict[str, bytes]:
    """The sample's four files (name -> gzipped bytes), made from the official files in `source_dir`."""
    source = verified_source("FASHION_MNIST_DIR", Path(source_dir))
    files = {}
    for split, per_class in (("train", SAMPLE_TRAIN_PER_CLASS), ("test", SAMPLE_TEST_PER_CLASS)):
        images, labels = load(split, source)
        keep = first_of_each_class(labels, per_class)
        arrays = {"images": images[keep], "labels": labels[keep]}
        for entry in FILES:
            if entry.split == split:
                files[entry.name] = gzip_bytes(idx_bytes(arrays[entry.kind]))
    return files


def main(argv: list[str]) -> None:
    if not 1 <= len(argv) <= 2:
        sys.exit(__doc__)
    out_dir = Path(argv[1]) if len(argv) == 2 else SAMPLE_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, content in make_sample(Path(argv[0])).items():
        (out_dir / name).write_bytes(content)
        print(f"{out_dir / name}: {len(content):,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
