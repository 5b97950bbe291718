"""Autograder checks for lesson 4 (softmax network): every function, and backward against a
numerical gradient on small random networks of depth 1 to 3."""

from __future__ import annotations

import numpy as np
import pytest

from fashion_course.grader.expect import (
    advice_for_errors,
    call,
    call_noting_warnings,
    central_differences,
    describe,
    expect_array,
    expect_finite,
    expect_scalar,
    expect_tuple,
    expect_type,
    relative_error,
)


def log_softmax(Z: np.ndarray) -> np.ndarray:
    """log P by the log-sum-exp identity, computed independently of any student's softmax."""
    Z = np.asarray(Z, dtype=np.float64)
    return Z - np.logaddexp.reduce(Z, axis=1, keepdims=True)


def network_loss(X: np.ndarray, Y: np.ndarray, params: dict[str, np.ndarray]) -> float:
    """The mean cross-entropy of a ReLU network with a softmax output, in float64."""
    L = len(params) // 2
    A = X
    for layer in range(1, L):
        A = np.maximum(A @ params[f"W{layer}"] + params[f"b{layer}"], 0)
    Z = A @ params[f"W{L}"] + params[f"b{L}"]
    return float(-np.sum(Y * log_softmax(Z)) / len(X))


def random_network(layer_dims: list[int], seed: int, m: int = 7):
    rng = np.random.default_rng(seed)
    params = {}
    for layer, (n_in, n_out) in enumerate(zip(layer_dims[:-1], layer_dims[1:]), start=1):
        params[f"W{layer}"] = rng.normal(size=(n_in, n_out))
        params[f"b{layer}"] = 0.1 * rng.normal(size=n_out)
    X = rng.normal(size=(m, layer_dims[0]))
    Y = np.eye(layer_dims[-1])[rng.integers(0, layer_dims[-1], size=m)]
    return X, Y, params


ROW_MAXIMUM = (
    "subtract each row's maximum as a column: Z.max(axis=1, keepdims=True) keeps the (m, 1) shape that "
    "broadcasts against (m, C), where Z.max(axis=1) has shape (m,) and lines up with the columns instead "
    "(take the row sums you divide by the same way)"
)


@pytest.mark.grades("softmax")
@pytest.mark.parametrize(
    "Z",
    [
        np.array([[1.0, 2.0, 3.0], [0.5, 0.5, -1.0], [10.0, 0.0, -10.0], [0.0, 0.0, 0.0]]),
        np.array([[1.0, 2.0, 3.0], [0.0, 5.0, -1.0], [2.0, -2.0, 0.5]]),  # square: (m,) broadcasts, wrongly
    ],
    ids=["4 by 3", "square"],
)
def test_softmax_values_and_axis(student, Z):
    what = f"softmax(Z {Z.shape})"
    with advice_for_errors("ValueError", "broadcast", ROW_MAXIMUM):
        P = call(student.softmax, Z)
    expect_type(P, np.ndarray, what)
    if P.shape == Z.shape and not np.allclose(P.sum(axis=1), 1) and np.allclose(P.sum(axis=0), 1):
        raise AssertionError(
            f"{what}: the columns sum to 1, not the rows; normalise over axis=1 (each example)"
        )
    expect_array(
        P,
        np.exp(log_softmax(Z)),
        what,
        rtol=1e-7,
        atol=1e-12,
        hint="P = exp(Z - M) / exp(Z - M).sum(axis=1, keepdims=True), where M = Z.max(axis=1, keepdims=True) "
        "holds each row's maximum as an (m, 1) column (without keepdims=True it has shape (m,), which "
        "lines up with the columns instead)",
    )


