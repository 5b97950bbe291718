"""Autograder checks for lesson 3 (gradient descent): the gradient, its numerical check, the loop.

`logistic_gradients` is compared with the grader's own central differences of the loss; the
student's `numerical_gradient` with gradients known in closed form. The lesson 2 functions the
student's file imports are the reference ones, so a bug there cannot fail a check here.
"""

from __future__ import annotations

import numpy as np
import pytest

from fashion_course import data
from fashion_course.grader.expect import (
    call,
    central_differences,
    describe,
    expect_array,
    expect_finite,
    expect_scalar,
    expect_tuple,
    expect_type,
    relative_error,
)


def mean_log_loss(X, y, w, b) -> float:
    p = 1 / (1 + np.exp(-(X @ w + b)))
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def logistic_problem(seed: int, m: int, n: int):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, n))
    y = (rng.random(m) < 0.5).astype(np.float64)
    return X, y, 0.5 * rng.normal(size=n), 0.1 * seed


def diagnose(got, expected, m: int) -> str:
    """Name the classic mistake that turns `expected` into `got`, when it is one."""
    got, expected = np.ravel(np.asarray(got, dtype=np.float64)), np.ravel(expected)
    scale = float(got @ expected / (expected @ expected))
    if np.allclose(got, scale * expected, rtol=1e-4, atol=1e-9):
        if np.isclose(scale, m, rtol=1e-3):
            return f"it is exactly m = {m} times too large: divide by m, the loss is a mean"
        if np.isclose(scale, -1, rtol=1e-3):
            return "it has the wrong sign: the gradient of the loss uses (p - y), not (y - p)"
        if np.isclose(scale, -m, rtol=1e-3):
            return f"it has the wrong sign and is m = {m} times too large"
    return "compare your derivation with dJ/dz = (p - y) / m"


@pytest.mark.grades("logistic_gradients")
@pytest.mark.parametrize("seed, m, n", [(0, 5, 3), (1, 12, 4), (2, 30, 7)])
def test_logistic_gradients_match_the_numerical_gradient(student, seed, m, n):
    X, y, w, b = logistic_problem(seed, m, n)
    what = f"logistic_gradients(X ({m}, {n}), y ({m},), w ({n},), b={b:g})"
    result = call(student.logistic_gradients, X, y, w, b)
    expect_tuple(result, 2, what)
    dw, db = result
    dw_numeric = central_differences(lambda v: mean_log_loss(X, y, v, b), w)
    db_numeric = central_differences(lambda v: mean_log_loss(X, y, w, v[0]), np.array([b]))[0]
    expect_type(dw, np.ndarray, what + ": dw")
    if dw.shape != (n,):
        raise AssertionError(
            f"{what}: dw should have shape ({n},) like w, got {dw.shape}; dw = X.T @ (p - y) / m"
        )
    expect_finite(dw, what + ": dw", hint="dw = X.T @ (p - y) / m: no division by y or by p")
    error = relative_error(dw, dw_numeric)
    if error > 1e-6:
        raise AssertionError(
            f"{what}: dw differs from the numerical gradient (relative error {error:.1e}; a correct "
            f"gradient gives about 1e-9): {diagnose(dw, dw_numeric, m)}"
        )
    expect_scalar(
        db,
        db_numeric,
        what + ": db",
        rtol=1e-5,
        atol=1e-8,
        hint="db = sum(p - y) / m: " + diagnose(db, db_numeric, m),
    )


@pytest.mark.grades("logistic_gradients")
def test_logistic_gradients_keep_float32(student):
    X, y, w, b = logistic_problem(3, 8, 5)
    dw, db = call(
        student.logistic_gradients, X.astype(np.float32), y.astype(np.float32), w.astype(np.float32), b
    )
    expect_type(dw, np.ndarray, "logistic_gradients(float32 X, y, w): dw")
    if dw.dtype != np.float32:
        raise AssertionError(
            f"logistic_gradients with float32 inputs should return float32 dw, got {dw.dtype}"
        )
    if not isinstance(db, float):
        raise AssertionError(
            f"logistic_gradients(float32 X, y, w): db should be a Python float, got {describe(db)}; "
            "convert the sum with float(...)"
        )


def cubes(x: np.ndarray) -> float:
    return float(np.sum(x**3))


