"""Autograder checks for lesson 1 (data): preprocess, select_classes, one_hot, train_dev_split."""

from __future__ import annotations

import numpy as np
import pytest

from fashion_course import data
from fashion_course.grader.expect import call, expect_array, expect_tuple, expect_type


def numbered_images(m: int) -> np.ndarray:
    """uint8 (m, 28, 28) whose pixels differ from their neighbours, so any reordering shows."""
    i, r, c = np.indices((m, 28, 28))
    return ((37 * i + 29 * r + c) % 256).astype(np.uint8)


def pixelwise(images: np.ndarray) -> np.ndarray:
    """preprocess by its definition, one pixel at a time: X[i, 28 r + c] = images[i, r, c] / 255."""
    pixels = images.tolist()  # Python numbers: the loop reads like the definition and runs fast
    return np.array([[image[r][c] / 255.0 for r in range(28) for c in range(28)] for image in pixels])


PREPROCESS_HINT = (
    "pixel (r, c) of an image belongs in column 28 * r + c, divided by 255 "
    "(not by 256, nor by each image's own maximum)"
)


@pytest.mark.grades("preprocess")
def test_preprocess_flattens_row_by_row_and_scales(student):
    images = numbered_images(3)
    X = call(student.preprocess, images)
    expect_array(X, pixelwise(images), "preprocess(uint8 array (3, 28, 28))", hint=PREPROCESS_HINT)


@pytest.mark.grades("preprocess")
def test_preprocess_returns_float32(student):
    X = call(student.preprocess, numbered_images(2))
    expect_type(X, np.ndarray, "preprocess(uint8 array (2, 28, 28))")
    if X.dtype != np.float32:
        raise AssertionError(
            f"preprocess should return float32, got {X.dtype}: convert with .astype(np.float32) "
            "before dividing (float64 doubles the memory and halves the speed of every lesson)"
        )


@pytest.mark.grades("preprocess")
def test_preprocess_on_real_images(student):
    images, _ = data.load("test", data.locate("sample"))
    images = images[:50].copy()
    X = call(student.preprocess, images)
    expect_array(
        X,
        pixelwise(images),
        "preprocess(the first 50 real test images)",
        dtype=np.float32,
        hint=PREPROCESS_HINT,
    )
    assert X.min() >= 0 and X.max() <= 1, "preprocess should return values in [0, 1]"


LABELS = np.array([3, 0, 7, 1, 0, 3, 9, 1, 7, 0], dtype=np.uint8)


def rows_for(labels: np.ndarray) -> np.ndarray:
    """An example per label whose features remember its position: row i is [i, 10 * i]."""
    i = np.arange(len(labels), dtype=np.float32)
    return np.stack([i, 10 * i], axis=1)


@pytest.mark.grades("select_classes")
@pytest.mark.parametrize("classes", [(0, 1), (7, 3), (1, 9, 0)])
def test_select_classes_keeps_and_relabels(student, classes):
    X = rows_for(LABELS)
    result = call(student.select_classes, X, LABELS, classes)
    what = f"select_classes(X, y={LABELS.tolist()}, classes={list(classes)})"
    expect_tuple(result, 2, what)
    X_sub, y_sub = result
    keep = [i for i, label in enumerate(LABELS) if label in classes]
    expect_array(
        X_sub,
        X[keep],
        what + "[0], the rows kept",
        hint="keep the rows whose label is in `classes`, in their original order",
    )
    expect_array(
        y_sub,
        [classes.index(LABELS[i]) for i in keep],
        what + "[1], the new labels",
        hint=f"label classes[j] becomes j, in the order given: {classes[0]} -> 0, {classes[1]} -> 1",
    )
    if not np.issubdtype(y_sub.dtype, np.integer):
        raise AssertionError(f"{what}: the new labels should be integers, got {y_sub.dtype}")


@pytest.mark.grades("select_classes")
def test_select_classes_on_real_data(student):
    images, labels = data.load("train", data.locate("sample"))
    X = images.reshape(len(images), -1)
    X_sub, y_sub = call(student.select_classes, X, labels, [0, 1])
    expected = np.flatnonzero((labels == 0) | (labels == 1))
    what = "select_classes(sample train set, classes=[0, 1])"
    expect_array(X_sub, X[expected], what + "[0]", dtype=X.dtype)
    expect_array(y_sub, labels[expected], what + "[1]")


@pytest.mark.grades("one_hot")
def test_one_hot_values(student):
    y = np.array([2, 0, 1, 2, 4])
    Y = call(student.one_hot, y, 5)
    expected = np.zeros((5, 5))
    expected[np.arange(5), y] = 1
    expect_array(
        Y,
        expected,
        "one_hot(y=[2, 0, 1, 2, 4], num_classes=5)",
        hint="row i should have a single 1, in column y[i]",
    )
    if Y.dtype != np.float32:
        raise AssertionError(
            f"one_hot should return float32, got {Y.dtype}: the networks of lessons 4-6 train in float32, "
            "and a float64 Y would turn P - Y and every gradient after it into float64 "
            "(convert with .astype(np.float32), or pass dtype=np.float32 where you make the array)"
        )


