"""The checks catch the classic mistakes each lesson is about, and say what is wrong.

Each case is the reference solution with one function replaced by a plausible wrong version;
the grader must fail that function, point at it first, and say what is wrong in a message
containing the phrase.
"""

from __future__ import annotations

import ast

import pytest
from helpers import write_variant

from fashion_course.grader.grading import Checker
from fashion_course.lessons import find_lesson
from fashion_course.workspace import SOLUTIONS


# Whole functions, for mistakes that live inside their loops: the reference's own, and a train
# written from scratch as a student might (the reference's is longer, with options students do
# not write).
def reference_source(lesson: int, function: str) -> str:
    """The reference solution's source of `function`, as a template for its mutations."""
    source = (SOLUTIONS / find_lesson(lesson).file_name).read_text()
    tree = ast.parse(source)
    return next(
        ast.get_source_segment(source, node) for node in tree.body if getattr(node, "name", "") == function
    )


GRADIENT_DESCENT = reference_source(3, "gradient_descent")

TRAIN = """def train(X, Y, layer_dims, *, optimizer="adam", init="he", epochs, batch_size, lr, rng, X_dev=None, Y_dev=None):
    params = he_init(layer_dims, rng) if init == "he" else init_params(layer_dims, rng)
    state = init_adam(params) if optimizer == "adam" else None
    history = {"epoch": [], "cost": [], "train_accuracy": [], "dev_accuracy": []}

    def log(epoch):
        P, _ = forward(X, params)
        history["epoch"].append(epoch)
        history["cost"].append(cross_entropy(P, Y))
        history["train_accuracy"].append(float(np.mean(P.argmax(axis=1) == Y.argmax(axis=1))))
        if X_dev is not None:
            P_dev, _ = forward(X_dev, params)
            history["dev_accuracy"].append(float(np.mean(P_dev.argmax(axis=1) == Y_dev.argmax(axis=1))))

    log(0)
    for epoch in range(1, epochs + 1):
        for X_b, Y_b in minibatches(X, Y, batch_size, rng):
            _, cache = forward(X_b, params)
            grads = backward(Y_b, params, cache)
            if state is None:
                params = sgd_step(params, grads, lr)
            else:
                params, state = adam_step(params, grads, state, lr=lr)
        log(epoch)
    return params, history"""


def changed(template: str, *edits: tuple[str, str]) -> str:
    """`template` with each (old, new) replaced; fails loudly if an old text is not there."""
    for old, new in edits:
        assert old in template, old
        template = template.replace(old, new)
    return template


