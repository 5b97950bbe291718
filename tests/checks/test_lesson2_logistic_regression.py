"""Autograder checks for lesson 2 (logistic regression): the model, its loss and its scores."""

from __future__ import annotations

import numpy as np
import pytest

from fashion_course.grader.expect import (
    call,
    call_noting_warnings,
    describe,
    expect_array,
    expect_scalar,
    expect_tuple,
)

Z = np.array([-1e4, -800.0, -50.0, -3.0, -0.5, 0.0, 0.5, 3.0, 50.0, 800.0, 1e4])


def logistic(z: np.ndarray) -> np.ndarray:
    """σ(z) by another identity, σ(z) = exp(-log(1 + e^(-z))), with NumPy's stable logaddexp."""
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=np.float64)))


def expect_python_float(value, what: str) -> None:
    """The stub promises a Python float (NumPy's float64 is one; its float32 is not)."""
    if not isinstance(value, float):
        raise AssertionError(
            f"{what} should return a Python float, got {describe(value)}: convert the result with float(...)"
        )


@pytest.mark.grades("sigmoid")
def test_sigmoid_values_near_zero(student):
    z = np.linspace(-6, 6, 13)
    expect_array(
        call(student.sigmoid, z), logistic(z), "sigmoid(np.linspace(-6, 6, 13))", rtol=1e-7, atol=1e-12
    )


@pytest.mark.grades("sigmoid")
def test_sigmoid_is_exact_and_silent_for_huge_inputs(student):
    result, caught = call_noting_warnings(student.sigmoid, Z)
    if caught:
        raise AssertionError(
            f"sigmoid({Z.tolist()}) warned: {caught[0]}. `np.exp(-z)` for z = -1e4 is "
            "e^10000, which overflows to inf (float64 overflows past e^709, float32 past e^88). "
            "Compute e = np.exp(-np.abs(z)), which never overflows, and use e / (1 + e) where z < 0"
        )
    expect_array(result, logistic(Z), f"sigmoid({Z.tolist()})", rtol=1e-7, atol=1e-15)


@pytest.mark.grades("sigmoid")
def test_sigmoid_keeps_float32_and_shape(student):
    z = np.array([[-100.0, -1.0, 0.0], [1.0, 100.0, 89.0]], dtype=np.float32)
    result, caught = call_noting_warnings(student.sigmoid, z)
    if caught:
        raise AssertionError(
            f"sigmoid of float32 values up to ±100 warned: {caught[0]}; use np.exp(-np.abs(z))"
        )
    expect_array(
        result, logistic(z), "sigmoid(float32 array (2, 3))", dtype=np.float32, rtol=1e-6, atol=1e-30
    )


@pytest.mark.grades("init_zeros")
def test_init_zeros(student):
    result = call(student.init_zeros, 784)
    expect_tuple(result, 2, "init_zeros(784)")
    w, b = result
    expect_array(w, np.zeros(784), "init_zeros(784): w", dtype=np.float32)
    expect_scalar(b, 0.0, "init_zeros(784): b")
    if not isinstance(b, float):
        raise AssertionError(
            f"init_zeros(784): b should be the Python float 0.0, got {describe(b)}: an int is not a float, "
            "and a NumPy float64 scalar would turn X @ w + b into float64 (write 0.0)"
        )


def small_problem(dtype=np.float64):
    rng = np.random.default_rng(7)
    X = rng.normal(size=(6, 4)).astype(dtype)
    w = rng.normal(size=4).astype(dtype)
    return X, w, 0.3


@pytest.mark.grades("predict_proba")
def test_predict_proba_values(student):
    X, w, b = small_problem()
    expected = 1 / (1 + np.exp(-(X @ w + b)))
    expect_array(
        call(student.predict_proba, X, w, b),
        expected,
        "predict_proba(X (6, 4), w (4,), b=0.3)",
        rtol=1e-7,
        hint="p = sigmoid(X @ w + b), one probability per row of X",
    )


@pytest.mark.grades("predict_proba")
def test_predict_proba_keeps_float32(student):
    X, w, b = small_problem(np.float32)
    expect_array(
        call(student.predict_proba, X, w, b),
        1 / (1 + np.exp(-(X @ w + b))),
        "predict_proba(float32 X, w)",
        dtype=np.float32,
    )


def cross_entropy_by_hand(p, y) -> float:
    return -sum(yi * np.log(pi) + (1 - yi) * np.log(1 - pi) for pi, yi in zip(p, y)) / len(p)