@pytest.mark.grades("softmax")
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_softmax_is_stable_for_huge_logits(student, dtype):
    Z = np.array([[1e4, 0.0, -1e4], [89.0, 88.0, 0.0], [-1e4, -1e4, -1e4]], dtype=dtype)
    what = f"softmax({np.dtype(dtype)} logits up to 1e4)"
    P, caught = call_noting_warnings(student.softmax, Z)
    expect_type(P, np.ndarray, what)
    if caught or not np.all(np.isfinite(P)):
        raise AssertionError(
            f"{what} gave {'a warning: ' + caught[0] if caught else 'NaN or inf'}; exp(1e4) overflows "
            "(float32 already past e^88): subtract each row's maximum before np.exp, "
            "as a column: Z.max(axis=1, keepdims=True)"
        )
    expect_array(P, np.exp(log_softmax(Z)), what, dtype=dtype, rtol=1e-5, atol=1e-30)


@pytest.mark.grades("cross_entropy")
def test_cross_entropy_value(student):
    P = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.25, 0.5, 0.25]])
    Y = np.eye(3)[[0, 1, 2, 0]]
    expected = -(np.log(0.7) + np.log(0.8) + np.log(0.4) + np.log(0.25)) / 4
    expect_scalar(
        call(student.cross_entropy, P, Y),
        expected,
        "cross_entropy(P (4, 3), Y one-hot for labels [0, 1, 2, 0])",
        rtol=1e-6,
        hint="J = -sum(Y * log P) / m: a mean over the m examples (rows), not over every entry",
    )


@pytest.mark.grades("cross_entropy")
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_cross_entropy_is_finite_on_exact_zeros(student, dtype):
    P = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]], dtype=dtype)
    Y = np.eye(3, dtype=dtype)[[0, 1]]  # right about the first, certain and wrong about the second
    what = f"cross_entropy(P with exact 0s ({np.dtype(dtype)}), Y)"
    loss, caught = call_noting_warnings(student.cross_entropy, P, Y)
    if not isinstance(loss, float):
        raise AssertionError(
            f"{what} should return a Python float, got {describe(loss)}; convert with float(...)"
        )
    if caught or not np.isfinite(loss) or not 5 < loss < 100:
        raise AssertionError(
            f"{what} gave {loss}: clip P from below (np.maximum(P, eps)) before the log, so log 0 never happens"
        )


@pytest.mark.grades("relu")
def test_relu(student):
    Z = np.array([[-2.0, -0.0, 0.5], [3.0, -1e-8, 0.0]], dtype=np.float32)
    expect_array(call(student.relu, Z), np.where(Z > 0, Z, 0), "relu(float32 Z (2, 3))", dtype=np.float32)


@pytest.mark.grades("relu_backward")
def test_relu_backward_uses_the_pre_activation(student):
    Z = np.array([[-2.0, 0.5, 0.0], [3.0, -0.1, 7.0]])
    dA = np.array([[1.5, -2.0, 4.0], [-0.5, 3.0, 2.5]])
    expect_array(
        call(student.relu_backward, dA, Z),
        [[0.0, -2.0, 0.0], [-0.5, 0.0, 2.5]],
        "relu_backward(dA, Z) with dA = [[1.5, -2, 4], [-0.5, 3, 2.5]], Z = [[-2, 0.5, 0], [3, -0.1, 7]]",
        hint="dZ = dA * (Z > 0): let dA through where Z was positive, whatever its own sign, and nothing "
        "where Z <= 0; the mask comes from Z, and dA is not multiplied by Z",
    )


@pytest.mark.grades("init_params")
def test_init_params_shapes_scale_and_biases(student):
    dims = [784, 256, 10]
    params = call(student.init_params, dims, np.random.default_rng(0), 0.05)
    expect_type(params, dict, "init_params([784, 256, 10], rng, scale=0.05)")
    if sorted(params) != ["W1", "W2", "b1", "b2"]:
        raise AssertionError(
            f"init_params([784, 256, 10], ...) should have keys W1, b1, W2, b2, got {sorted(params)}"
        )
    for layer, (n_in, n_out) in enumerate(zip(dims[:-1], dims[1:]), start=1):
        W, b = params[f"W{layer}"], params[f"b{layer}"]
        what = f"init_params([784, 256, 10], rng, scale=0.05): W{layer}"
        expect_type(W, np.ndarray, what)
        if W.shape != (n_in, n_out):
            raise AssertionError(f"{what} should have shape ({n_in}, {n_out}) = (n_in, n_out), got {W.shape}")
        if not 0.95 * 0.05 < W.std() < 1.05 * 0.05 or abs(W.mean()) > 0.01:
            raise AssertionError(
                f"{what} should be N(0, 1) * scale: standard deviation 0.05, got {W.std():.4f} (mean {W.mean():.4f})"
            )
        expect_type(b, np.ndarray, f"init_params(...): b{layer}")
        if b.shape != (n_out,):
            raise AssertionError(
                f"init_params(...): b{layer} should have shape ({n_out},), got {b.shape}; biases are 1-D"
            )
        expect_array(b, np.zeros(n_out), f"init_params(...): b{layer}")


