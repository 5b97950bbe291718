"""Lesson 4: a softmax network of any depth, forward and backward, from scratch.

Fill in each function, then run `course check 4`. Conventions: examples are rows; a layer
computes A @ W + b with W of shape (n_in, n_out) and b of shape (n_out,); parameters live in a
dict {"W1": ..., "b1": ..., "W2": ...}, gradients under the same keys with a "d" in front.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def softmax(Z: np.ndarray) -> np.ndarray:
    """Turn each row of scores into probabilities.

    Z: (m, C) scores (logits). Return P of shape (m, C): P[i, c] = e^Z[i, c] / Σ_j e^Z[i, j],
    so each row sums to 1. It must work for logits as large as 1e4 (no inf, no NaN).

    Hint: subtract each row's maximum first (Z - Z.max(axis=1, keepdims=True)); that changes
    nothing mathematically and keeps np.exp from overflowing. Normalise along axis=1 (rows).
    """
    raise NotImplementedError


def cross_entropy(P: np.ndarray, Y: np.ndarray) -> float:
    """The mean cross-entropy J = -(1/m) Σ_i Σ_c Y[i, c] log P[i, c].

    P: (m, C) probabilities; Y: (m, C) one-hot labels. Return a Python float, finite even
    when P holds exact zeros.

    Hint: clip P from below (np.maximum(P, eps) with eps = np.finfo(P.dtype).eps) before the log,
    and divide by m, the number of rows.
    """
    raise NotImplementedError


def relu(Z: np.ndarray) -> np.ndarray:
    """The rectified linear unit, elementwise: A = max(Z, 0). Same shape and dtype as Z.

    Hint: np.maximum(Z, 0).
    """
    raise NotImplementedError


def relu_backward(dA: np.ndarray, Z: np.ndarray) -> np.ndarray:
    """Backpropagate through a ReLU: dZ = dA where Z > 0, and 0 elsewhere (also at Z = 0).

    dA: the gradient of the loss with respect to the layer's output A = relu(Z); Z: the
    layer's pre-activation, the input of relu. Both (m, n). Return dZ, shape (m, n).

    Hint: the derivative of max(z, 0) is 1 for z > 0 and 0 otherwise: dA * (Z > 0). It is
    decided by Z (what went into the ReLU), not by dA.
    """
    raise NotImplementedError


def init_params(
    layer_dims: Sequence[int], rng: np.random.Generator, scale: float = 0.01
) -> dict[str, np.ndarray]:
    """Small random weights and zero biases for a network with the given layer widths.

    layer_dims: every width, input first, e.g. [784, 80, 40, 10] (three layers).
    rng: a numpy.random.Generator, the only source of randomness.
    Return {"W1": ..., "b1": ..., ..., "WL": ..., "bL": ...} with W_l of shape
    (layer_dims[l-1], layer_dims[l]) drawn from N(0, 1) times `scale`, and b_l zeros of shape
    (layer_dims[l],), all float32.

    Hint: rng.standard_normal((n_in, n_out)) * scale, then .astype(np.float32). Biases are
    1-D: shape (n_out,), not (n_out, 1).
    """
    raise NotImplementedError


def forward(X: np.ndarray, params: dict[str, np.ndarray]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Run the network: ReLU hidden layers, a softmax output, any depth.

    X: (m, n_0); params as made by init_params (L = len(params) // 2 layers).
    For l = 1..L: Z_l = A_{l-1} @ W_l + b_l with A_0 = X; A_l = relu(Z_l) for l < L, and
    P = A_L = softmax(Z_L).
    Return (P, cache): P of shape (m, n_L), and a dict holding whatever backward needs
    (the A's and Z's of every layer, e.g. {"A0": X, "Z1": ..., "A1": ..., ...}).

    Hint: a loop over the layers; store each Z and A in the cache as you go.
    """
    raise NotImplementedError


def backward(
    Y: np.ndarray, params: dict[str, np.ndarray], cache: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Gradients of the mean cross-entropy with respect to every parameter.

    Y: (m, n_L) one-hot labels; params; cache: what your forward returned.
    Return {"dW1": ..., "db1": ..., ..., "dWL": ..., "dbL": ...}, each shaped like its
    parameter.

    Hint: softmax and cross-entropy together give dZ_L = (P - Y) / m. Then, from the top
    down: dW_l = A_{l-1}.T @ dZ_l, db_l = dZ_l.sum(axis=0), and for l > 1
    dZ_{l-1} = relu_backward(dZ_l @ W_l.T, Z_{l-1}). `course check 4` compares every gradient
    with a numerical one and names the first layer that is wrong.
    """
    raise NotImplementedError


def sgd_step(params: dict[str, np.ndarray], grads: dict[str, np.ndarray], lr: float) -> dict[str, np.ndarray]:
    """One step of gradient descent on every parameter: θ <- θ - lr * dθ.

    params: the parameters; grads: their gradients ("dW1" for "W1"); lr: the learning rate.
    You may update params in place. Return params.

    Hint: for key in params: params[key] -= lr * grads["d" + key].
    """
    raise NotImplementedError