MISTAKES = {
    # lesson 1
    "scaled by 256": (
        1,
        "def preprocess(images):\n    return images.reshape(len(images), -1).astype(np.float32) / 256",
        "divided by 255",
    ),
    "not scaled": (
        1,
        "def preprocess(images):\n    return images.reshape(len(images), -1).astype(np.float32)",
        "divided by 255",
    ),
    "scaled by each image's max": (
        1,
        "def preprocess(images):\n    X = images.reshape(len(images), -1).astype(np.float32)\n    return X / X.max(axis=1, keepdims=True)",
        "divided by 255",
    ),
    "flattened column by column": (
        1,
        "def preprocess(images):\n    return images.reshape(len(images), -1, order='F').astype(np.float32) / 255",
        "28 * r + c",
    ),
    "flattened transposed": (
        1,
        "def preprocess(images):\n    return images.transpose(0, 2, 1).reshape(len(images), -1).astype(np.float32) / 255",
        "28 * r + c",
    ),
    "upcast to float64": (
        1,
        "def preprocess(images):\n    return images.reshape(len(images), -1) / 255.0",
        "float32",
    ),
    "not relabelled": (
        1,
        "def select_classes(X, y, classes):\n    keep = np.isin(y, classes)\n    return X[keep], y[keep]",
        "becomes j",
    ),
    "relabelled in sorted order": (
        1,
        "def select_classes(X, y, classes):\n    keep = np.isin(y, classes)\n    return X[keep], np.searchsorted(np.sort(classes), y[keep])",
        "in the order given",
    ),
    "one-hot as wide as the largest label": (
        1,
        "def one_hot(y, num_classes):\n    return np.eye(y.max() + 1, dtype=np.float32)[y]",
        "num_classes",
    ),
    "one-hot in float64": (
        1,
        "def one_hot(y, num_classes):\n    return np.eye(num_classes)[y]",
        "should return float32",
    ),
    "split without shuffling": (
        1,
        "def train_dev_split(X, y, dev_size, rng):\n    d = int(round(dev_size * len(X))) if isinstance(dev_size, float) else dev_size\n"
        "    return X[d:], X[:d], y[d:], y[:d]",
        "shuffle",
    ),
    "dev set overlaps training": (
        1,
        "def train_dev_split(X, y, dev_size, rng):\n    d = int(round(dev_size * len(X))) if isinstance(dev_size, float) else dev_size\n"
        "    order = rng.permutation(len(X))\n    return X[order], X[order[:d]], y[order], y[order[:d]]",
        "expected",
    ),
    "labels shuffled apart from rows": (
        1,
        "def train_dev_split(X, y, dev_size, rng):\n    d = int(round(dev_size * len(X))) if isinstance(dev_size, float) else dev_size\n"
        "    a, b = rng.permutation(len(X)), rng.permutation(len(X))\n    return X[a[d:]], X[a[:d]], y[b[d:]], y[b[:d]]",
        "same shuffled indices",
    ),
    "dev size truncated by int()": (
        1,
        "def train_dev_split(X, y, dev_size, rng):\n    d = int(dev_size * len(X)) if isinstance(dev_size, float) else dev_size\n"
        "    order = rng.permutation(len(X))\n    return X[order[d:]], X[order[:d]], y[order[d:]], y[order[:d]]",
        "rounded to the nearest integer by round(), not cut down by int()",
    ),
    # lesson 2
    "naive sigmoid": (2, "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))", "overflows"),
    "log loss without clipping": (
        2,
        "def log_loss(p, y):\n    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))",
        "clip p",
    ),
    "log loss summed, not averaged": (
        2,
        "def log_loss(p, y):\n    p = np.clip(p, 1e-7, 1 - 1e-7)\n    return float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))",
        "a mean over the examples",
    ),
    "log loss with a float32-blind epsilon": (
        2,
        "def log_loss(p, y):\n    p = np.clip(p, 1e-12, 1 - 1e-12)\n    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))",
        "rounded back to 1 in float32",
    ),
    "predict_proba without the bias": (
        2,
        "def predict_proba(X, w, b):\n    return sigmoid(X @ w)",
        "sigmoid(X @ w + b)",
    ),
    "predict with >": (
        2,
        "def predict(X, w, b, threshold=0.5):\n    return (predict_proba(X, w, b) > threshold).astype(int)",
        "exactly 0.5 is 1",
    ),
    "accuracy that broadcasts": (
        2,
        "def accuracy(y_pred, y_true):\n    return float(np.mean(y_pred == y_true))",
        "broadcasts",
    ),
    "init_zeros with the int 0 as bias": (
        2,
        "def init_zeros(n_features):\n    return np.zeros(n_features, dtype=np.float32), 0",
        "Python float 0.0",
    ),
    "init_zeros in float64": (
        2,
        "def init_zeros(n_features):\n    return np.zeros(n_features), 0.0",
        "should return float32",
    ),
    "log loss returning a NumPy float32": (
        2,
        "def log_loss(p, y):\n    eps = np.finfo(p.dtype).eps\n    p = np.clip(p, eps, 1 - eps)\n    y = y.astype(p.dtype)\n"
        "    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))",
        "Python float",
    ),
    "accuracy returning an array": (
        2,
        "def accuracy(y_pred, y_true):\n    return np.mean(np.ravel(y_pred) == np.ravel(y_true), keepdims=True)",
        "should return a number",
    ),
    # lesson 3
    "gradient without 1/m": (
        3,
        "def logistic_gradients(X, y, w, b):\n    dz = predict_proba(X, w, b) - y\n    return X.T @ dz, float(dz.sum())",
        "times too large",
    ),
    "gradient with the wrong sign": (
        3,
        "def logistic_gradients(X, y, w, b):\n    dz = (y - predict_proba(X, w, b)) / len(X)\n    return X.T @ dz, float(dz.sum())",
        "wrong sign",
    ),
    "gradient summed over the features": (
        3,
        "def logistic_gradients(X, y, w, b):\n    dz = (predict_proba(X, w, b) - y) / len(X)\n    return (dz[:, None] * X).sum(axis=1), float(dz.sum())",
        "should have shape",
    ),
    "db averaged twice": (
        3,
        "def logistic_gradients(X, y, w, b):\n    dz = (predict_proba(X, w, b) - y) / len(X)\n    return X.T @ dz, float(dz.mean())",
        "db = sum(p - y) / m",
    ),
    "forward differences": (
        3,
        "def numerical_gradient(f, x, eps=1e-5):\n    x = x.astype(float)\n    g = np.zeros_like(x)\n    for i in np.ndindex(x.shape):\n"
        "        e = np.zeros_like(x)\n        e[i] = eps\n        g[i] = (f(x + e) - f(x)) / eps\n    return g",
        "central differences",
    ),
    "eps ignored": (
        3,
        "def numerical_gradient(f, x, eps=1e-5):\n    x = x.astype(float)\n    g = np.zeros_like(x)\n    for i in np.ndindex(x.shape):\n"
        "        e = np.zeros_like(x)\n        e[i] = 1e-5\n        g[i] = (f(x + e) - f(x - e)) / 2e-5\n    return g",
        "with the eps you are given",
    ),
    "gradient ascent": (
        3,
        "def gradient_descent(X, y, lr, steps, *, X_dev=None, y_dev=None, log_every=10):\n"
        "    w, b, history = _reference_gd(X, y, lr, steps, X_dev=X_dev, y_dev=y_dev, log_every=log_every)\n"
        "    return -w, -b, history",
        "step against the gradient",
    ),
    "db left a NumPy float32": (
        3,
        "def logistic_gradients(X, y, w, b):\n    dz = (predict_proba(X, w, b) - y.astype(X.dtype)) / len(X)\n    return X.T @ dz, dz.sum()",
        "Python float",
    ),
    "numerical gradient in the input's dtype": (
        3,
        "def numerical_gradient(f, x, eps=1e-5):\n    x = x.copy()\n    g = np.zeros_like(x)\n    for i in np.ndindex(x.shape):\n"
        "        saved = x[i]\n        x[i] = saved + eps\n        up = f(x)\n        x[i] = saved - eps\n        down = f(x)\n"
        "        x[i] = saved\n        g[i] = (up - down) / (2 * eps)\n    return g",
        "float64",
    ),
}


