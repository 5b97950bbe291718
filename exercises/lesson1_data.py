"""Lesson 1: from uint8 images to vectors, labels and an honest split.

Fill in each function, then run `course check 1`. Replace each `raise NotImplementedError`
with your code. Use NumPy only; no loops over examples are needed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def preprocess(images: np.ndarray) -> np.ndarray:
    """Turn a stack of images into a matrix of examples, one per row, scaled to [0, 1].

    images: uint8 array of shape (m, 28, 28), pixel values 0..255.
    Return: float32 array of shape (m, 784), where row i is image i read row by row
    (pixel (r, c) goes to column 28 * r + c), divided by 255.

    Hint: `images.reshape(m, -1)` flattens in row-major (C) order. Convert to float32 *before*
    dividing, or the division happens in float64 (and costs twice the memory). Do not change
    `images` itself.
    """
    raise NotImplementedError


def select_classes(X: np.ndarray, y: np.ndarray, classes: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Keep only the examples of some classes, and relabel them 0, 1, ..., k-1.

    X: (m, n) examples; y: (m,) integer labels; classes: the labels to keep, e.g. [0, 1]
    for T-shirt/top vs Trouser, or [7, 5] for Sneaker vs Sandal.
    Return (X_sub, y_sub): the rows whose label is in `classes`, in their original order, and
    their new labels, where the label classes[j] becomes j (so [7, 5] maps 7 -> 0, 5 -> 1).

    Hint: `np.isin(y, classes)` gives a boolean mask of the rows to keep. Relabel in the order
    given, not in sorted order.
    """
    raise NotImplementedError


def one_hot(y: np.ndarray, num_classes: int) -> np.ndarray:
    """Encode integer labels as one-hot rows.

    y: (m,) integers in 0..num_classes-1.
    Return: float array Y of shape (m, num_classes) with Y[i, y[i]] = 1 and zeros elsewhere.
    Use float32, the dtype the networks of lessons 4-6 train in.

    Hint: compare `y[:, None]` with `np.arange(num_classes)` and convert the booleans.
    """
    raise NotImplementedError


def train_dev_split(
    X: np.ndarray, y: np.ndarray, dev_size: int | float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle the examples, then hold some out as a development (validation) set.

    X: (m, n); y: (m,); dev_size: a number of examples (int) or a fraction of m (float, such
    as 0.1); rng: a numpy.random.Generator, the only source of randomness you may use.
    Return (X_train, X_dev, y_train, y_dev): every example in exactly one of the two sets,
    each with its own label, in shuffled order.

    Hint: `order = rng.permutation(m)` shuffles the indices once; index X and y with the
    same `order` so rows and labels stay together. Never call np.random.* directly.
    """
    raise NotImplementedError
