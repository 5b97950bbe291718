"""Lesson 3: the gradient of the log loss, checked numerically, and the training loop.

Fill in each function, then run `course check 3`. This file uses your lesson 2 functions when
you run it yourself; the grader gives it the reference lesson 2, so a bug there never fails
a check here.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from lesson2_logistic_regression import accuracy, init_zeros, log_loss, predict_proba  # noqa: F401


def logistic_gradients(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    """The gradient of the mean log loss with respect to w and b.

    X: (m, n); y: (m,) labels 0 or 1; w: (n,); b: a number.
    Return (dw, db): dw of shape (n,) and dtype of X, db a float, where with p = σ(X w + b)
        dw = X^T (p - y) / m,   db = Σ (p - y) / m.

    Hint: derive it once on paper: dJ/dz = (p - y) / m for z = X w + b. Forgetting the 1/m
    makes the gradient m times too big. `X.T @ v` sums over the examples.
    """
    raise NotImplementedError


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """Estimate the gradient of f at x by central differences.

    f: a function of one array returning a float; x: an array of any shape.
    Return g with the shape of x, g[i] = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps), where
    e_i is 1 at element i and 0 elsewhere. Do not change the caller's x.

    Hint: work on a float64 copy; loop over `np.ndindex(x.shape)`; nudge one element up,
    evaluate, nudge it down, evaluate, and put it back before moving on.
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
    Each step: w <- w - lr * dw, b <- b - lr * db, with your logistic_gradients.
    Return (w, b, history). history is a dict of lists, one entry each time you log: at step 0
    (before any update), every `log_every` steps, and after the last step:
        "step": the number of updates so far, "cost": log_loss on (X, y),
        "train_accuracy": accuracy on (X, y), and, only when X_dev and y_dev are given,
        "dev_accuracy": accuracy on (X_dev, y_dev).

    Hint: loop `for step in range(steps + 1)`, log when step % log_every == 0 or step ==
    steps, and update while step < steps. Convert y to X's dtype once, before the loop, so
    p - y stays float32. Do not log on every step: it doubles the run time.
    """
    raise NotImplementedError