MISTAKES |= {
    # lesson 4
    "softmax over the wrong axis": (
        4,
        "def softmax(Z):\n    E = np.exp(Z - Z.max(axis=0))\n    return E / E.sum(axis=0)",
        "axis=1",
    ),
    "softmax without the max shift": (
        4,
        "def softmax(Z):\n    E = np.exp(Z)\n    return E / E.sum(axis=1, keepdims=True)",
        "subtract each row's maximum",
    ),
    "softmax shifted by a row maximum without keepdims": (
        4,
        "def softmax(Z):\n    E = np.exp(Z - Z.max(axis=1))\n    return E / E.sum(axis=1, keepdims=True)",
        "Z.max(axis=1, keepdims=True) keeps the (m, 1) shape that broadcasts against (m, C)",
        "error",
    ),
    "cross-entropy of log 0": (
        4,
        "def cross_entropy(P, Y):\n    return float(-np.sum(Y * np.log(P)) / len(P))",
        "clip P",
    ),
    "cross-entropy averaged over every entry": (
        4,
        "def cross_entropy(P, Y):\n    return float(-np.mean(Y * np.log(np.maximum(P, 1e-12))))",
        "mean over the m examples",
    ),
    "ReLU gradient from dA": (
        4,
        "def relu_backward(dA, Z):\n    return dA * (dA > 0)",
        "the mask comes from Z",
    ),
    "ReLU gradient times the activation": (
        4,
        "def relu_backward(dA, Z):\n    return dA * relu(Z)",
        "the mask comes from Z",
    ),
    "column biases": (
        4,
        "def init_params(layer_dims, rng, scale=0.01):\n    p = {}\n    for l in range(1, len(layer_dims)):\n"
        "        p[f'W{l}'] = rng.standard_normal((layer_dims[l - 1], layer_dims[l])) * scale\n"
        "        p[f'b{l}'] = np.zeros((layer_dims[l], 1))\n    return p",
        "biases are 1-D",
    ),
    "backward without 1/m": (
        4,
        "_reference_backward = backward\n"
        "def backward(Y, params, cache):\n    return {k: v * len(Y) for k, v in _reference_backward(Y, params, cache).items()}",
        "times too large",
    ),
    "backward with a wrong first layer": (
        4,
        "_reference_backward = backward\n"
        "def backward(Y, params, cache):\n    grads = _reference_backward(Y, params, cache)\n    grads['dW1'] = grads['dW1'] * 1.5\n    return grads",
        "dW1 is wrong",
    ),
    "cross-entropy left a NumPy float32": (
        4,
        "def cross_entropy(P, Y):\n    return -np.sum(Y * np.log(np.maximum(P, np.finfo(P.dtype).eps))) / len(P)",
        "Python float",
    ),
    "init_params left in float64": (
        4,
        "def init_params(layer_dims, rng, scale=0.01):\n    p = {}\n    for l in range(1, len(layer_dims)):\n"
        "        p[f'W{l}'] = rng.standard_normal((layer_dims[l - 1], layer_dims[l])) * scale\n"
        "        p[f'b{l}'] = np.zeros(layer_dims[l])\n    return p",
        "should be float32",
    ),
    "backward upcast by a float64 label": (
        4,
        "_reference_backward = backward\n"
        "def backward(Y, params, cache):\n    return _reference_backward(Y.astype(np.float64), params, cache)",
        "should be float32",
    ),
    # lesson 5
    "He scaled by 1/fan_in": (
        5,
        "def he_init(layer_dims, rng):\n    p = normal_init(layer_dims, rng, lambda i, o: 1 / i)\n"
        "    return {k: v * np.sqrt(v.shape[0]) * 2.0 / v.shape[0] if k[0] == 'W' else v for k, v in p.items()}",
        "it looks like 2 / fan_in",
    ),
    "He with fan_out": (
        5,
        "def he_init(layer_dims, rng):\n    p = normal_init(layer_dims, rng, lambda i, o: 2 / i)\n"
        "    return {k: v * np.sqrt(v.shape[0] / v.shape[1]) if k[0] == 'W' else v for k, v in p.items()}",
        "fan_out",
    ),
    "Xavier as LeCun's 1 / fan_in": (
        5,
        "def xavier_init(layer_dims, rng):\n    return normal_init(layer_dims, rng, lambda i, o: 1 / i)",
        "LeCun",
    ),
    "He drawn uniformly": (
        5,
        "def he_init(layer_dims, rng):\n    p = normal_init(layer_dims, rng, lambda i, o: 2 / i)\n"
        "    return {k: (rng.uniform(-1, 1, v.shape) * np.sqrt(6.0 / v.shape[0])).astype(np.float32) if k[0] == 'W' else v for k, v in p.items()}",
        "Gaussian",
    ),
    "activations without the output layer left out": (
        5,
        "def activation_stats(X, params):\n    A, out = X, []\n    for l in range(1, len(params) // 2 + 1):\n"
        "        A = relu(A @ params[f'W{l}'] + params[f'b{l}'])\n        out.append(float(A.std()))\n    return out",
        "leave the output layer out",
    ),
    "He in float64": (
        5,
        "def he_init(layer_dims, rng):\n    return normal_init(layer_dims, rng, lambda i, o: 2 / i, dtype=np.float64)",
        "should be float32",
    ),
    "activation stats as NumPy float32s": (
        5,
        "def activation_stats(X, params):\n    A, out = X, []\n    for l in range(1, len(params) // 2):\n"
        "        A = relu(A @ params[f'W{l}'] + params[f'b{l}'])\n        out.append(A.astype(np.float32).std())\n    return out",
        "Python floats",
    ),
    # lesson 6
    "mini-batches that drop the last": (
        6,
        "def minibatches(X, Y, batch_size, rng):\n    order = rng.permutation(len(X))\n"
        "    return [(X[order[i:i + batch_size]], Y[order[i:i + batch_size]]) for i in range(0, len(X) - batch_size + 1, batch_size)]",
        "the last, partial batch kept",
    ),
    "mini-batches that repeat examples": (
        6,
        "def minibatches(X, Y, batch_size, rng):\n    out = []\n    for i in range(0, len(X), batch_size):\n"
        "        idx = rng.integers(0, len(X), size=min(batch_size, len(X) - i))\n        out.append((X[idx], Y[idx]))\n    return out",
        "exactly once",
    ),
    "mini-batches shuffled once for all": (
        6,
        "_order = {}\ndef minibatches(X, Y, batch_size, rng):\n    order = _order.setdefault(len(X), rng.permutation(len(X)))\n"
        "    return [(X[order[i:i + batch_size]], Y[order[i:i + batch_size]]) for i in range(0, len(X), batch_size)]",
        "shuffle afresh",
    ),
    "Adam without bias correction": (
        6,
        "def adam_step(params, grads, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):\n    state['t'] += 1\n"
        "    for k in params:\n        g = grads['d' + k]\n        state['m'][k] = beta1 * state['m'][k] + (1 - beta1) * g\n"
        "        state['v'][k] = beta2 * state['v'][k] + (1 - beta2) * g * g\n"
        "        params[k] -= lr * state['m'][k] / (np.sqrt(state['v'][k]) + eps)\n    return params, state",
        "correct both moments",
    ),
    "Adam with t used before it is incremented": (
        6,
        "def adam_step(params, grads, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):\n    t = state['t'] + 1e-12\n"
        "    for k in params:\n        g = grads['d' + k]\n        state['m'][k] = beta1 * state['m'][k] + (1 - beta1) * g\n"
        "        state['v'][k] = beta2 * state['v'][k] + (1 - beta2) * g * g\n"
        "        m_hat = state['m'][k] / (1 - beta1**t)\n        v_hat = state['v'][k] / (1 - beta2**t)\n"
        "        params[k] -= lr * m_hat / (np.sqrt(v_hat) + eps)\n    state['t'] += 1\n    return params, state",
        "increment t first",
    ),
    "Adam corrected by 1 - beta, without the power t": (
        6,
        "def adam_step(params, grads, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):\n    state['t'] += 1\n"
        "    for k in params:\n        g = grads['d' + k]\n        state['m'][k] = beta1 * state['m'][k] + (1 - beta1) * g\n"
        "        state['v'][k] = beta2 * state['v'][k] + (1 - beta2) * g * g\n"
        "        m_hat, v_hat = state['m'][k] / (1 - beta1), state['v'][k] / (1 - beta2)\n"
        "        params[k] -= lr * m_hat / (np.sqrt(v_hat) + eps)\n    return params, state",
        "correct both moments",
    ),
    "init_adam with t = 0.0": (
        6,
        "def init_adam(params):\n    return {'t': 0.0, 'm': {k: np.zeros_like(v) for k, v in params.items()},\n"
        "            'v': {k: np.zeros_like(v) for k, v in params.items()}}",
        "the int 0",
    ),
    "init_adam with one dict for m and v": (
        6,
        "def init_adam(params):\n    zeros = {k: np.zeros_like(v) for k, v in params.items()}\n"
        "    return {'t': 0, 'm': zeros, 'v': zeros}",
        "state['m'] and state['v'] are one and the same dict",
    ),
    "init_adam with m and v sharing their arrays": (
        6,
        "def init_adam(params):\n    zeros = {k: np.zeros_like(v) for k, v in params.items()}\n"
        "    return {'t': 0, 'm': zeros, 'v': dict(zeros)}",
        "are one and the same array; give every moment an array of its own",
    ),
    "init_adam with the parameters' own arrays": (
        6,
        "def init_adam(params):\n    return {'t': 0, 'm': dict(params), 'v': dict(params)}",
        "holds the values of params['W1']",
    ),
    "train sharing one moment dict between m and v": (
        6,
        changed(
            TRAIN,
            (
                'state = init_adam(params) if optimizer == "adam" else None',
                "zeros = {k: np.zeros_like(v) for k, v in params.items()}\n"
                '    state = {"t": 0, "m": zeros, "v": zeros} if optimizer == "adam" else None',
            ),
        ),
        "look at how the Adam state is made (init_adam) and used (adam_step)",
    ),
    "mini-batches converted to float64": (
        6,
        "def minibatches(X, Y, batch_size, rng):\n    order = rng.permutation(len(X))\n"
        "    return [(X[order[i:i + batch_size]].astype(float), Y[order[i:i + batch_size]].astype(float))\n"
        "            for i in range(0, len(X), batch_size)]",
        "float32 batches",
    ),
    "Adam with eps inside the square root": (
        6,
        "def adam_step(params, grads, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):\n    state['t'] += 1\n    t = state['t']\n"
        "    for k in params:\n        g = grads['d' + k]\n        state['m'][k] = beta1 * state['m'][k] + (1 - beta1) * g\n"
        "        state['v'][k] = beta2 * state['v'][k] + (1 - beta2) * g * g\n"
        "        m_hat = state['m'][k] / (1 - beta1**t)\n        v_hat = state['v'][k] / (1 - beta2**t)\n"
        "        params[k] -= lr * m_hat / np.sqrt(v_hat + eps)\n    return params, state",
        "eps outside the square root",
    ),
    # found by mutation: each passed the checks before issue 14
    "accuracy with <=": (
        2,
        "def accuracy(y_pred, y_true):\n    return float(np.mean(np.ravel(y_pred) <= np.ravel(y_true)))",
        "==, not <= or >=",
    ),
    "b negated before its step": (
        3,
        changed(GRADIENT_DESCENT, ("b - lr * db", "-b - lr * db")),
        "nothing else done to b",
    ),
    "one step too many, logged as a phantom step": (
        3,
        changed(
            GRADIENT_DESCENT,
            ("range(steps + 1)", "range(steps + 2)"),
            ("step == steps", "step == steps + 1"),
            ("if step < steps", "if step <= steps"),
        ),
        "exactly `steps` steps",
    ),
    "accuracy logged with p > 0.5": (
        3,
        changed(GRADIENT_DESCENT, ("accuracy(p >= 0.5, y)", "accuracy(p > 0.5, y)")),
        "exactly 0.5 is class 1",
    ),
    "backward divides P by the one-hot Y": (
        4,
        "def backward(Y, params, cache):\n    L = len(params) // 2\n    grads = {}\n    dZ = (cache[f'A{L}'] / Y - 1) / len(Y)\n"
        "    for layer in range(L, 0, -1):\n        grads[f'dW{layer}'] = cache[f'A{layer - 1}'].T @ dZ\n"
        "        grads[f'db{layer}'] = dZ.sum(axis=0)\n        if layer > 1:\n"
        "            dZ = relu_backward(dZ @ params[f'W{layer}'].T, cache[f'Z{layer - 1}'])\n    return grads",
        "holds a non-finite value",
    ),
    "train needs a dev set": (
        6,
        changed(
            TRAIN,
            (', "dev_accuracy": []}', "}"),
            (
                "if X_dev is not None:\n            P_dev, _ = forward(X_dev, params)",
                "if True:\n            P_dev, _ = forward(X if X_dev is None else X_dev, params)",
            ),
        ),
        "KeyError",
        "error",
    ),
    "dev accuracy holds the dev cost": (
        6,
        changed(
            TRAIN,
            (
                'history["dev_accuracy"].append(float(np.mean(P_dev.argmax(axis=1) == Y_dev.argmax(axis=1))))',
                'history["dev_accuracy"].append(cross_entropy(P_dev, Y_dev))',
            ),
        ),
        "history['dev_accuracy']",
    ),
    "one more epoch after the last log": (
        6,
        changed(
            TRAIN,
            ("range(1, epochs + 1)", "range(1, epochs + 2)"),
            ("        log(epoch)", "        if epoch <= epochs:\n            log(epoch)"),
        ),
        "exactly `epochs` epochs",
    ),
    "the constant learning rate anneals": (
        6,
        changed(
            TRAIN,
            ("for X_b, Y_b in", "rate = lr * (1 - (epoch - 1) / epochs)\n        for X_b, Y_b in"),
            ("grads, lr)", "grads, rate)"),
            ("lr=lr)", "lr=rate)"),
        ),
        "constant learning rate",
    ),
    "cost logged as cross_entropy(Y, P)": (
        6,
        changed(TRAIN, ("cross_entropy(P, Y)", "cross_entropy(Y, P)")),
        "(P first)",
    ),
    "accuracy logged as a count": (
        6,
        changed(
            TRAIN,
            (
                "float(np.mean(P.argmax(axis=1) == Y.argmax(axis=1)))",
                "int(np.sum(P.argmax(axis=1) == Y.argmax(axis=1)))",
            ),
        ),
        "fractions in [0, 1]",
    ),
    "accuracy logged with <=": (
        6,
        changed(TRAIN, ("P.argmax(axis=1) == Y.argmax(axis=1)", "P.argmax(axis=1) <= Y.argmax(axis=1)")),
        "equals the labelled one",
    ),
}


