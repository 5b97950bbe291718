"""Lesson 5, reference solution: initialisations that keep the signal alive through depth."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from lesson4_softmax import relu


def scaled_normal_init(
    layer_dims: Sequence[int], rng: np.random.Generator, gain: float, dtype: np.dtype = np.float32
) -> dict[str, np.ndarray]:
    """W_l ~ N(0, gain / fan_in) of shape (fan_in, fan_out), b_l = 0, where fan_in = n_{l-1}."""
    params = {}
    for layer, (fan_in, fan_out) in enumerate(zip(layer_dims[:-1], layer_dims[1:]), start=1):
        params[f"W{layer}"] = (rng.standard_normal((fan_in, fan_out)) * np.sqrt(gain / fan_in)).astype(dtype)
        params[f"b{layer}"] = np.zeros(fan_out, dtype=dtype)
    return params


def he_init(layer_dims: Sequence[int], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """He et al. (2015): Var(W) = 2 / fan_in, which keeps E[A²] constant through ReLU layers
    (ReLU zeroes half of each unit's input, the 2 makes up for it)."""
    return scaled_normal_init(layer_dims, rng, gain=2.0)


def xavier_init(layer_dims: Sequence[int], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Glorot and Bengio (2010), fan-in form: Var(W) = 1 / fan_in, right for tanh, too small for ReLU."""
    return scaled_normal_init(layer_dims, rng, gain=1.0)


def activation_stats(X: np.ndarray, params: dict[str, np.ndarray]) -> list[float]:
    """The standard deviation of A_l = relu(A_{l-1} W_l + b_l) for each hidden layer l = 1..L-1."""
    L = len(params) // 2
    stats, A = [], X
    for layer in range(1, L):
        A = relu(A @ params[f"W{layer}"] + params[f"b{layer}"])
        stats.append(float(A.std()))
    return stats
