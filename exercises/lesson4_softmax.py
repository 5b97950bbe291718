"""Lesson 4: a softmax network of any depth, forward and backward, from scratch.

Fill in each function, in order, then run `course check 4`. The lesson page derives each one.
Conventions: examples are rows; a layer computes A @ W + b with W of shape (n_in, n_out) and b
of shape (n_out,); parameters live in a dict {"W1": ..., "b1": ..., "W2": ...}, gradients under
the same keys with a "d" in front. Every function keeps the float dtype it is given.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def softmax(Z: np.ndarray) -> np.ndarray:
    """Turn each row of scores (logits) into probabilities.

    Z: (m, C) logits, float32 or float64. Return P of shape (m, C) and Z's dtype: the softmax of
    each row, so every row is positive and sums to 1 (page sections "Softmax: scores to
    probabilities" and "A stable softmax"). It must give finite values, and no overflow
    warning, for logits as large as 1e4 in either dtype.
    """
    raise NotImplementedError


def cross_entropy(P: np.ndarray, Y: np.ndarray) -> float:
    """The mean cross-entropy of predicted probabilities against one-hot labels.

    P: (m, C) probabilities; Y: (m, C) one-hot labels. Return a Python float: the mean over the
    m examples (not over all m * C entries) of minus the log-probability of the true class (page
    section "Cross-entropy"). It must be finite, with no warning, when P holds exact zeros.
    """
    raise NotImplementedError


def relu(Z: np.ndarray) -> np.ndarray:
    """The rectified linear unit, elementwise: negative values become 0, the rest stay.

    Z: any shape. Return an array of Z's shape and dtype (page section "Why hidden layers need
    a ReLU").
    """
    raise NotImplementedError


def relu_backward(dA: np.ndarray, Z: np.ndarray) -> np.ndarray:
    """Backpropagate through a ReLU: the gradient with respect to its input Z.

    dA: the gradient of the loss with respect to the layer's output A = relu(Z); Z: the
    pre-activation that went into the ReLU. Both (m, n). Return dZ of shape (m, n) and dA's
    dtype. At Z = 0 exactly, take the slope to be 0 (page section "Backpropagation through one
    layer").
    """
    raise NotImplementedError


def init_params(
    layer_dims: Sequence[int], rng: np.random.Generator, scale: float = 0.01
) -> dict[str, np.ndarray]:
    """Small random weights and zero biases for a network with the given layer widths.

    layer_dims: every width, input first, e.g. [784, 80, 40, 10] (three layers).
    rng: a numpy.random.Generator, the only source of randomness (never np.random.*).
    Return {"W1": ..., "b1": ..., ..., "WL": ..., "bL": ...}, all float32: W_l of shape
    (layer_dims[l-1], layer_dims[l]) with entries drawn from a standard normal distribution and
    multiplied by `scale`, and b_l of zeros, 1-D, of shape (layer_dims[l],). The same rng seed
    must give the same weights.
    """
    raise NotImplementedError


def forward(X: np.ndarray, params: dict[str, np.ndarray]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Run the network: ReLU hidden layers, a softmax output, any depth.

    X: (m, n_0); params as made by init_params (L = len(params) // 2 layers; L = 1 is softmax
    regression). Return (P, cache): P of shape (m, n_L), each row the class probabilities of one
    example, and a dict holding whatever your backward needs (page sections "Why: ten classes"
    and "The whole backward pass" say what that is).
    """
    raise NotImplementedError


def backward(
    Y: np.ndarray, params: dict[str, np.ndarray], cache: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Gradients of the mean cross-entropy with respect to every parameter.

    Y: (m, n_L) one-hot labels; params; cache: what your forward returned for these examples.
    Return {"dW1": ..., "db1": ..., ..., "dWL": ..., "dbL": ...}, each with its parameter's shape
    (and, for float32 inputs, dtype). Derive them first: page sections "The gradient at the top",
    "Backpropagation through one layer" and "The whole backward pass". `course check 4` compares
    every gradient with a numerical one and names the first wrong layer, from the top down.
    """
    raise NotImplementedError


def sgd_step(params: dict[str, np.ndarray], grads: dict[str, np.ndarray], lr: float) -> dict[str, np.ndarray]:
    """One step of gradient descent on every parameter, weights and biases alike.

    params: the parameters; grads: their gradients ("dW1" for "W1"); lr: the learning rate.
    You may update params in place. Return params.
    """
    raise NotImplementedError