@pytest.fixture(scope="module")
def checker_of():
    """Each lesson's checker, started once and kept warm from one test to the next, as a notebook
    kernel keeps it: each submission still runs in a sandbox of its own, so nothing one leaves
    behind can reach the next one's verdict."""
    checkers: dict[int, Checker] = {}

    def of(number: int) -> Checker:
        if number not in checkers:
            checkers[number] = Checker([find_lesson(number)]).__enter__()
        return checkers[number]

    yield of
    for checker in checkers.values():
        checker.__exit__(None, None, None)


@pytest.mark.parametrize("mistake", MISTAKES, ids=str)
def test_the_mistake_fails_its_function_with_a_message(tmp_path, mistake, checker_of):
    number, code, phrase, *outcome = MISTAKES[mistake]  # failed, unless the mistake makes it raise
    lesson = find_lesson(number)
    function = code.split("def ")[1].split("(")[0]
    if "_reference_gd" in code:
        code = "_reference_gd = gradient_descent\n" + code
    write_variant(tmp_path, lesson, code)
    (report,) = checker_of(number).grade(tmp_path)
    verdict = report.first_to_fix  # later functions may build on the broken one and fail too
    assert verdict is not None and verdict.function == function, report.to_json()
    assert verdict.outcome == (outcome or ["failed"])[0] and phrase in verdict.message, verdict.message


