"""Lesson 2: logistic regression, the model and its loss.

Fill in each function, then run `course check 2`. Replace each `raise NotImplementedError`
with your code. Keep the dtype you are given: float32 in, float32 out. The functions are in
the order the lesson page derives them; `course hint 2` helps step by step.
"""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function σ(z) = 1 / (1 + e^(-z)), elementwise.

    z: an array of any shape and float dtype (or a number).
    Return: an array of the same shape and dtype, values in [0, 1].
    It must be exact and silent for |z| up to 1e4: no overflow warnings, no NaN, no inf. The
    formula above, computed as written, overflows for large negative z; the page derives a form
    that never does ("A sigmoid that never overflows").
    """
    raise NotImplementedError


def predict_proba(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """The model: the probability that each example is class 1.

    X: (m, n) examples as rows; w: (n,) weights; b: a number, the bias.
    Return: p of shape (m,), the sigmoid of each example's score (its weighted sum of features,
    plus the bias), in X's dtype. No loop over the examples is needed.

    The page builds the score and its shapes ("The model: a score, then a probability").
    """
    raise NotImplementedError


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    """The mean binary cross-entropy of probabilities p against labels y.

    p: (m,) probabilities of class 1, float32 or float64; y: (m,) labels, 0 or 1.
    Return: a Python float, J = the mean over the examples of -log(the probability the model
    gave the true label). It must stay finite, and silent, when p holds exact 0s and 1s (a
    confident model does produce them), in float32 as well as in float64.

    The page derives J from the likelihood ("The loss: how surprised the model is") and shows
    how to keep it finite ("A loss that never returns infinity").
    """
    raise NotImplementedError


def init_zeros(n_features: int) -> tuple[np.ndarray, float]:
    """The starting point of training: all weights zero.

    Return (w, b): w a float32 array of shape (n_features,) filled with zeros; b the Python
    float 0.0 (not the int 0, and not a NumPy scalar, which could change the model's dtype).

    Zero is a fine start for logistic regression for two separate reasons, and neither holds
    for the networks of lessons 4-6: the page gives both ("Where training starts").
    """
    raise NotImplementedError


def predict(X: np.ndarray, w: np.ndarray, b: float, threshold: float = 0.5) -> np.ndarray:
    """Hard predictions: 1 where the probability of class 1 is at least `threshold`, else 0.

    X: (m, n); w: (n,); b: a number; threshold: a probability.
    Return: an integer array of shape (m,) holding 0s and 1s. A probability exactly equal to
    the threshold gives 1 (so p = 0.5 is class 1 at the default threshold).

    See "From probabilities to decisions" on the page.
    """
    raise NotImplementedError


def accuracy(y_pred: np.ndarray, y_true: np.ndarray) -> float:
    """The fraction of predictions that are right.

    y_pred, y_true: m labels each. Return: a Python float in [0, 1].
    Either may arrive as a column of shape (m, 1) instead of (m,): compare example i with
    example i all the same (the page shows what goes wrong otherwise, "From probabilities to
    decisions").
    """
    raise NotImplementedError
