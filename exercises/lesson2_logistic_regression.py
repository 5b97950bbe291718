"""Lesson 2: logistic regression, the model and its loss.

Fill in each function, then run `course check 2`. Replace each `raise NotImplementedError`
with your code. Keep the dtype you are given: float32 in, float32 out.
"""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function σ(z) = 1 / (1 + e^(-z)), elementwise.

    z: an array of any shape (or a number). Return: the same shape, values in [0, 1].
    It must be exact and silent for |z| up to 1e4: no overflow warnings, no NaN.

    Hint: `1 / (1 + np.exp(-z))` computes e^(1e4) for z = -1e4, which overflows to inf. For
    z < 0 the same number is e^z / (1 + e^z). Compute e = np.exp(-np.abs(z)), which never
    overflows, and pick the right formula per element with np.where.
    """
    raise NotImplementedError


def init_zeros(n_features: int) -> tuple[np.ndarray, float]:
    """The starting point of training: all weights zero.

    Return (w, b): w a float32 array of shape (n_features,) filled with zeros, b the float 0.0.

    Hint: np.zeros(n, dtype=np.float32). (Zero is fine here: the loss of logistic regression
    is convex, so there is no symmetry to break.)
    """
    raise NotImplementedError


def predict_proba(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """The model: the probability that each example is class 1.

    X: (m, n) examples as rows; w: (n,); b: a number. Return p = σ(X w + b), shape (m,).

    Hint: one matrix-vector product, `X @ w`, then your sigmoid.
    """
    raise NotImplementedError


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    """The mean binary cross-entropy J = -(1/m) Σ [y log p + (1 - y) log(1 - p)].

    p: (m,) probabilities; y: (m,) labels, 0 or 1. Return a Python float.
    It must stay finite when p holds exact 0s and 1s (a confident model does produce them).

    Hint: log(0) is -inf. Clip p into [ε, 1 - ε] first; in float32, 1 - 1e-12 rounds back to
    1.0, so take ε from the dtype: np.finfo(p.dtype).eps.
    """
    raise NotImplementedError


def predict(X: np.ndarray, w: np.ndarray, b: float, threshold: float = 0.5) -> np.ndarray:
    """Hard predictions: 1 where the probability is at least `threshold`, else 0.

    X: (m, n); w: (n,); b: a number. Return: an integer array of shape (m,) with values 0 and 1
    (p >= threshold gives 1, so p exactly 0.5 is class 1 at the default threshold).

    Hint: compare, then convert the booleans with .astype(int).
    """
    raise NotImplementedError


def accuracy(y_pred: np.ndarray, y_true: np.ndarray) -> float:
    """The fraction of predictions that are right.

    y_pred, y_true: (m,) labels. Return a Python float in [0, 1].

    Hint: np.mean(y_pred == y_true). Beware: if one of them has shape (m, 1), `==` broadcasts
    to an (m, m) matrix and the mean is nonsense; make sure both are flat.
    """
    raise NotImplementedError
