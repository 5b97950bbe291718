"""Lesson 3 after CS231n's gradient check: nditer over the entries, and einsum for the gradient."""

import numpy
from lesson2_logistic_regression import accuracy, init_zeros, log_loss, predict_proba


def numerical_gradient(f, x, eps=1e-5):
    xc = x.astype(numpy.float64, copy=True)
    g = numpy.zeros(xc.shape)
    it = numpy.nditer(xc, flags=["multi_index"], op_flags=[["readwrite"]])
    while not it.finished:
        ix = it.multi_index
        old = xc[ix]
        xc[ix] = old + eps
        fxph = f(xc)
        xc[ix] = old - eps
        fxmh = f(xc)
        xc[ix] = old
        g[ix] = (fxph - fxmh) / (2 * eps)
        it.iternext()
    return g


def logistic_gradients(X, y, w, b):
    residual = predict_proba(X, w, b) - numpy.asarray(y, dtype=X.dtype)
    grad_w = numpy.einsum("ij,i->j", X, residual) / len(residual)
    return grad_w.astype(X.dtype), float(residual.mean())


def _record(history, step, X, y, w, b, X_dev, y_dev):
    scores = predict_proba(X, w, b)
    guesses = (scores >= 0.5).astype(y.dtype)
    for key, value in (("step", step), ("cost", log_loss(scores, y)), ("train_accuracy", accuracy(guesses, y))):
        history[key].append(value)
    if X_dev is not None:
        dev_guesses = numpy.where(predict_proba(X_dev, w, b) >= 0.5, 1, 0)
        history["dev_accuracy"].append(accuracy(dev_guesses, y_dev))


def gradient_descent(X, y, lr, steps, *, X_dev=None, y_dev=None, log_every=10):
    y = numpy.asarray(y, dtype=X.dtype)
    w, b = init_zeros(X.shape[1])
    w = w.astype(X.dtype)
    history = {"step": [], "cost": [], "train_accuracy": []}
    if X_dev is not None:
        history["dev_accuracy"] = []
    step = 0
    _record(history, step, X, y, w, b, X_dev, y_dev)
    while step < steps:
        residual = predict_proba(X, w, b) - y
        w -= lr * (residual @ X) / len(y)
        b -= lr * float(numpy.mean(residual))
        step += 1
        if step % log_every == 0 or step == steps:
            _record(history, step, X, y, w, b, X_dev, y_dev)
    return w, float(b), history
