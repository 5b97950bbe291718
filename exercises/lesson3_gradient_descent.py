"""Lesson 3: a numerical gradient, the gradient of the log loss checked against it, and the loop.

Fill in each function, in order, then run `course check 3`. The lesson page derives each one:
"Measuring a gradient without calculus", "Deriving the gradient of the log loss", "The training
loop". This file uses your lesson 2 functions when you run it yourself; the grader gives it the
reference lesson 2, so a bug there never fails a check here.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from lesson2_logistic_regression import accuracy, init_zeros, log_loss, predict_proba  # noqa: F401


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """Estimate the gradient of f at x by central differences, one element at a time.

    f: a function of one array (shaped like x) that returns a float; x: an array of any shape and
    any float dtype; eps: the size of the nudge, used as given.
    Return a float64 array shaped like x whose element i estimates df/dx_i from f evaluated at x
    with element i nudged up by eps and down by eps (page section "Measuring a gradient without
    calculus" says why central, and why float64). Leave the caller's x unchanged.
    """
    raise NotImplementedError


def logistic_gradients(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    """The gradient of the mean log loss J(w, b) of lesson 2 with respect to w and b.

    X: (m, n) examples as rows; y: (m,) labels 0 or 1; w: (n,) weights; b: the bias, a number.
    Return (dw, db): dw = ∂J/∂w of shape (n,) with X's dtype (float32 in, float32 out), and
    db = ∂J/∂b as a Python float. Derive both on paper first: page section "Deriving the gradient
    of the log loss". J is a mean over the m examples, so the gradient is too.
    """
    raise NotImplementedError


def gradient_descent(
    X: np.ndarray,
    y: np.ndarray,
    lr: float,
    steps: int,
    *,
    X_dev: np.ndarray | None = None,
    y_dev: np.ndarray | None = None,
    log_every: int = 10,
) -> tuple[np.ndarray, float, dict[str, list]]:
    """Train logistic regression with full-batch gradient descent, from w = 0, b = 0.

    X: (m, n); y: (m,) labels 0 or 1; lr: the learning rate; steps: how many updates.
    Each step moves w and b against the gradient from your logistic_gradients, scaled by lr
    (page sections "Why" and "The training loop").
    Return (w, b, history): w of shape (n,) with X's dtype, b a Python float, and history a dict
    of lists with one entry each time you log: at step 0 (before any update), every `log_every`
    steps, and after the last step (once, even if it is also a multiple of `log_every`):
        "step": the number of updates so far, "cost": log_loss on (X, y),
        "train_accuracy": accuracy on (X, y) of the predictions p >= 0.5, and, only when X_dev
        and y_dev are given, "dev_accuracy": accuracy on (X_dev, y_dev).
    y may come as integers: work with it in X's dtype so float32 data stays float32. The same
    call twice must give the same result. Do not log on every step: each log is a pass over X.
    """
    raise NotImplementedError
