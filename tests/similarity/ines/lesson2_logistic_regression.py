"""Lesson 2 from scratch, another way: correct, and not the reference's code."""

import numpy as np


def sigmoid(z):
    z = np.asarray(z)
    out = np.empty_like(z)
    positive = z >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-z[positive]))
    exp_z = np.exp(z[~positive])
    out[~positive] = exp_z / (exp_z + 1.0)
    return out


def init_zeros(n_features):
    weights = np.zeros((n_features,), np.float32)
    return weights, float(0)


def predict_proba(X, w, b):
    scores = np.dot(X, w) + b
    return sigmoid(scores)


def log_loss(p, y):
    tiny = np.finfo(p.dtype).eps
    safe = np.minimum(np.maximum(p, tiny), 1 - tiny)
    losses = np.where(y == 1, -np.log(safe), -np.log(1 - safe))
    return float(losses.sum() / losses.size)


def predict(X, w, b, threshold=0.5):
    return np.where(predict_proba(X, w, b) >= threshold, 1, 0)


def accuracy(y_pred, y_true):
    hits = np.count_nonzero(np.reshape(y_pred, -1) == np.reshape(y_true, -1))
    return hits / np.size(y_true)
