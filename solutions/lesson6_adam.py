"""Lesson 6, reference solution: mini-batches, Adam, and the training loop that uses them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from lesson4_softmax import backward, cross_entropy, forward, init_params, sgd_step
from lesson5_he_init import he_init, xavier_init

Params = dict[str, np.ndarray]


def minibatches(
    X: np.ndarray, Y: np.ndarray, batch_size: int, rng: np.random.Generator
) -> list[tuple[np.ndarray, np.ndarray]]:
    """One epoch's batches: a fresh shuffle, every example exactly once, the last batch partial.

    X (m, n), Y (m, C) -> [(X_b (batch_size, n), Y_b (batch_size, C)), ...], ceil(m / batch_size) of them
    """
    order = rng.permutation(len(X))
    batches = (order[start : start + batch_size] for start in range(0, len(X), batch_size))
    return [(X.take(idx, axis=0), Y.take(idx, axis=0)) for idx in batches]  # take: a faster X[idx]


def init_adam(params: Params) -> dict:
    """{"t": 0, "m": {key: zeros like params[key]}, "v": {key: zeros like params[key]}}."""
    return {
        "t": 0,
        "m": {key: np.zeros_like(value) for key, value in params.items()},
        "v": {key: np.zeros_like(value) for key, value in params.items()},
    }


def adam_step(
    params: Params,
    grads: Params,
    state: dict,
    lr: float = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[Params, dict]:
    """One Adam update (Kingma and Ba, 2015), in place. With g = dθ and t counting from 1:

    m <- β1 m + (1 - β1) g          v <- β2 v + (1 - β2) g²
    m̂ = m / (1 - β1^t)             v̂ = v / (1 - β2^t)
    θ <- θ - lr m̂ / (√v̂ + ε)
    """
    state["t"] += 1
    t = state["t"]
    # The bias corrections folded into one step size, as in the paper's Algorithm 1 note:
    # lr m̂ / (√v̂ + ε) = lr_t m / (√v + ε √(1 - β2^t)) with lr_t = lr √(1 - β2^t) / (1 - β1^t).
    root_correction = np.sqrt(1 - beta2**t)
    lr_t = lr * root_correction / (1 - beta1**t)
    for key, theta in params.items():
        g = grads[f"d{key}"]
        m, v = state["m"][key], state["v"][key]
        m *= beta1
        m += (1 - beta1) * g
        v *= beta2
        v += (1 - beta2) * g * g
        step = np.sqrt(v)  # the step lr_t m / (√v + ε √(1 - β2^t)), built in one buffer
        step += eps * root_correction
        np.divide(m, step, out=step)
        step *= lr_t
        theta -= step
    return params, state


INITS: dict[str, Callable[[Sequence[int], np.random.Generator], Params]] = {
    "small": init_params,  # N(0, 1) * 0.01
    "xavier": xavier_init,
    "he": he_init,
}


def evaluate(X: np.ndarray, Y: np.ndarray, params: Params) -> tuple[float, float]:
    """(cost, accuracy) of the network on X, Y (Y one-hot)."""
    P, _ = forward(X, params)
    return cross_entropy(P, Y), float(np.mean(P.argmax(axis=1) == Y.argmax(axis=1)))


def train(
    X: np.ndarray,
    Y: np.ndarray,
    layer_dims: Sequence[int],
    *,
    optimizer: str = "adam",
    init: str = "he",
    epochs: int,
    batch_size: int | None,
    lr: float,
    rng: np.random.Generator,
    X_dev: np.ndarray | None = None,
    Y_dev: np.ndarray | None = None,
    log_every: int | None = None,
    schedule: str = "constant",
    on_log: Callable[[dict], None] | None = None,
) -> tuple[Params, dict[str, list]]:
    """Train a ReLU network with a softmax output on X (m, n), Y (m, C) one-hot.

    optimizer "adam" or "sgd"; init "he", "xavier" or "small" (N(0, 1) * 0.01); batch_size
    None (or >= m) for full-batch gradient descent, where an epoch is one step. schedule
    "cosine" anneals the learning rate from lr towards 0 over the epochs (else it is constant). The
    initialisation is the first draw from rng, before any shuffle. The history logs
    the cost and accuracy on all of X (and on X_dev) before the first step, every `log_every`
    steps (default: once an epoch) and after the last, with the step and the epoch (a fraction
    within an epoch): evaluating after every step would cost more than the training itself.
    """
    params = INITS[init](layer_dims, rng)
    state = init_adam(params) if optimizer == "adam" else None
    full_batch = batch_size is None or batch_size >= len(X)
    steps_per_epoch = 1 if full_batch else -(-len(X) // batch_size)  # ceil(m / batch_size)
    log_every = log_every or steps_per_epoch
    history: dict[str, list] = {"step": [], "epoch": [], "cost": [], "train_accuracy": []}
    if X_dev is not None:
        history["dev_accuracy"] = []

    def log(step: int) -> None:
        cost, train_accuracy = evaluate(X, Y, params)
        history["step"].append(step)
        history["epoch"].append(step / steps_per_epoch)
        history["cost"].append(cost)
        history["train_accuracy"].append(train_accuracy)
        if X_dev is not None:
            history["dev_accuracy"].append(evaluate(X_dev, Y_dev, params)[1])
        if on_log:
            on_log(history)

    log(0)
    step, last = 0, epochs * steps_per_epoch
    for epoch in range(epochs):
        rate = lr * (0.5 * (1 + np.cos(np.pi * epoch / epochs)) if schedule == "cosine" else 1.0)
        for X_batch, Y_batch in [(X, Y)] if full_batch else minibatches(X, Y, batch_size, rng):
            train_step(X_batch, Y_batch, params, state, rate)
            step += 1
            if step % log_every == 0 or step == last:
                log(step)
    return params, history


def train_step(X: np.ndarray, Y: np.ndarray, params: Params, state: dict | None, lr: float) -> None:
    """One step on a batch: forward, backward, then Adam (with its `state`) or plain SGD (state None)."""
    _, cache = forward(X, params)
    grads = backward(Y, params, cache)
    if state is None:
        sgd_step(params, grads, lr)
    else:
        adam_step(params, grads, state, lr=lr)
