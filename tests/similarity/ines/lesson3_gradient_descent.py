"""Lesson 3: a gradient by nudging along each basis vector, and a loop with a logging helper."""

import numpy as np
from lesson2_logistic_regression import accuracy, init_zeros, log_loss, predict_proba


def numerical_gradient(f, x, eps=1e-5):
    base = np.array(x, dtype=np.float64)
    grad = np.zeros(base.size)
    for k in range(base.size):
        nudge = np.zeros(base.size)
        nudge[k] = eps
        nudge = nudge.reshape(base.shape)
        grad[k] = (f(base + nudge) - f(base - nudge)) / (2 * eps)
    return grad.reshape(base.shape)


def logistic_gradients(X, y, w, b):
    m = X.shape[0]
    error = predict_proba(X, w, b) - y.astype(X.dtype)
    dw = X.T.dot(error) / m
    db = float(np.sum(error) / m)
    return dw.astype(X.dtype), db


def gradient_descent(X, y, lr, steps, *, X_dev=None, y_dev=None, log_every=10):
    labels = y.astype(X.dtype)
    w, b = init_zeros(X.shape[1])
    w = w.astype(X.dtype)
    keys = ["step", "cost", "train_accuracy"] + (["dev_accuracy"] if X_dev is not None else [])
    history = {key: [] for key in keys}
    for step in range(steps + 1):
        if step % log_every == 0 or step == steps:
            probabilities = predict_proba(X, w, b)
            history["step"].append(step)
            history["cost"].append(log_loss(probabilities, labels))
            history["train_accuracy"].append(accuracy((probabilities >= 0.5).astype(int), y))
            if X_dev is not None:
                dev_predictions = (predict_proba(X_dev, w, b) >= 0.5).astype(int)
                history["dev_accuracy"].append(accuracy(dev_predictions, y_dev))
        if step == steps:
            break
        errors = predict_proba(X, w, b) - labels
        w = w - lr * (X.T @ errors) / len(X)
        b = b - lr * float(errors.mean())
    return w, float(b), history
