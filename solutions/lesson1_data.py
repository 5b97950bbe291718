"""Lesson 1, reference solution: from uint8 images to vectors, labels and an honest split."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def preprocess(images: np.ndarray) -> np.ndarray:
    """Flatten each image row by row and scale it to [0, 1].

    images: uint8 (m, 28, 28)  ->  X: float32 (m, 784),  X[i, 28 * r + c] = images[i, r, c] / 255
    """
    return images.reshape(len(images), -1).astype(np.float32) / np.float32(255)


def select_classes(X: np.ndarray, y: np.ndarray, classes: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Keep the examples whose label is in `classes`, relabelled 0..k-1 in the order given.

    X: (m, n), y: (m,) ints  ->  X_sub: (m_sub, n), y_sub: (m_sub,) with y_sub = classes.index(y)
    The examples keep their original order.
    """
    keep = np.isin(y, classes)
    y_sub = (y[keep, None] == np.asarray(classes)).argmax(axis=1)  # (m_sub, k) matches -> index
    return X[keep], y_sub


def one_hot(y: np.ndarray, num_classes: int, dtype: np.dtype = np.float32) -> np.ndarray:
    """Y[i, c] = 1 if y[i] == c else 0.   y: (m,) ints in 0..C-1  ->  Y: (m, C)"""
    return (y[:, None] == np.arange(num_classes)).astype(dtype)


def train_dev_split(
    X: np.ndarray, y: np.ndarray, dev_size: int | float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle, then hold out `dev_size` examples (an int) or that fraction of them (a float).

    X: (m, n), y: (m,)  ->  X_train (m - d, n), X_dev (d, n), y_train (m - d,), y_dev (d,)
    A fraction gives d = m * dev_size rounded to the nearest integer: int() alone would
    truncate, and 100 * 0.29 is 28.999999999999996 in floating point.
    Every example lands in exactly one of the two sets, with its own label.
    """
    m = len(X)
    d = int(round(dev_size * m)) if isinstance(dev_size, float) else int(dev_size)
    order = rng.permutation(m)
    dev, train = order[:d], order[d:]
    return X[train], X[dev], y[train], y[dev]