@pytest.mark.grades("relu_backward")
def test_relu_backward_keeps_float32(student):
    Z = np.array([[-1.0, 2.0], [0.5, -0.5]], dtype=np.float32)
    dA = np.array([[3.0, -1.0], [2.0, 4.0]], dtype=np.float32)
    expect_array(
        call(student.relu_backward, dA, Z),
        [[0.0, -1.0], [2.0, 0.0]],
        "relu_backward(float32 dA, float32 Z)",
        dtype=np.float32,
        hint="multiply dA by the mask; a float64 mask or constant turns float32 into float64",
    )


@pytest.mark.grades("init_params")
def test_init_params_is_float32(student):
    params = call(student.init_params, [12, 5, 3], np.random.default_rng(5), 0.1)
    expect_type(params, dict, "init_params([12, 5, 3], rng, scale=0.1)")
    for key in ("W1", "b1", "W2", "b2"):
        value = params.get(key)
        expect_type(value, np.ndarray, f"init_params([12, 5, 3], rng, scale=0.1): {key}")
        if value.dtype != np.float32:
            raise AssertionError(
                f"init_params([12, 5, 3], rng, scale=0.1): {key} should be float32, got {value.dtype}; "
                "rng.standard_normal and np.zeros give float64: convert with .astype(np.float32) or dtype=np.float32"
            )


@pytest.mark.grades("init_params")
def test_init_params_is_reproducible_from_the_rng(student):
    first = call(student.init_params, [20, 5, 3], np.random.default_rng(3))
    again = call(student.init_params, [20, 5, 3], np.random.default_rng(3))
    other = call(student.init_params, [20, 5, 3], np.random.default_rng(4))
    if not np.array_equal(first["W1"], again["W1"]) or np.array_equal(first["W1"], other["W1"]):
        raise AssertionError(
            "init_params should draw from the rng it is given: same seed, same weights; new seed, new weights"
        )
    if not 0.005 < np.std(first["W1"]) < 0.015:
        raise AssertionError(
            f"init_params with the default scale should give weights of standard deviation 0.01, got {np.std(first['W1']):.4f}"
        )


DEPTHS = {"one layer": [6, 4], "two layers": [5, 4, 3], "three layers": [6, 5, 4, 3]}


@pytest.mark.grades("forward")
@pytest.mark.parametrize("depth", DEPTHS)
def test_forward_matches_the_definition(student, depth):
    X, Y, params = random_network(DEPTHS[depth], seed=len(depth))
    what = f"forward(X {X.shape}, params of a {depth} network {DEPTHS[depth]})"
    result = call(student.forward, X, params)
    expect_tuple(result, 2, what)
    P, _ = result
    L = len(params) // 2
    A = X
    for layer in range(1, L):
        A = np.maximum(A @ params[f"W{layer}"] + params[f"b{layer}"], 0)
    expected = np.exp(log_softmax(A @ params[f"W{L}"] + params[f"b{L}"]))
    expect_array(
        P,
        expected,
        what + ": P",
        rtol=1e-6,
        hint="ReLU after every layer but the last, softmax after the last",
    )


def float32_network():
    X, Y, params = random_network([5, 4, 3], seed=21)
    return X.astype(np.float32), Y.astype(np.float32), {k: v.astype(np.float32) for k, v in params.items()}


