"""Lesson 5: initialisations that keep the signal alive through depth.

Fill in each function, then run `course check 5`. This file uses your lesson 4 `relu` when you
run it yourself; the grader gives it the reference lesson 4.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from lesson4_softmax import relu  # noqa: F401


def he_init(layer_dims: Sequence[int], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """He initialisation: W_l ~ N(0, 2 / fan_in), b_l = 0.

    layer_dims: every width, input first, e.g. [784, 70, 10]; rng: a numpy.random.Generator.
    Return {"W1", "b1", ..., "WL", "bL"}: W_l of shape (fan_in, fan_out) = (layer_dims[l-1],
    layer_dims[l]) with standard deviation sqrt(2 / fan_in), b_l zeros of shape (fan_out,),
    all float32.

    Hint: rng.standard_normal((fan_in, fan_out)) * np.sqrt(2 / fan_in). The variance is 2 /
    fan_in, so the standard deviation is its square root; fan_in is the layer's input width.
    """
    raise NotImplementedError


def xavier_init(layer_dims: Sequence[int], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Xavier (Glorot) initialisation: W_l ~ N(0, 2 / (fan_in + fan_out)), b_l = 0.

    Same shapes and dtype as he_init; the variance averages the layer's input and output widths.
    (N(0, 1 / fan_in) is LeCun's initialisation, not Glorot's.)

    Hint: he_init and xavier_init differ only in the variance; a helper that takes it saves
    you writing the loop twice.
    """
    raise NotImplementedError


def activation_stats(X: np.ndarray, params: dict[str, np.ndarray]) -> list[float]:
    """How spread out each hidden layer's activations are, for one batch of inputs.

    X: (m, n_0); params: a network's parameters (L layers).
    Return a list of L - 1 floats: the standard deviation of A_l = relu(A_{l-1} @ W_l + b_l)
    (over all its entries) for each hidden layer l = 1..L-1, with A_0 = X. The output layer
    is left out.

    Hint: loop over the hidden layers, keep A, append float(A.std()). With 0.01 * randn
    weights you will see the numbers shrink layer after layer; with He they hold steady.
    """
    raise NotImplementedError
