"""Lesson 5, each initialisation written out in full."""

import numpy as np
from lesson4_softmax import relu


def he_init(layer_dims, rng):
    params = {}
    for i in range(1, len(layer_dims)):
        fan_in, fan_out = layer_dims[i - 1], layer_dims[i]
        weights = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
        params[f"W{i}"] = weights.astype(np.float32)
        params[f"b{i}"] = np.zeros((fan_out,), dtype=np.float32)
    return params


def xavier_init(layer_dims, rng):
    params = {}
    for i in range(1, len(layer_dims)):
        fan_in, fan_out = layer_dims[i - 1], layer_dims[i]
        spread = np.sqrt(2.0 / (fan_in + fan_out))
        params[f"W{i}"] = rng.normal(0.0, spread, size=(fan_in, fan_out)).astype(np.float32)
        params[f"b{i}"] = np.zeros((fan_out,), dtype=np.float32)
    return params


def activation_stats(X, params):
    layers = len(params) // 2
    spreads = []
    a = X
    for i in range(1, layers):
        a = relu(np.dot(a, params[f"W{i}"]) + params[f"b{i}"])
        spreads.append(float(np.std(a)))
    return spreads
