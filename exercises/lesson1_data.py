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
    Return: a new float32 array X of shape (m, 784). Row i is image i read row by row, left to
    right, and every value is the pixel divided by 255 (the largest byte), so X lies in [0, 1].
    The dtype must be float32, not the float64 that dividing bytes gives by default. Do not
    change `images` itself.

    The lesson page derives where pixel (r, c) lands ("Images as vectors") and why 255
    ("Why divide by 255"). `course hint 1` helps step by step.
    """
    raise NotImplementedError


def select_classes(X: np.ndarray, y: np.ndarray, classes: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Keep only the examples of some classes, and relabel them 0, 1, ..., k-1.

    X: (m, n) examples; y: (m,) integer labels; classes: the labels to keep, e.g. [0, 1]
    for T-shirt/top vs Trouser, or [7, 5] for Sneaker vs Sandal.
    Return (X_sub, y_sub): X_sub (m_sub, n), the rows whose label is in `classes`, in their
    original order; y_sub (m_sub,) integers, their new labels: the label classes[j] becomes j,
    in the order given, not in sorted order (so [7, 5] maps 7 -> 0 and 5 -> 1).

    The page explains why ("Choosing classes, and relabelling them").
    """
    raise NotImplementedError


def one_hot(y: np.ndarray, num_classes: int) -> np.ndarray:
    """Encode integer labels as one-hot rows.

    y: (m,) integers in 0..num_classes-1 (any integer dtype, uint8 included).
    Return: a float32 array Y of shape (m, num_classes): row i has a 1 in column y[i] and 0
    elsewhere. The width is num_classes even when the largest label in y is smaller. float32 is
    the dtype the networks of lessons 4-6 train in; float64 is wrong here.

    The page says why labels become rows, and why the dtype matters ("One-hot labels").
    """
    raise NotImplementedError


def train_dev_split(
    X: np.ndarray, y: np.ndarray, dev_size: int | float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle the examples, then hold some out as a development (validation) set.

    X: (m, n); y: (m,); dev_size: a number of examples d (an int) or a fraction of m (a float,
    such as 0.1, giving d = m * dev_size rounded to the nearest integer); rng: a
    numpy.random.Generator, the only source of randomness you may use (never np.random.*).
    Return (X_train, X_dev, y_train, y_dev), shapes (m - d, n), (d, n), (m - d,), (d,): every
    example in exactly one of the two sets, with its own label, in shuffled order. The same seed
    must give the same split. Do not change X or y.

    The page lists what makes a split honest ("An honest development split").
    """
    raise NotImplementedError