@pytest.mark.grades("numerical_gradient")
def test_numerical_gradient_is_central_and_uses_eps(student):
    x = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.5]])
    result = call(student.numerical_gradient, cubes, x, 0.1)
    # For f = sum(x^3), the central difference (f(x+e) - f(x-e)) / 2e is exactly 3x^2 + e^2.
    expect_array(
        result,
        3 * x**2 + 0.1**2,
        "numerical_gradient(f = sum(x**3), x (2, 3), eps=0.1)",
        rtol=1e-9,
        atol=1e-9,
        hint="use central differences (f(x + eps) - f(x - eps)) / (2 eps) with the eps you are given, "
        "nudging one element at a time",
    )


@pytest.mark.grades("numerical_gradient")
def test_numerical_gradient_is_float64_for_float32_x(student):
    x = np.array([[0.5, -1.0], [2.0, 0.25]], dtype=np.float32)
    expect_array(
        call(student.numerical_gradient, cubes, x),
        3 * x.astype(np.float64) ** 2,
        "numerical_gradient(f = sum(x**3), float32 x (2, 2))",
        dtype=np.float64,
        rtol=1e-6,
        atol=1e-8,
        hint="probe a float64 copy of x (x.astype(np.float64)): in float32 the nudged values and f "
        "keep only about 7 digits, and dividing their difference by 2 eps leaves about 2",
    )


@pytest.mark.grades("numerical_gradient")
def test_numerical_gradient_of_a_known_function(student):
    def f(v: np.ndarray) -> float:
        return float(np.sin(v[0]) * v[1] + v[1] ** 2 + np.exp(v[2]))

    x = np.array([0.3, -1.2, 0.7])
    expected = np.array([np.cos(0.3) * -1.2, np.sin(0.3) + 2 * -1.2, np.exp(0.7)])
    expect_array(
        call(student.numerical_gradient, f, x),
        expected,
        "numerical_gradient(f = sin(x0) x1 + x1^2 + exp(x2), x=[0.3, -1.2, 0.7])",
        rtol=1e-7,
        atol=1e-8,
    )


def sample_tshirts_and_trousers():
    """The bundled sample's T-shirts (0) and trousers (1), as float32 rows in [0, 1]."""
    images, labels = data.load("train", data.locate("sample"))
    keep = labels <= 1
    return (images[keep].reshape(-1, 784) / np.float32(255)), labels[keep].astype(np.float32)


@pytest.mark.grades("gradient_descent")
def test_gradient_descent_takes_one_correct_step(student):
    X, y, _, _ = logistic_problem(4, 10, 3)
    result = call(student.gradient_descent, X, y, 0.3, 1, log_every=1)
    expect_tuple(result, 3, "gradient_descent(X (10, 3), y, lr=0.3, steps=1)")
    w, b, _ = result
    # From w = 0, b = 0 every p is 1/2, so one step is w = lr X^T (y - 1/2) / m, b = lr mean(y - 1/2).
    what = "gradient_descent(X (10, 3), y, lr=0.3, steps=1)"
    expect_array(
        w,
        0.3 * X.T @ (y - 0.5) / 10,
        what + ": w",
        hint="start from zeros, step against the gradient (w - lr * dw), and take exactly `steps` steps",
    )
    expect_scalar(b, 0.3 * np.mean(y - 0.5), what + ": b", hint="b - lr * db")


def descend(X, y, lr: float, steps: int, log_every: int):
    """Gradient descent on the mean log loss by its definition, in float64, from w = 0, b = 0:
    the parameters after `steps` steps and what the history must hold."""
    w, b = np.zeros(X.shape[1]), 0.0
    logged = {"step": [], "cost": [], "train_accuracy": []}
    for step in range(steps + 1):
        p = 1 / (1 + np.exp(-(X @ w + b)))
        if step % log_every == 0 or step == steps:
            logged["step"].append(step)
            logged["cost"].append(mean_log_loss(X, y, w, b))
            logged["train_accuracy"].append(float(np.mean((p >= 0.5) == y)))
        if step < steps:
            w, b = w - lr * X.T @ (p - y) / len(X), b - lr * float(np.mean(p - y))
    return w, b, logged