# Correct solutions written differently from the reference: the checks must not demand our code.
ALTERNATIVES = {
    "train written from scratch, params rebound": (6, TRAIN),
    "preprocess by division then cast": (
        1,
        "def preprocess(images):\n    return (images / 255).astype(np.float32).reshape(images.shape[0], 784)",
    ),
    "split with rng.choice": (
        1,
        "def train_dev_split(X, y, dev_size, rng):\n    d = round(dev_size * len(X)) if isinstance(dev_size, float) else dev_size\n"
        "    dev = rng.choice(len(X), size=d, replace=False)\n    train = np.setdiff1d(np.arange(len(X)), dev)\n"
        "    train = rng.permutation(train)\n    return X[train], X[dev], y[train], y[dev]",
    ),
    "one-hot from np.eye in float32": (
        1,
        "def one_hot(y, num_classes):\n    return np.eye(num_classes, dtype=np.float32)[y]",
    ),
    "split rounding half up by hand": (
        1,
        "def train_dev_split(X, y, dev_size, rng):\n    d = int(dev_size * len(X) + 0.5) if isinstance(dev_size, float) else dev_size\n"
        "    order = rng.permutation(len(X))\n    return X[order[d:]], X[order[:d]], y[order[d:]], y[order[:d]]",
    ),
    "softmax shifted by a max made a column with [:, None]": (
        4,
        "def softmax(Z):\n    E = np.exp(Z - Z.max(axis=1)[:, None])\n    return E / E.sum(axis=1)[:, None]",
    ),
    "init_adam with v deep-copied from m": (
        6,
        "import copy\ndef init_adam(params):\n    m = {k: np.zeros_like(v) for k, v in params.items()}\n"
        "    return {'t': 0, 'm': m, 'v': copy.deepcopy(m)}",
    ),
    "sigmoid via tanh": (2, "def sigmoid(z):\n    return 0.5 * (1 + np.tanh(0.5 * z))"),
    "gradient with np.mean and a float64 probe": (
        3,
        "def numerical_gradient(f, x, eps=1e-5):\n    x = np.array(x, dtype=float)\n    g = np.empty_like(x)\n"
        "    for i in np.ndindex(x.shape):\n        e = np.zeros_like(x)\n        e[i] = eps\n"
        "        g[i] = (f(x + e) - f(x - e)) / (2 * eps)\n    return g\n\n"
        "def logistic_gradients(X, y, w, b):\n    err = predict_proba(X, w, b) - y.astype(X.dtype)\n"
        "    return (err @ X) / X.shape[0], float(np.mean(err))",
    ),
    "cross-entropy of the true class, init with rng.normal": (
        4,
        "def cross_entropy(P, Y):\n    true = np.sum(P * Y, axis=1)\n"
        "    return float(-np.mean(np.log(np.clip(true, np.finfo(P.dtype).eps, None))))\n\n"
        "def init_params(layer_dims, rng, scale=0.01):\n    p = {}\n    for l, (i, o) in enumerate(zip(layer_dims, layer_dims[1:]), 1):\n"
        "        p[f'W{l}'] = rng.normal(0.0, scale, (i, o)).astype(np.float32)\n        p[f'b{l}'] = np.zeros(o, np.float32)\n    return p",
    ),
    "init_zeros with float(0) and zeros_like": (
        2,
        "def init_zeros(n_features):\n    return np.zeros_like(np.empty(n_features, np.float32)), float(0)",
    ),
    "log loss in float64, picking each log with np.where": (
        2,
        "def log_loss(p, y):\n    p = np.asarray(p, dtype=np.float64)\n    eps = np.finfo(np.float32).eps\n"
        "    p = np.clip(p, eps, 1 - eps)\n    return float(np.mean(np.where(y == 1, -np.log(p), -np.log1p(-p))))",
    ),
    "accuracy by counting": (
        2,
        "def accuracy(y_pred, y_true):\n    y_pred, y_true = np.ravel(y_pred), np.ravel(y_true)\n"
        "    return np.count_nonzero(y_pred == y_true) / len(y_true)",
    ),
    "He with rng.normal": (
        5,
        "def he_init(layer_dims, rng):\n    return {k: v for l in range(1, len(layer_dims)) for k, v in (\n"
        "        (f'W{l}', rng.normal(0.0, np.sqrt(2 / layer_dims[l - 1]), (layer_dims[l - 1], layer_dims[l])).astype(np.float32)),\n"
        "        (f'b{l}', np.zeros(layer_dims[l], np.float32)))}",
    ),
    "mini-batches with rng.shuffle": (
        6,
        "def minibatches(X, Y, batch_size, rng):\n    idx = np.arange(len(X))\n    rng.shuffle(idx)\n"
        "    return [(X[idx[i:i + batch_size]], Y[idx[i:i + batch_size]]) for i in range(0, len(X), batch_size)]",
    ),
    "Adam as the textbook writes it": (
        6,
        "def adam_step(params, grads, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):\n    state['t'] += 1\n    t = state['t']\n"
        "    for k in params:\n        g = grads['d' + k]\n        state['m'][k] = beta1 * state['m'][k] + (1 - beta1) * g\n"
        "        state['v'][k] = beta2 * state['v'][k] + (1 - beta2) * g ** 2\n"
        "        m_hat = state['m'][k] / (1 - beta1 ** t)\n        v_hat = state['v'][k] / (1 - beta2 ** t)\n"
        "        params[k] = params[k] - lr * m_hat / (np.sqrt(v_hat) + eps)\n    return params, state",
    ),
    "He and Xavier through one helper with rng.normal": (
        5,
        "def _init(layer_dims, rng, var):\n    out = {}\n    for l, (i, o) in enumerate(zip(layer_dims[:-1], layer_dims[1:]), 1):\n"
        "        out[f'W{l}'] = rng.normal(0, np.sqrt(var(i, o)), (i, o)).astype('float32')\n"
        "        out[f'b{l}'] = np.zeros(o, 'float32')\n    return out\n"
        "def he_init(layer_dims, rng):\n    return _init(layer_dims, rng, lambda i, o: 2 / i)\n"
        "def xavier_init(layer_dims, rng):\n    return _init(layer_dims, rng, lambda i, o: 2 / (i + o))",
    ),
    "activation stats from the variance": (
        5,
        "def activation_stats(X, params):\n    A, out = X, []\n    for l in range(1, len(params) // 2):\n"
        "        A = np.maximum(A @ params[f'W{l}'] + params[f'b{l}'], 0)\n        out.append(float(np.sqrt(A.var())))\n    return out",
    ),
}


@pytest.mark.parametrize("variant", ALTERNATIVES, ids=str)
def test_a_correct_solution_written_differently_passes(tmp_path, variant, checker_of):
    number, code = ALTERNATIVES[variant]
    write_variant(tmp_path, find_lesson(number), code)
    (report,) = checker_of(number).grade(tmp_path)
    assert report.passed == report.total, report.to_json()