@pytest.mark.grades("one_hot")
def test_one_hot_uses_num_classes_not_max_label(student):
    y = np.array([0, 1, 1], dtype=np.uint8)
    Y = call(student.one_hot, y, 10)
    expect_array(
        Y,
        np.eye(10)[y],
        "one_hot(y=[0, 1, 1] as uint8, num_classes=10)",
        hint="the width is num_classes, even when the largest label is smaller",
    )


def split_of(student, m: int, dev_size, seed: int):
    X = np.stack([np.arange(m), -np.arange(m)], axis=1).astype(np.float32)  # row i is [i, -i]
    y = (np.arange(m) * 7 % 10).astype(np.int64)  # label of row i
    result = call(student.train_dev_split, X, y, dev_size, np.random.default_rng(seed))
    what = f"train_dev_split(X {X.shape}, y {y.shape}, dev_size={dev_size!r}, rng)"
    expect_tuple(result, 4, what)
    for name, part, width in zip(("X_train", "X_dev", "y_train", "y_dev"), result, (2, 2, 1, 1)):
        expect_type(part, np.ndarray, f"{what}: {name}")
        if part.ndim != width:
            raise AssertionError(f"{what}: {name} should have {width} dimension(s), got shape {part.shape}")
    return what, result


def fraction_advice(m: int, dev_size: float) -> str:
    """What a float dev_size means, and why int() does not make it a count."""
    advice = (
        "; a float dev_size is a fraction of the examples: d = m * dev_size rounded to the nearest integer"
    )
    product = m * dev_size
    if int(product) != round(product):
        advice += (
            f" by round(), not cut down by int(): {m} * {dev_size} is {product!r} in floating point, "
            f"so int() gives {int(product)}"
        )
    return advice


@pytest.mark.grades("train_dev_split")
@pytest.mark.parametrize("dev_size, n_dev", [(30, 30), (0.25, 25), (0.29, 29)])
def test_train_dev_split_is_a_partition(student, dev_size, n_dev):
    what, (X_train, X_dev, y_train, y_dev) = split_of(student, 100, dev_size, seed=0)
    if (len(X_dev), len(y_dev)) != (n_dev, n_dev) or (len(X_train), len(y_train)) != (100 - n_dev,) * 2:
        raise AssertionError(
            f"{what}: expected {100 - n_dev} training and {n_dev} dev examples, got X_train "
            f"{X_train.shape}, X_dev {X_dev.shape}, y_train {y_train.shape}, y_dev {y_dev.shape}"
            + (fraction_advice(100, dev_size) if isinstance(dev_size, float) else "")
        )
    train_ids, dev_ids = X_train[:, 0].astype(int), X_dev[:, 0].astype(int)
    overlap = np.intersect1d(train_ids, dev_ids)
    if len(overlap):
        raise AssertionError(
            f"{what}: {len(overlap)} examples are in both sets, e.g. row {overlap[0]}; the dev set must be held out"
        )
    if sorted(np.concatenate([train_ids, dev_ids])) != list(range(100)):
        raise AssertionError(f"{what}: some examples are repeated or lost; each must land in exactly one set")
    for name, ids, X_part, y_part in (("train", train_ids, X_train, y_train), ("dev", dev_ids, X_dev, y_dev)):
        expect_array(X_part[:, 1], -ids, f"{what}: the {name} rows", hint="take whole rows of X")
        expect_array(
            y_part,
            ids * 7 % 10,
            f"{what}: the {name} labels",
            hint="index X and y with the same shuffled indices so each label stays with its example",
        )


@pytest.mark.grades("train_dev_split")
def test_train_dev_split_shuffles_reproducibly(student):
    what, first = split_of(student, 100, 20, seed=1)
    _, again = split_of(student, 100, 20, seed=1)
    _, other = split_of(student, 100, 20, seed=2)
    dev_ids = first[1][:, 0]
    if np.array_equal(np.sort(dev_ids), np.arange(80, 100)) or np.array_equal(
        np.sort(dev_ids), np.arange(20)
    ):
        raise AssertionError(f"{what}: the dev set is the first or last 20 rows; shuffle before splitting")
    if not all(np.array_equal(a, b) for a, b in zip(first, again)):
        raise AssertionError(
            f"{what}: two calls with generators seeded alike gave different splits; draw only from `rng`"
        )
    if np.array_equal(first[1], other[1]):
        raise AssertionError(
            f"{what}: generators with different seeds gave the same split; shuffle with `rng`"
        )
