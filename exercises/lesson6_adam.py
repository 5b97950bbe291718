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

    Derived on the lesson 6 page, section "Mini-batches".

    X: (m, n); Y: (m, C); batch_size: examples per batch; rng: the only source of randomness.
    Return a list of (X_batch, Y_batch) pairs, X_batch (B, n) and Y_batch (B, C) with X's and
    Y's dtypes: every example exactly once, rows of X and Y kept together, a fresh shuffle on
    every call, and the last batch kept even when it is smaller than batch_size (m = 10,
    batch_size = 4 gives batches of 4, 4 and 2). Do not change X or Y.
    """
    raise NotImplementedError


def init_adam(params: dict[str, np.ndarray]) -> dict:
    """The optimiser's state before the first step.

    Derived on the lesson 6 page, section "Bias correction".

    Return a dict {"t": 0, "m": {...}, "v": {...}}: the step count, the int 0, and for every
    key of params a first-moment and a second-moment array of zeros with that parameter's shape
    and dtype. Do not change params.
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
    """One Adam update of every parameter.

    Derived on the lesson 6 page, sections "Momentum", "RMS scaling" and "Bias correction".

    params: {"W1": ..., "b1": ...}; grads: the same keys with a "d" prefix ("dW1", ...), same
    shapes; state: from init_adam, or as the previous call left it. Count the step first (the
    first update is step t = 1), update both running averages of every parameter, correct them
    for their start at zero, then move each parameter by lr times the corrected first moment over
    (the square root of the corrected second moment, plus eps). Keep every array's dtype.
    You may update params and state in place; return (params, state).
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
    """Train a ReLU network with a softmax output, one mini-batch at a time.

    Put together on the lesson 6 page, section "The training loop".

    X: (m, n); Y: (m, C) one-hot; layer_dims: widths, input first, e.g. [784, 80, 40, 10];
    optimizer: "adam" (adam_step, starting from init_adam) or "sgd" (sgd_step); init: "he"
    (he_init) or "small" (init_params, 0.01 * randn); epochs, batch_size, lr: the schedule;
    rng: the only source of randomness: draw the initialisation from it first, then every
    epoch's shuffle. lr stays the same for every step.
    Return (params, history). history is a dict of lists with one entry before training and one
    after each epoch: "epoch" (0, 1, ..., epochs), "cost" (cross-entropy on all of X, a float),
    "train_accuracy" (the fraction of X whose most probable class is the labelled one) and, only
    when X_dev and Y_dev are given, "dev_accuracy". Evaluate once per epoch, not after every
    batch: that would cost more than the training.
    """
    raise NotImplementedError
