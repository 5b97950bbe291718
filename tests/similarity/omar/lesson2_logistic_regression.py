"""Lesson 2 through log-sum-exp, the way a statistics student writes it."""

import numpy


def sigmoid(z):
    return numpy.exp(-numpy.logaddexp(0, -z))


def predict_proba(X, w, b):
    return sigmoid(numpy.matmul(X, w) + b)


def log_loss(p, y):
    p = numpy.asarray(p)
    floor = numpy.finfo(p.dtype).eps
    prob_of_truth = numpy.where(numpy.asarray(y) == 1, p, 1 - p)
    prob_of_truth = numpy.clip(prob_of_truth, floor, 1.0)
    return float(numpy.mean(-numpy.log(prob_of_truth)))


def init_zeros(n_features):
    return numpy.full(n_features, 0, dtype=numpy.float32), 0.0


def predict(X, w, b, threshold=0.5):
    probabilities = predict_proba(X, w, b)
    labels = numpy.zeros(probabilities.shape, dtype=int)
    labels[probabilities >= threshold] = 1
    return labels


def accuracy(y_pred, y_true):
    a = numpy.asarray(y_pred).reshape(-1)
    b = numpy.asarray(y_true).reshape(-1)
    return float((a == b).sum() / b.size)
