"""Lesson 6 by a student who builds the state with dict comprehensions and updates in place."""

import numpy
from lesson4_softmax import backward, cross_entropy, forward, init_params, sgd_step
from lesson5_he_init import he_init


def minibatches(X, Y, batch_size, rng):
    index = rng.permutation(len(X))
    chunks = numpy.array_split(index, range(batch_size, len(X), batch_size))
    return [(X[chunk], Y[chunk]) for chunk in chunks]


def init_adam(params):
    return {"t": 0, "m": {k: numpy.zeros_like(p) for k, p in params.items()}, "v": {k: numpy.zeros_like(p) for k, p in params.items()}}


def adam_step(params, grads, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    t = state["t"] = state["t"] + 1
    for key in params:
        grad = grads["d" + key]
        mean = state["m"][key]
        square = state["v"][key]
        mean[...] = beta1 * mean + (1 - beta1) * grad
        square[...] = beta2 * square + (1 - beta2) * grad**2
        corrected_mean = mean / (1 - beta1**t)
        corrected_square = square / (1 - beta2**t)
        params[key] -= (lr * corrected_mean / (numpy.sqrt(corrected_square) + eps)).astype(params[key].dtype)
    return params, state


def train(X, Y, layer_dims, *, optimizer="adam", init="he", epochs, batch_size, lr, rng, X_dev=None, Y_dev=None):
    params = {"he": he_init, "small": init_params}[init](layer_dims, rng)
    state = init_adam(params) if optimizer == "adam" else None
    sets = {"train": (X, Y)}
    if X_dev is not None:
        sets["dev"] = (X_dev, Y_dev)
    history = {"epoch": [], "cost": [], **{f"{name}_accuracy": [] for name in sets}}
    for epoch in range(epochs + 1):
        if epoch:
            for X_batch, Y_batch in minibatches(X, Y, batch_size, rng):
                grads = backward(Y_batch, params, forward(X_batch, params)[1])
                if state is None:
                    sgd_step(params, grads, lr)
                else:
                    adam_step(params, grads, state, lr=lr)
        history["epoch"].append(epoch)
        for name, (inputs, labels) in sets.items():
            probabilities = forward(inputs, params)[0]
            if name == "train":
                history["cost"].append(cross_entropy(probabilities, labels))
            hits = probabilities.argmax(1) == labels.argmax(1)
            history[f"{name}_accuracy"].append(float(numpy.mean(hits)))
    return params, history