@pytest.mark.grades("log_loss")
def test_log_loss_value(student):
    p = np.array([0.9, 0.2, 0.6, 0.35, 0.99])
    y = np.array([1, 0, 1, 1, 0])
    expect_scalar(
        call(student.log_loss, p, y),
        cross_entropy_by_hand(p, y),
        f"log_loss(p={p.tolist()}, y={y.tolist()})",
        rtol=1e-6,
        hint="J = -mean(y log p + (1 - y) log(1 - p)): a mean over the examples, with the minus sign",
    )


@pytest.mark.grades("log_loss")
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_log_loss_is_finite_on_exact_zeros_and_ones(student, dtype):
    p = np.array([1.0, 0.0, 1.0, 0.0], dtype=dtype)
    y = np.array([1, 0, 0, 1])  # two confident hits, two confident misses
    what = f"log_loss(p=[1, 0, 1, 0] as {np.dtype(dtype)}, y=[1, 0, 0, 1])"
    loss, caught = call_noting_warnings(student.log_loss, p, y)
    expect_python_float(loss, what)
    if not np.isfinite(loss) or caught:
        raise AssertionError(
            f"{what} gave {loss} (log(0) = -inf); clip p into [eps, 1 - eps] before taking logs, "
            "with eps = np.finfo(p.dtype).eps so that 1 - eps is not rounded back to 1 in float32"
        )
    if not 5 < loss < 60:
        raise AssertionError(
            f"{what} gave {loss}: two confident mistakes should cost a large but finite loss"
        )
    right, _ = call_noting_warnings(student.log_loss, p, np.array([1, 0, 1, 0]))
    expect_scalar(right, 0.0, f"log_loss(p=[1, 0, 1, 0] as {np.dtype(dtype)}, y=[1, 0, 1, 0])", atol=1e-5)


@pytest.mark.grades("log_loss")
def test_log_loss_of_float32_labels_is_a_python_float(student):
    # lesson 3's training loop converts y to X's dtype, so p and y both arrive as float32
    p = np.array([0.9, 0.2, 0.6, 0.35], dtype=np.float32)
    y = np.array([1, 0, 1, 1], dtype=np.float32)
    what = f"log_loss(p={p.tolist()} as float32, y={y.tolist()} as float32)"
    loss = call(student.log_loss, p, y)
    expect_scalar(loss, cross_entropy_by_hand(p.astype(np.float64), y), what, rtol=1e-5)
    expect_python_float(loss, what)


@pytest.mark.grades("predict")
def test_predict_thresholds(student):
    X = np.array([[2.0], [0.0], [-1.0], [0.5]])  # with w = [1], b = 0: p = σ(2), 0.5, σ(-1), σ(0.5)
    w = np.array([1.0])
    y_hat = call(student.predict, X, w, 0.0)
    expect_array(
        y_hat,
        [1, 1, 0, 1],
        "predict(X=[[2], [0], [-1], [0.5]], w=[1], b=0)",
        hint="p >= 0.5 is class 1, so p exactly 0.5 is 1",
    )
    if not np.issubdtype(y_hat.dtype, np.integer):
        raise AssertionError(f"predict should return integers 0 and 1, got {y_hat.dtype}")
    y_high = call(student.predict, X, w, 0.0, 0.7)
    expect_array(
        y_high,
        [1, 0, 0, 0],
        "predict(X=[[2], [0], [-1], [0.5]], w=[1], b=0, threshold=0.7)",
        hint="use the threshold argument",
    )


@pytest.mark.grades("accuracy")
@pytest.mark.parametrize(
    "y_pred, y_true, expected",
    [
        ([1, 0, 1, 1], [1, 0, 0, 1], 0.75),
        ([0, 0, 0], [0, 0, 0], 1.0),
        ([1, 1], [0, 0], 0.0),
        ([0, 1, 0], [1, 1, 1], 1 / 3),
        ([1, 0, 1], [0, 0, 0], 1 / 3),
    ],
)
def test_accuracy_values(student, y_pred, y_true, expected):
    result = call(student.accuracy, np.array(y_pred), np.array(y_true, dtype=np.uint8))
    expect_scalar(
        result,
        expected,
        f"accuracy({y_pred}, {y_true})",
        hint="the fraction of positions where the prediction equals the label (==, not <= or >=)",
    )
    expect_python_float(result, f"accuracy({y_pred}, {y_true})")


@pytest.mark.grades("accuracy")
def test_accuracy_of_a_column_against_a_row(student):
    y_pred = np.array([[1], [0], [1], [0]])
    result = call(student.accuracy, y_pred, np.array([1, 0, 0, 0]))
    expect_scalar(
        result,
        0.75,
        "accuracy(y_pred of shape (4, 1), y_true of shape (4,))",
        hint="(4, 1) == (4,) broadcasts to a (4, 4) matrix; flatten both first (np.ravel)",
    )