@pytest.mark.grades("gradient_descent")
@pytest.mark.parametrize("steps, log_every", [(1, 1), (3, 1), (5, 2), (4, 2), (6, 10)])
def test_gradient_descent_follows_its_definition(student, steps, log_every):
    rng = np.random.default_rng(steps)
    X = rng.normal(size=(12, 3))
    y = np.array([1.0] * 9 + [0.0] * 3)  # mostly ones: at step 0 every p is 1/2, which counts as class 1
    what = f"gradient_descent(X (12, 3), y, lr=0.5, steps={steps}, log_every={log_every})"
    result = call(student.gradient_descent, X, y, 0.5, steps, log_every=log_every)
    expect_tuple(result, 3, what)
    w, b, history = result
    expected_w, expected_b, logged = descend(X, y, 0.5, steps, log_every)
    expect_type(history, dict, what + ": history")
    for key in logged:
        if not isinstance(history.get(key), list):
            raise AssertionError(
                f"{what}: history[{key!r}] should be a list, got {describe(history.get(key))}"
            )
    expect_array(
        np.array(history["step"]),
        logged["step"],
        what + ": history['step']",
        hint="log before the first step (step 0), every log_every steps, and after the last step; never past `steps`",
    )
    expect_scalar(
        b,
        expected_b,
        what + ": b",
        rtol=1e-6,
        atol=1e-9,
        hint="each step is b - lr * db, with nothing else done to b",
    )
    expect_array(
        w,
        expected_w,
        what + ": w",
        rtol=1e-6,
        atol=1e-9,
        hint="from w = 0, b = 0, take exactly `steps` steps of w - lr * dw, b - lr * db",
    )
    expect_array(
        np.array(history["cost"], dtype=np.float64),
        logged["cost"],
        what + ": history['cost']",
        rtol=1e-6,
        hint="each entry is the mean log loss of w, b at that step, before that step's update",
    )
    expect_array(
        np.array(history["train_accuracy"], dtype=np.float64),
        logged["train_accuracy"],
        what + ": history['train_accuracy']",
        hint="the accuracy of predictions p >= 0.5 at that step: a probability of exactly 0.5 is class 1",
    )


@pytest.mark.grades("gradient_descent")
def test_gradient_descent_learns_and_logs(student):
    X, y = sample_tshirts_and_trousers()
    w, b, history = call(student.gradient_descent, X, y, 0.5, 25, X_dev=X[::2], y_dev=y[::2], log_every=10)
    what = f"gradient_descent(sample T-shirts vs trousers {X.shape}, lr=0.5, steps=25, log_every=10)"
    expect_type(history, dict, what + ": history")
    for key in ("step", "cost", "train_accuracy", "dev_accuracy"):
        if key not in history:
            raise AssertionError(f"{what}: history has no {key!r} (it has {sorted(history)})")
        if len(history[key]) != 4:
            raise AssertionError(
                f"{what}: history[{key!r}] should hold 4 entries (steps 0, 10, 20, 25), got {len(history[key])}"
            )
    expect_array(
        np.array(history["step"]),
        [0, 10, 20, 25],
        what + ": history['step']",
        hint="log at step 0, every log_every steps and after the last",
    )
    cost = np.array(history["cost"], dtype=np.float64)
    expect_scalar(
        cost[0],
        np.log(2),
        what + ": the cost at step 0",
        rtol=1e-4,
        hint="at w = 0 every p is 1/2 and the cost is log 2",
    )
    if not np.all(np.diff(cost) < 0):
        raise AssertionError(f"{what}: the cost should fall at every log, got {cost.round(4).tolist()}")
    expect_scalar(
        cost[-1],
        mean_log_loss(X.astype(np.float64), y, w.astype(np.float64), float(b)),
        what + ": the last cost",
        rtol=1e-3,
    )
    if history["train_accuracy"][-1] < 0.9 or history["dev_accuracy"][-1] < 0.9:
        raise AssertionError(
            f"{what}: accuracy should pass 0.9, got train {history['train_accuracy'][-1]}, dev {history['dev_accuracy'][-1]}"
        )
    if w.dtype != np.float32:
        raise AssertionError(
            f"{what}: float32 data should give float32 weights, got {w.dtype}; convert y to X's dtype"
        )
    if not isinstance(b, float):
        raise AssertionError(f"{what}: b should be a Python float, got {describe(b)}")


@pytest.mark.grades("gradient_descent")
def test_gradient_descent_without_a_dev_set_is_deterministic(student):
    X, y = sample_tshirts_and_trousers()
    first = call(student.gradient_descent, X, y, 0.1, 5, log_every=5)
    again = call(student.gradient_descent, X, y, 0.1, 5, log_every=5)
    what = "gradient_descent(sample, lr=0.1, steps=5) without X_dev"
    if "dev_accuracy" in first[2] and first[2]["dev_accuracy"]:
        raise AssertionError(f"{what}: history should have no dev accuracy without a dev set")
    if not (np.array_equal(first[0], again[0]) and first[1] == again[1] and first[2] == again[2]):
        raise AssertionError(f"{what}: two identical calls gave different results")
