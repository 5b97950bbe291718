"""Lesson 5: initialisations that keep the signal alive through depth.

Fill in each function, then run `course check 5`. This file uses your lesson 4 `relu` when you
run it yourself; the grader gives it the reference lesson 4.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from lesson4_softmax import relu  # noqa: F401


def he_init(layer_dims: Sequence[int], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """He initialisation: Gaussian weights whose variance keeps E[a^2] constant through ReLU layers.

    Derived on the lesson 5 page, section "The variance recursion".

    layer_dims: every width, input first, e.g. [784, 70, 10]; rng: a numpy.random.Generator,
    the only source of randomness (never np.random.*).
    Return a dict {"W1", "b1", ..., "WL", "bL"} for the L = len(layer_dims) - 1 layers:
    W_l of shape (layer_dims[l-1], layer_dims[l]) = (fan_in, fan_out), drawn from a normal
    distribution with mean 0 and the variance the page derives (it depends on fan_in only),
    and b_l of shape (fan_out,), all zeros. Every array float32. The same seed must give the
    same weights.
    """
    raise NotImplementedError


def xavier_init(layer_dims: Sequence[int], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Glorot's (Xavier's) initialisation: the compromise between the forward and backward pass.

    Derived on the lesson 5 page, section "LeCun, Glorot (Xavier) and He".

    Same arguments, keys, shapes, zero biases and float32 dtype as he_init; only the variance of
    the weights differs: it depends on both fan_in and fan_out. (The variance 1 / fan_in is
    LeCun's, not Glorot's: the grader tells them apart.)
    """
    raise NotImplementedError


def activation_stats(X: np.ndarray, params: dict[str, np.ndarray]) -> list[float]:
    """How spread out each hidden layer's activations are, for one batch of inputs.

    Used on the lesson 5 page, section "Watching the signal, layer by layer".

    X: (m, n_0); params: a network's parameters {"W1", "b1", ..., "WL", "bL"} (L layers).
    Run the hidden layers as lesson 4's forward does (A_0 = X, then a dense layer and a ReLU,
    biases included) and return a list of L - 1 Python floats: the standard deviation, over all
    of its entries, of each hidden layer's activations A_1, ..., A_{L-1}. The output layer is
    left out. Do not change X or params.
    """
    raise NotImplementedError
