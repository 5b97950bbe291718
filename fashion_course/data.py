"""Fashion-MNIST: where the files come from, how they are verified, and how they are read.

The four official files are looked for, in order:

1. the directory named by the environment variable `FASHION_MNIST_DIR`;
2. the user's cache (`~/.cache/fashion-course/fashion-mnist` on Linux);
3. a download from Zalando's official address into that cache, verified against the MD5s
   Zalando publishes (with pooch);
4. the small real sample that ships inside this package (`fashion_course/sample_data/`).

Every file is checked against its known MD5 before it is read; a file that does not match is
never used. Usage:

    from fashion_course import data
    source = data.locate()                     # which files, and from where
    images, labels = data.load("train")        # uint8 (m, 28, 28), uint8 (m,)
"""

from __future__ import annotations

import gzip
import hashlib
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from fashion_course.workspace import user_cache

CLASS_NAMES: tuple[str, ...] = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)

OFFICIAL_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"
SAMPLE_DIR = Path(__file__).parent / "sample_data"
SPLITS = ("train", "test")
SAMPLE_TRAIN_PER_CLASS = 250  # the bundled sample: the first 250 train and 100 test images
SAMPLE_TEST_PER_CLASS = 100  # of each class, in the official files' order


@dataclass(frozen=True)
class DataFile:
    split: str
    kind: str  # "images" or "labels"
    name: str  # the official gzipped file name
    md5: str  # of the official .gz file, as Zalando publishes it
    raw_md5: str  # of its decompressed contents, for a folder of unzipped files
    sample_md5: str  # of the bundled sample's file of the same name

    @property
    def raw_name(self) -> str:
        return self.name.removesuffix(".gz")


FILES: tuple[DataFile, ...] = (
    DataFile(
        "train",
        "images",
        "train-images-idx3-ubyte.gz",
        "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
        "f4a8712d7a061bf5bd6d2ca38dc4d50a",
        "b6e0faf5a0e382df5586f29c2b8eb6bb",
    ),
    DataFile(
        "train",
        "labels",
        "train-labels-idx1-ubyte.gz",
        "25c81989df183df01b3e8a0aad5dffbe",
        "9018921c3c673c538a1fc5bad174d6f9",
        "02b1c894c043336b27ae4aeea3bae79a",
    ),
    DataFile(
        "test",
        "images",
        "t10k-images-idx3-ubyte.gz",
        "bef4ecab320f06d8554ea6380940ec79",
        "8181f5470baa50b63fa0f6fddb340f0a",
        "06dafe375039ffc07616760e30695824",
    ),
    DataFile(
        "test",
        "labels",
        "t10k-labels-idx1-ubyte.gz",
        "bb300cfdad3c16e7a12a480ee83cd310",
        "15d484375f8d13e6eb1aabb0c3f46965",
        "ed8855620c744eaf0de8644400899f57",
    ),
)


class DataError(RuntimeError):
    """A data file that is missing, truncated or corrupt; the message is one line for the user."""


@dataclass(frozen=True)
class DataSource:
    """Where the four files are: `origin` says how they were found, `full` whether all 70,000."""

    origin: str  # "FASHION_MNIST_DIR", "cache", "download" or "sample"
    directory: Path
    fallback_reason: str = field(default="", compare=False)  # why not the full data, if not

    @property
    def full(self) -> bool:
        return self.origin != "sample"

    @property
    def kind(self) -> str:
        """ "full" or "sample": how results name the data they came from."""
        return "full" if self.full else "sample"

    @property
    def fallback_notice(self) -> str:
        """One sentence for a run that fell back to the sample: why, and what to do about it."""
        return (
            f"Using the bundled sample, not the full data, because {self.fallback_reason}: for the full "
            "data, set FASHION_MNIST_DIR to a folder holding the four official .gz files (or connect to "
            "the internet), or pass --data sample to skip the download."
        )

    @property
    def description(self) -> str:
        if self.full:
            return f"full Fashion-MNIST (60,000 train, 10,000 test) from {self.directory} ({self.origin})"
        return (
            f"the bundled sample ({sample_sizes()[0]:,} train, {sample_sizes()[1]:,} test images), "
            "not the full data set"
        )


def cache_dir() -> Path:
    """The user's cache for the downloaded files."""
    return user_cache() / "fashion-mnist"


