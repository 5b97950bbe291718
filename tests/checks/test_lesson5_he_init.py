"""Autograder checks for lesson 5 (He initialisation): statistical, so any correct way of
drawing the numbers passes (rng.normal, rng.standard_normal, ...), and only the distribution
is judged: its scale, its mean, its Gaussian shape, zero biases, and the rng as its source."""

from __future__ import annotations

import numpy as np
import pytest

from fashion_course.grader.expect import call, describe, expect_array, expect_type

DIMS = [784, 256, 128, 10]


# Each initialisation's variance as a function of (fan_in, fan_out), as the check's messages write it.
VARIANCES = {
    "he_init": ("2 / fan_in", lambda fan_in, fan_out: 2 / fan_in),
    "xavier_init": ("2 / (fan_in + fan_out)", lambda fan_in, fan_out: 2 / (fan_in + fan_out)),
}


def check_init(student, name: str) -> None:
    function = getattr(student, name)
    formula, variance = VARIANCES[name]
    what = f"{name}({DIMS}, rng)"
    params = call(function, DIMS, np.random.default_rng(0))
    expect_type(params, dict, what)
    expected_keys = sorted(f"{p}{layer}" for layer in range(1, len(DIMS)) for p in "Wb")
    if sorted(params) != expected_keys:
        raise AssertionError(f"{what} should have keys {expected_keys}, got {sorted(params)}")
    for layer, (fan_in, fan_out) in enumerate(zip(DIMS[:-1], DIMS[1:]), start=1):
        W = params[f"W{layer}"]
        expect_type(W, np.ndarray, f"{what}: W{layer}")
        if W.shape != (fan_in, fan_out):
            raise AssertionError(
                f"{what}: W{layer} should have shape (fan_in, fan_out) = ({fan_in}, {fan_out}), got {W.shape}"
            )
        target = np.sqrt(variance(fan_in, fan_out))
        std, mean = float(W.std()), float(W.mean())
        tolerance = 4 / np.sqrt(2 * W.size) + 0.01  # the spread of a sample standard deviation, and a margin
        if abs(std / target - 1) > tolerance:
            clues = {
                target**2: f"{formula}, the variance: take its square root for the standard deviation",
                np.sqrt(2 / fan_out): "sqrt(2 / fan_out): fan_in is the layer's input width, layer_dims[l-1]",
                np.sqrt(1 / fan_in): "sqrt(1 / fan_in), which is LeCun's initialisation",
                np.sqrt(2 / fan_in): "sqrt(2 / fan_in), which is He's initialisation",
                np.sqrt(2 / (fan_in + fan_out)): "sqrt(2 / (fan_in + fan_out)), which is Glorot's (Xavier's)",
            }
            clue = next((text for value, text in clues.items() if abs(std / value - 1) < tolerance), "")
            raise AssertionError(
                f"{what}: W{layer} ({fan_in} x {fan_out}) should have standard deviation sqrt({formula}) = "
                f"{target:.4f}, got {std:.4f}" + (f"; it looks like {clue}" if clue else "")
            )
        if abs(mean) > 4 * target / np.sqrt(W.size) + 1e-3 * target:
            raise AssertionError(f"{what}: W{layer} should have mean 0, got {mean:.4f}")
        z = (W - mean) / std
        kurtosis = float(np.mean(z**4))
        if W.size > 10_000 and not 2.8 < kurtosis < 3.2:
            raise AssertionError(
                f"{what}: W{layer} should be Gaussian (kurtosis 3), got kurtosis {kurtosis:.2f}; draw from a normal "
                "distribution (rng.standard_normal or rng.normal), not a uniform one"
            )
        b = params[f"b{layer}"]
        expect_type(b, np.ndarray, f"{what}: b{layer}")
        if b.shape != (fan_out,):
            raise AssertionError(f"{what}: b{layer} should have shape ({fan_out},), got {b.shape}")
        expect_array(b, np.zeros(fan_out), f"{what}: b{layer}", hint="biases start at zero")
        for name, array in ((f"W{layer}", W), (f"b{layer}", b)):
            if array.dtype != np.float32:
                raise AssertionError(
                    f"{what}: {name} should be float32, got {array.dtype}; convert with .astype(np.float32) "
                    "(or pass dtype=np.float32 to np.zeros)"
                )


def check_reproducible(student, name: str) -> None:
    function = getattr(student, name)
    first = call(function, [30, 20, 5], np.random.default_rng(11))
    again = call(function, [30, 20, 5], np.random.default_rng(11))
    other = call(function, [30, 20, 5], np.random.default_rng(12))
    same = all(np.array_equal(first[k], again[k]) for k in first)
    if not same or np.array_equal(first["W1"], other["W1"]):
        raise AssertionError(
            f"{name} should draw from the rng it is given: the same seed gives the same weights, another seed others"
        )


@pytest.mark.grades("he_init")
def test_he_init_has_the_he_scale(student):
    check_init(student, "he_init")


@pytest.mark.grades("xavier_init")
def test_xavier_init_has_glorots_scale(student):
    check_init(student, "xavier_init")


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.grades(n)) for n in ("he_init", "xavier_init")]
)
def test_initialisation_is_reproducible(student, name):
    check_reproducible(student, name)


@pytest.mark.grades("activation_stats")
def test_activation_stats(student):
    rng = np.random.default_rng(5)
    dims = [50, 40, 30, 20, 10]
    params = {}
    for layer, (n_in, n_out) in enumerate(zip(dims[:-1], dims[1:]), start=1):
        params[f"W{layer}"] = rng.normal(scale=np.sqrt(2 / n_in), size=(n_in, n_out))
        params[f"b{layer}"] = rng.normal(scale=0.1, size=n_out)
    X = rng.normal(size=(64, 50))
    expected, A = [], X
    for layer in range(1, len(dims) - 1):
        A = np.maximum(A @ params[f"W{layer}"] + params[f"b{layer}"], 0)
        expected.append(A.std())
    what = f"activation_stats(X (64, 50), a network {dims})"
    stats = call(student.activation_stats, X, params)
    expect_type(stats, list, what)
    not_floats = [describe(value) for value in stats if not isinstance(value, float)]
    if not_floats:
        raise AssertionError(
            f"{what} should return a list of Python floats, got {not_floats[0]}; convert each with float(...)"
        )
    if len(stats) != len(expected):
        raise AssertionError(
            f"{what} should give one number per hidden layer ({len(expected)}), got {len(stats)}; leave the output layer out"
        )
    expect_array(
        np.asarray(stats, dtype=np.float64),
        expected,
        what,
        rtol=1e-6,
        hint="the standard deviation of each hidden layer's activations A_l = relu(A_{l-1} @ W_l + b_l), biases included",
    )
