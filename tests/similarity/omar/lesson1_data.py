"""Lesson 1 by a student who likes `numpy.` spelled out and lookup tables."""

import numpy


def preprocess(images):
    count, rows, cols = images.shape
    out = numpy.empty((count, rows * cols), dtype=numpy.float32)
    out[...] = images.reshape(count, rows * cols)
    out /= 255
    return out


def select_classes(X, y, classes):
    wanted = numpy.asarray(list(classes))
    table = numpy.equal.outer(y, wanted)
    rows = numpy.flatnonzero(table.any(axis=1))
    labels = numpy.nonzero(table[rows])[1]
    return X[rows], labels


def one_hot(y, num_classes):
    identity = numpy.eye(num_classes, dtype=numpy.float32)
    return identity[numpy.asarray(y, dtype=numpy.intp)]


def train_dev_split(X, y, dev_size, rng):
    total = len(y)
    if isinstance(dev_size, (int, numpy.integer)):
        count = int(dev_size)
    else:
        count = int(numpy.rint(dev_size * total))
    shuffled = rng.permutation(total)
    train_idx, dev_idx = shuffled[count:], shuffled[:count]
    return X[train_idx], X[dev_idx], y[train_idx], y[dev_idx]
