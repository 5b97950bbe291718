"""Lesson 2, reference solution: logistic regression, the model and its loss."""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^(-z)), elementwise, without overflow for any z.

    For z >= 0 this is 1 / (1 + e^(-z)); for z < 0 the same number is e^z / (1 + e^z). Both
    only ever exponentiate -|z| <= 0, so e never overflows.   z: any shape -> same shape
    """
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def init_zeros(n_features: int, dtype: np.dtype = np.float32) -> tuple[np.ndarray, float]:
    """w = 0 (n,) float32, b = 0.0 (a Python float, so that X @ w + b keeps X's dtype).

    Zero is a fine start here for two separate reasons. The log loss is convex in (w, b), so
    gradient descent reaches the same minimum from any start. And the model has a single unit:
    each weight w_j gets its own gradient, which depends on its own pixel, so the weights move
    apart at the first step. (A hidden layer started at zero has identical units that get
    identical gradients and stay identical: lessons 4 and 5.)
    """
    return np.zeros(n_features, dtype=dtype), 0.0


def predict_proba(X: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    """p = σ(X w + b), the probability that each example is class 1.   X (m, n), w (n,) -> p (m,)"""
    return sigmoid(X @ w + b)


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    """J = -(1/m) Σ [y log p + (1 - y) log(1 - p)], with p clipped away from 0 and 1.

    p (m,) probabilities, y (m,) labels in {0, 1} -> a finite float, even when p holds exact 0s
    and 1s (clipping to [ε, 1 - ε] with ε the dtype's machine epsilon keeps log finite).
    """
    eps = np.finfo(p.dtype).eps if np.issubdtype(p.dtype, np.floating) else 1e-15
    p = np.clip(p, eps, 1 - eps)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


def predict(X: np.ndarray, w: np.ndarray, b: float, threshold: float = 0.5) -> np.ndarray:
    """ŷ = 1 where p >= threshold, else 0.   X (m, n) -> (m,) ints"""
    return (predict_proba(X, w, b) >= threshold).astype(np.int64)


def accuracy(y_pred: np.ndarray, y_true: np.ndarray) -> float:
    """The fraction of examples where y_pred equals y_true.   (m,), (m,) -> float in [0, 1]"""
    return float(np.mean(np.ravel(y_pred) == np.ravel(y_true)))