@pytest.mark.grades("forward")
def test_forward_keeps_float32(student):
    X, _, params = float32_network()
    result = call(student.forward, X, params)
    expect_tuple(result, 2, "forward(float32 X (7, 5), float32 params [5, 4, 3])")
    P = result[0]
    expect_type(P, np.ndarray, "forward(float32 X, float32 params): P")
    if P.dtype != np.float32:
        raise AssertionError(f"forward(float32 X, float32 params) should give float32 P, got {P.dtype}")


@pytest.mark.grades("backward")
def test_backward_keeps_float32(student):
    X, Y, params = float32_network()
    _, cache = student.forward(X, params)
    grads = call(student.backward, Y, params, cache)
    what = "backward(float32 Y, float32 params [5, 4, 3], cache)"
    expect_type(grads, dict, what)
    for key in params:
        got = grads.get("d" + key)
        expect_type(got, np.ndarray, f"{what}: d{key}")
        if got.dtype != np.float32:
            raise AssertionError(
                f"{what}: d{key} should be float32 like {key}, got {got.dtype}; a float64 constant or "
                "array in the computation upcasts it"
            )


@pytest.mark.grades("backward")
@pytest.mark.parametrize("depth", DEPTHS)
def test_backward_matches_the_numerical_gradient(student, depth):
    X, Y, params = random_network(DEPTHS[depth], seed=10 + len(depth))
    _, cache = student.forward(X, params)
    what = f"backward on a {depth} network {DEPTHS[depth]} with m = {len(X)} examples"
    grads = call(student.backward, Y, params, cache)
    expect_type(grads, dict, what)
    right: list[str] = []  # the gradients checked before this one, all right
    for key in sorted(params, key=lambda k: (-int(k[1:]), k)):  # from the top layer down
        name = f"d{key}"
        if name not in grads:
            raise AssertionError(f"{what}: the gradients have no {name!r} (they have {sorted(grads)})")
        got = grads[name]
        expect_type(got, np.ndarray, f"{what}: {name}")
        if got.shape != params[key].shape:
            raise AssertionError(
                f"{what}: {name} should have the shape of {key}, {params[key].shape}, got {got.shape}"
            )

        def loss_of(value, key=key):
            return network_loss(X, Y, {**params, key: value})

        expect_finite(
            got,
            f"{what}: {name}",
            hint="the last layer's dZ is (P - Y) / m, with no division by Y (a one-hot Y is mostly zeros)",
        )
        numeric = central_differences(loss_of, params[key])
        error = relative_error(got, numeric)
        if error > 1e-6:
            ratio = float(np.sum(got * numeric) / np.sum(numeric * numeric))
            cause = (
                f"; it is {len(X)} = m times too large: divide dZ by m"
                if np.isclose(ratio, len(X), rtol=1e-3)
                else ""
            )
            checked = f". {', '.join(right)} {'are' if len(right) > 1 else 'is'} right" if right else ""
            raise AssertionError(
                f"{what}: {name} is wrong: relative error {error:.1e} against the numerical gradient "
                f"(a correct backward gives about 1e-8 or less){cause}{checked}"
            )
        right.append(name)


@pytest.mark.grades("sgd_step")
def test_sgd_step(student):
    params = {"W1": np.array([[1.0, 2.0], [3.0, 4.0]]), "b1": np.array([0.5, -0.5])}
    grads = {"dW1": np.array([[10.0, -10.0], [0.0, 1.0]]), "db1": np.array([2.0, 4.0])}
    result = call(student.sgd_step, params, grads, 0.1, may_update=(0,))
    what = "sgd_step(W1 = [[1, 2], [3, 4]], b1 = [0.5, -0.5], their gradients, lr=0.1)"
    expect_type(result, dict, what + f" returned {describe(result)};")
    expect_array(result["W1"], [[0.0, 3.0], [3.0, 3.9]], what + ": W1", hint="θ - lr * dθ")
    expect_array(result["b1"], [0.3, -0.9], what + ": b1", hint="update the biases too")
