"""Lesson 4, reference solution: a softmax network of any depth, forward and backward."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def softmax(Z: np.ndarray) -> np.ndarray:
    """P[i, c] = exp(Z[i, c] - max_k Z[i, k]) / Σ_j exp(Z[i, j] - max_k Z[i, k]).

    Subtracting each row's maximum changes nothing mathematically and keeps exp from
    overflowing (float32 overflows past e^88).   Z (m, C) -> P (m, C), rows sum to 1
    """
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy(P: np.ndarray, Y: np.ndarray) -> float:
    """J = -(1/m) Σ_i Σ_c Y[i, c] log P[i, c], with P clipped below at the dtype's epsilon.

    P (m, C) probabilities, Y (m, C) one-hot -> a finite float.
    """
    eps = np.finfo(P.dtype).eps
    return float(-np.sum(Y * np.log(np.maximum(P, eps))) / len(P))


def relu(Z: np.ndarray) -> np.ndarray:
    """A = max(Z, 0), elementwise."""
    return np.maximum(Z, 0)


def relu_backward(dA: np.ndarray, Z: np.ndarray) -> np.ndarray:
    """dZ = dA * [Z > 0]: the gradient passes where the unit was active (0 at Z = 0)."""
    return dA * (Z > 0)


def init_params(
    layer_dims: Sequence[int], rng: np.random.Generator, scale: float = 0.01, dtype: np.dtype = np.float32
) -> dict[str, np.ndarray]:
    """W_l ~ N(0, 1) * scale of shape (n_{l-1}, n_l), b_l = 0 of shape (n_l,), for l = 1..L."""
    params = {}
    for layer, (n_in, n_out) in enumerate(zip(layer_dims[:-1], layer_dims[1:]), start=1):
        params[f"W{layer}"] = (rng.standard_normal((n_in, n_out)) * scale).astype(dtype)
        params[f"b{layer}"] = np.zeros(n_out, dtype=dtype)
    return params


def forward(X: np.ndarray, params: dict[str, np.ndarray]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Z_l = A_{l-1} W_l + b_l; A_l = relu(Z_l) for hidden layers, P = softmax(Z_L) at the top.

    X (m, n_0) -> P (m, n_L), and cache {"A0": X, "Z1": ..., "A1": ..., ..., "ZL": ..., "AL": P}.
    """
    L = len(params) // 2
    cache = {"A0": X}
    A = X
    for layer in range(1, L + 1):
        Z = A @ params[f"W{layer}"] + params[f"b{layer}"]  # (m, n_l)
        A = relu(Z) if layer < L else softmax(Z)
        cache[f"Z{layer}"], cache[f"A{layer}"] = Z, A
    return A, cache


def backward(
    Y: np.ndarray, params: dict[str, np.ndarray], cache: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Gradients of the mean cross-entropy, from the top layer down.

    Softmax and cross-entropy together give dZ_L = (P - Y) / m. Then for l = L..1:
        dW_l = A_{l-1}^T dZ_l   (n_{l-1}, n_l)      db_l = Σ_i dZ_l   (n_l,)
        dZ_{l-1} = relu_backward(dZ_l W_l^T, Z_{l-1})
    """
    L = len(params) // 2
    grads = {}
    dZ = (cache[f"A{L}"] - Y) / len(Y)  # (m, n_L)
    for layer in range(L, 0, -1):
        grads[f"dW{layer}"] = cache[f"A{layer - 1}"].T @ dZ
        grads[f"db{layer}"] = dZ.sum(axis=0)
        if layer > 1:
            dZ = relu_backward(dZ @ params[f"W{layer}"].T, cache[f"Z{layer - 1}"])
    return grads


def sgd_step(params: dict[str, np.ndarray], grads: dict[str, np.ndarray], lr: float) -> dict[str, np.ndarray]:
    """θ <- θ - lr dθ for every parameter, in place; returns params."""
    for key in params:
        params[key] -= lr * grads[f"d{key}"]
    return params
