"""Lesson 6: mini-batches, Adam, and a training loop that uses them.

Fill in each function, then run `course check 6`. This file uses your lessons 4 and 5 when you
run it yourself; the grader gives it the reference ones.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from lesson4_softmax import backward, cross_entropy, forward, init_params, sgd_step  # noqa: F401
from lesson5_he_init import he_init  # noqa: F401


def minibatches(
    X: np.ndarray, Y: np.ndarray, batch_size: int, rng: np.random.Generator
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Shuffle the examples and cut them into batches: one epoch's worth.

    X: (m, n); Y: (m, C); batch_size: examples per batch; rng: the only source of randomness.
    Return a list of (X_batch, Y_batch) pairs: every example exactly once, rows of X and Y
    kept together, a fresh shuffle on every call, and the last batch kept even when it is
    smaller than batch_size (m = 10, batch_size = 4 gives batches of 4, 4 and 2).

    Hint: order = rng.permutation(m), then slices order[i:i + batch_size] for i in
    range(0, m, batch_size).
    """
    raise NotImplementedError


def init_adam(params: dict[str, np.ndarray]) -> dict:
    """The optimiser's state before the first step.

    Return {"t": 0, "m": {key: zeros like params[key]}, "v": {key: zeros like params[key]}}:
    the step count, and the first and second moment estimates of every parameter.

    Hint: np.zeros_like(value) for each key, value in params.items().
    """
    raise NotImplementedError


def adam_step(
    params: dict[str, np.ndarray],
    grads: dict[str, np.ndarray],
    state: dict,
    lr: float = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[dict[str, np.ndarray], dict]:
    """One Adam update of every parameter. With g = grads["d" + key]:

        t <- t + 1                                (first, so the first step has t = 1)
        m <- beta1 m + (1 - beta1) g               v <- beta2 v + (1 - beta2) g**2
        m_hat = m / (1 - beta1**t)                 v_hat = v / (1 - beta2**t)
        param <- param - lr * m_hat / (sqrt(v_hat) + eps)

    You may update params and state in place. Return (params, state).

    Hint: increment t before using it (with t = 0, 1 - beta1**t is 0). The bias corrections
    matter most in the first steps, when m and v are still close to their zero start. eps
    goes outside the square root.
    """
    raise NotImplementedError


def train(
    X: np.ndarray,
    Y: np.ndarray,
    layer_dims: Sequence[int],
    *,
    optimizer: str = "adam",
    init: str = "he",
    epochs: int,
    batch_size: int,
    lr: float,
    rng: np.random.Generator,
    X_dev: np.ndarray | None = None,
    Y_dev: np.ndarray | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, list]]:
    """Train a ReLU network with a softmax output.

    X: (m, n); Y: (m, C) one-hot; layer_dims: widths, input first; optimizer: "adam" or
    "sgd"; init: "he" (he_init) or "small" (init_params, 0.01 * randn); epochs, batch_size,
    lr: the schedule; rng: for the initialisation and the shuffles.
    Return (params, history). history is a dict of lists with one entry before training and
    one after each epoch: "epoch" (0, 1, ..., epochs), "cost" (cross-entropy on all of X),
    "train_accuracy" (on X) and, only when X_dev, Y_dev are given, "dev_accuracy".

    Hint: for each epoch, for each (X_b, Y_b) in minibatches(...): forward, backward, then
    sgd_step or adam_step. Accuracy: the mean of P.argmax(axis=1) == Y.argmax(axis=1).
    Evaluate once per epoch, not after every batch: that would be many times slower.
    """
    raise NotImplementedError
