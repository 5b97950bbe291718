"""The checks catch the classic mistakes each lesson is about, and say what is wrong.

Each case is the reference solution with one function replaced by a plausible wrong version;
the grader must fail that function, point at it first, and say what is wrong in a message
containing the phrase.
"""

from __future__ import annotations

import pytest
from helpers import write_variant

from fashion_course.grader import grade
from fashion_course.lessons import find_lesson

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
}


@pytest.mark.parametrize("mistake", MISTAKES, ids=str)
def test_the_mistake_fails_its_function_with_a_message(tmp_path, mistake):
    number, code, phrase = MISTAKES[mistake]
    lesson = find_lesson(number)
    function = code.split("def ")[1].split("(")[0]
    if "_reference_gd" in code:
        code = "_reference_gd = gradient_descent\n" + code
    write_variant(tmp_path, lesson, code)
    (report,) = grade([lesson], tmp_path)
    verdicts = {v.function: v for v in report.verdicts}
    assert verdicts[function].outcome == "failed", verdicts[function]
    assert phrase in verdicts[function].message, verdicts[function].message
    assert report.first_to_fix.function == function  # later functions may build on it and fail too
