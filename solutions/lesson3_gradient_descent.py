"""Lesson 3, reference solution: the gradient of the log loss, checked, and the training loop."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from lesson2_logistic_regression import accuracy, init_zeros, log_loss, predict_proba


def logistic_gradients(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    """Gradients of the mean log loss J(w, b) = -(1/m) Σ [y log p + (1 - y) log(1 - p)].

    With p = σ(X w + b), the chain rule collapses to   dJ/dz = (p - y) / m,   so
        dw = X^T (p - y) / m    (n,)
        db = Σ (p - y) / m      float
    X (m, n), y (m,) in {0, 1}, w (n,), b float.
    """
    p = predict_proba(X, w, b)
    dz = (p - y.astype(p.dtype, copy=False)) / len(X)  # (m,)
    return X.T @ dz, float(dz.sum())


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """Central differences: g[i] = (f(x + ε e_i) - f(x - ε e_i)) / 2ε, for every element i of x.

    The error is O(ε²). x is any shape; g has its shape (float64). x is restored after each probe.
    """
    x_probe = x.astype(np.float64)  # a float64 copy: the caller's x is never touched
    grad = np.zeros_like(x_probe)
    for i in np.ndindex(x.shape):
        saved = x_probe[i]
        x_probe[i] = saved + eps
        f_plus = f(x_probe)
        x_probe[i] = saved - eps
        f_minus = f(x_probe)
        x_probe[i] = saved
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def gradient_descent(
    X: np.ndarray,
    y: np.ndarray,
    lr: float,
    steps: int,
    *,
    X_dev: np.ndarray | None = None,
    y_dev: np.ndarray | None = None,
    log_every: int = 10,
    on_log: Callable[[dict], None] | None = None,
) -> tuple[np.ndarray, float, dict[str, list]]:
    """Full-batch gradient descent on logistic regression, from w = 0, b = 0.

    Each step: w <- w - lr dw, b <- b - lr db. Every `log_every` steps (and after the last)
    the history records the step, the cost and the training accuracy (and the dev accuracy when
    X_dev, y_dev are given); `on_log(history)` is then called, for progress bars.
    Computing the accuracy on every step would double the run time: hence the interval.
    X (m, n), y (m,) in {0, 1} -> w (n,), b float, history dict of lists.
    """
    w, b = init_zeros(X.shape[1], dtype=X.dtype)
    y = y.astype(X.dtype)
    history: dict[str, list] = {"step": [], "cost": [], "train_accuracy": []}
    if X_dev is not None:
        history["dev_accuracy"] = []
    for step in range(steps + 1):
        if step % log_every == 0 or step == steps:
            p = predict_proba(X, w, b)
            history["step"].append(step)
            history["cost"].append(log_loss(p, y))
            history["train_accuracy"].append(accuracy(p >= 0.5, y))
            if X_dev is not None:
                history["dev_accuracy"].append(accuracy(predict_proba(X_dev, w, b) >= 0.5, y_dev))
            if on_log:
                on_log(history)
        if step < steps:
            dw, db = logistic_gradients(X, y, w, b)
            w, b = w - lr * dw, b - lr * db
    return w, b, history