def md5sum(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def file_in(directory: Path, entry: DataFile) -> Path | None:
    """The gzipped or the raw file of `entry` in `directory`, if either is there."""
    for name in (entry.name, entry.raw_name):
        if (directory / name).is_file():
            return directory / name
    return None


def verify_file(path: Path, entry: DataFile, origin: str) -> None:
    """Raise `DataError` unless `path` holds exactly the file `entry` describes."""
    if origin == "sample":
        expected = entry.sample_md5
    else:
        expected = entry.md5 if path.suffix == ".gz" else entry.raw_md5
    if md5sum(path) != expected:
        size = path.stat().st_size
        if origin == "sample":
            advice = "the installed package is damaged; reinstall fashion-course"
        elif origin == "FASHION_MNIST_DIR":
            advice = "replace it with the official file, or unset FASHION_MNIST_DIR"
        else:
            advice = "delete it and the course will download it again"
        raise DataError(
            f"{path.name} in {path.parent} ({origin}) is corrupt or truncated "
            f"({size:,} bytes, MD5 does not match the official file): {advice}"
        )


def verified_source(origin: str, directory: Path) -> DataSource:
    """The source in `directory`, once all four files in it are there and verified."""
    for entry in FILES:
        path = file_in(directory, entry)
        if path is None:
            raise DataError(
                f"{entry.name} is missing from {directory} ({origin}): "
                "put the four official Fashion-MNIST files there"
            )
        verify_file(path, entry, origin)
    return DataSource(origin, directory)


def _download(directory: Path) -> DataSource:
    """Fetch the four official files into `directory`, verifying each MD5 (pooch does both)."""
    import pooch

    pooch.get_logger().setLevel("WARNING")  # the course says what it does, in one sentence
    url = os.environ.get("FASHION_MNIST_URL", OFFICIAL_URL)
    downloader = pooch.HTTPDownloader(timeout=(5, 120), progressbar=False)
    for entry in FILES:
        pooch.retrieve(
            url.rstrip("/") + "/" + entry.name,
            known_hash=f"md5:{entry.md5}",
            fname=entry.name,
            path=directory,
            downloader=downloader,
        )
    return DataSource("download", directory)


def locate(want: str = "auto", download: bool = True) -> DataSource:
    """Find the data: `want` is "auto" (best available), "full" (or fail) or "sample".

    A folder named by `FASHION_MNIST_DIR` that is incomplete or corrupt is an error, not
    something to fall back from: the user asked for it. A failed download falls back to the
    bundled sample, and the source's `fallback_reason` says why.
    """
    if want not in ("auto", "full", "sample"):
        raise ValueError(f"want must be 'auto', 'full' or 'sample', not {want!r}")
    if want == "sample":
        return verified_source("sample", SAMPLE_DIR)
    named = os.environ.get("FASHION_MNIST_DIR")
    if named:
        directory = Path(named).expanduser()
        if not directory.is_dir():
            raise DataError(f"FASHION_MNIST_DIR={named} is not a directory: fix or unset it")
        return verified_source("FASHION_MNIST_DIR", directory)
    cached = cache_dir()
    if all(file_in(cached, entry) for entry in FILES):
        return verified_source("cache", cached)
    problem = "downloading was turned off"
    if download:
        try:
            return _download(cached)
        except Exception as error:  # no network, a refused connection, a wrong hash
            problem = f"the download failed ({_why(error)})"
    if want == "full":
        raise DataError(f"the full Fashion-MNIST is not available: {problem}; set FASHION_MNIST_DIR")
    sample = verified_source("sample", SAMPLE_DIR)
    return DataSource(sample.origin, sample.directory, fallback_reason=problem)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:160] if text else type(error).__name__


def _why(error: BaseException) -> str:
    """A download's failure in a few words: no connection, the server's answer, a bad checksum."""
    name, text = type(error).__name__, str(error)
    if "Connection" in name or "Timeout" in name or "resolve" in text or "Errno" in text:
        return "there is no connection to its server"
    if "HTTPError" in name:
        return f"its server answered {text.split(' for url')[0][:60]}"
    if "hash" in text.lower():
        return "a file did not match its published checksum"
    return f"{name}: {text.splitlines()[0][:80]}" if text.strip() else name


def read_idx(path: Path) -> np.ndarray:
    """Read an IDX file (gzipped or raw): magic 2049 is a label vector, 2051 an image stack."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as stream:
            content = stream.read()
    except (OSError, EOFError) as error:
        raise DataError(f"{path.name} in {path.parent} cannot be read ({_first_line(error)})") from None
    magic = int.from_bytes(content[:4], "big")
    ndim = {2049: 1, 2051: 3}.get(magic)
    if ndim is None:
        raise DataError(f"{path.name} in {path.parent} is not an IDX file (magic number {magic})")
    shape = tuple(int.from_bytes(content[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    offset = 4 + 4 * ndim
    if len(content) - offset != int(np.prod(shape)):
        raise DataError(f"{path.name} in {path.parent} is truncated: header says {shape}")
    return np.frombuffer(content, dtype=np.uint8, offset=offset).reshape(shape)


@cache
def _load(split: str, source: DataSource) -> tuple[np.ndarray, np.ndarray]:
    arrays = []
    for entry in FILES:
        if entry.split == split:
            arrays.append(read_idx(file_in(source.directory, entry)))
    images, labels = arrays
    images.flags.writeable = False  # shared by every caller: nobody may change it
    labels.flags.writeable = False
    return images, labels


def load(split: str = "train", source: DataSource | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Images uint8 (m, 28, 28) and labels uint8 (m,) of `split` ("train" or "test").

    The arrays are read-only and cached for the life of the process; copy before changing them.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    return _load(split, source or locate())


def sample_sizes() -> tuple[int, int]:
    """How many train and test images the bundled sample holds."""
    return SAMPLE_TRAIN_PER_CLASS * len(CLASS_NAMES), SAMPLE_TEST_PER_CLASS * len(CLASS_NAMES)
