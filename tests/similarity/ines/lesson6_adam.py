"""Lesson 6, with the moments kept in plain dicts and an explicit loop per epoch."""

import numpy as np
from lesson4_softmax import backward, cross_entropy, forward, init_params, sgd_step
from lesson5_he_init import he_init


def minibatches(X, Y, batch_size, rng):
    permutation = rng.permutation(X.shape[0])
    X_shuffled, Y_shuffled = X[permutation], Y[permutation]
    batches = []
    for begin in range(0, X.shape[0], batch_size):
        end = begin + batch_size
        batches.append((X_shuffled[begin:end], Y_shuffled[begin:end]))
    return batches


def init_adam(params):
    first, second = {}, {}
    for name, value in params.items():
        first[name] = np.zeros(value.shape, dtype=value.dtype)
        second[name] = np.zeros(value.shape, dtype=value.dtype)
    return {"t": 0, "m": first, "v": second}


def adam_step(params, grads, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    state["t"] = state["t"] + 1
    t = state["t"]
    for name in params:
        g = grads["d" + name]
        state["m"][name] = beta1 * state["m"][name] + (1 - beta1) * g
        state["v"][name] = beta2 * state["v"][name] + (1 - beta2) * np.square(g)
        m_hat = state["m"][name] / (1 - beta1**t)
        v_hat = state["v"][name] / (1 - beta2**t)
        update = lr * m_hat / (np.sqrt(v_hat) + eps)
        params[name] = (params[name] - update).astype(params[name].dtype)
    return params, state


def train(
    X, Y, layer_dims, *, optimizer="adam", init="he", epochs, batch_size, lr, rng, X_dev=None, Y_dev=None
):
    params = he_init(layer_dims, rng) if init == "he" else init_params(layer_dims, rng)
    state = init_adam(params) if optimizer == "adam" else None
    history = {"epoch": [], "cost": [], "train_accuracy": []}
    if X_dev is not None:
        history["dev_accuracy"] = []
    for epoch in range(epochs + 1):
        if epoch > 0:
            for X_batch, Y_batch in minibatches(X, Y, batch_size, rng):
                probabilities, cache = forward(X_batch, params)
                grads = backward(Y_batch, params, cache)
                if state is None:
                    params = sgd_step(params, grads, lr)
                else:
                    params, state = adam_step(params, grads, state, lr=lr)
        P, _ = forward(X, params)
        history["epoch"].append(epoch)
        history["cost"].append(cross_entropy(P, Y))
        history["train_accuracy"].append(float(np.mean(np.argmax(P, 1) == np.argmax(Y, 1))))
        if X_dev is not None:
            P_dev, _ = forward(X_dev, params)
            history["dev_accuracy"].append(float(np.mean(np.argmax(P_dev, 1) == np.argmax(Y_dev, 1))))
    return params, history
