"""Lesson 5, reference solution: initialisations that keep the signal alive through depth."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from lesson4_softmax import relu


def normal_init(
    layer_dims: Sequence[int],
    rng: np.random.Generator,
    variance: Callable[[int, int], float],
    dtype: np.dtype = np.float32,
) -> dict[str, np.ndarray]:
    """W_l ~ N(0, variance(fan_in, fan_out)) of shape (fan_in, fan_out), b_l = 0 of shape (fan_out,),
    where fan_in = n_{l-1} and fan_out = n_l."""
    params = {}
    for layer, (fan_in, fan_out) in enumerate(zip(layer_dims[:-1], layer_dims[1:]), start=1):
        std = np.sqrt(variance(fan_in, fan_out))
        params[f"W{layer}"] = (rng.standard_normal((fan_in, fan_out)) * std).astype(dtype)
        params[f"b{layer}"] = np.zeros(fan_out, dtype=dtype)
    return params


def he_init(layer_dims: Sequence[int], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """He et al. (2015): Var(W_l) = 2 / n_{l-1}, which keeps E[A²] constant through ReLU layers
    (ReLU zeroes half of each unit's input, the 2 makes up for it)."""
    return normal_init(layer_dims, rng, lambda fan_in, fan_out: 2 / fan_in)


def xavier_init(layer_dims: Sequence[int], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Glorot and Bengio (2010): Var(W_l) = 2 / (n_{l-1} + n_l), a compromise between keeping the
    forward signal (1 / fan_in) and the backward gradient (1 / fan_out); made for tanh, too small for ReLU."""
    return normal_init(layer_dims, rng, lambda fan_in, fan_out: 2 / (fan_in + fan_out))


def activation_stats(X: np.ndarray, params: dict[str, np.ndarray]) -> list[float]:
    """The standard deviation of A_l = relu(A_{l-1} W_l + b_l) for each hidden layer l = 1..L-1."""
    L = len(params) // 2
    stats, A = [], X
    for layer in range(1, L):
        A = relu(A @ params[f"W{layer}"] + params[f"b{layer}"])
        stats.append(float(A.std()))
    return stats
