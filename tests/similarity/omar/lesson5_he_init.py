"""Lesson 5 with one initialiser parameterised by a gain, as in the PyTorch documentation."""

import math

import numpy
from lesson4_softmax import relu


def _gaussian_layers(layer_dims, rng, std_of):
    result = {}
    for index in range(len(layer_dims) - 1):
        n_in, n_out = int(layer_dims[index]), int(layer_dims[index + 1])
        draw = rng.standard_normal((n_in, n_out)) * std_of(n_in, n_out)
        result["W" + str(index + 1)] = draw.astype(numpy.float32)
        result["b" + str(index + 1)] = numpy.zeros(n_out, numpy.float32)
    return result


def he_init(layer_dims, rng):
    return _gaussian_layers(layer_dims, rng, lambda n_in, n_out: math.sqrt(2 / n_in))


def xavier_init(layer_dims, rng):
    return _gaussian_layers(layer_dims, rng, lambda n_in, n_out: math.sqrt(2 / (n_in + n_out)))


def activation_stats(X, params):
    hidden = [numpy.asarray(X)]
    names = sorted(key for key in params if key.startswith("W"))
    for index in range(1, len(names)):
        hidden.append(relu(hidden[-1] @ params["W" + str(index)] + params["b" + str(index)]))
    return [float(layer.std()) for layer in hidden[1:]]
