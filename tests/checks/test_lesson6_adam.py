"""Autograder checks for lesson 6 (mini-batches and Adam): batches judged by their contents,
not by our permutation; Adam against the textbook formula on fixed, readable inputs; `train`
judged by whether it learns on real images."""

from __future__ import annotations

import numpy as np
import pytest

from fashion_course import data
from fashion_course.grader.expect import (
    call,
    describe,
    expect_array,
    expect_finite,
    expect_scalar,
    expect_tuple,
    expect_type,
)
from fashion_course.lessons import find_lesson
from fashion_course.workspace import SOLUTIONS, load_lesson


def numbered(m: int, classes: int = 3):
    """X row i is [i, 2i]; Y row i is the one-hot of i % classes: rows that remember who they are."""
    ids = np.arange(m, dtype=np.float64)
    return np.stack([ids, 2 * ids], axis=1), np.eye(classes)[np.arange(m) % classes]


def batches_of(student, m: int, batch_size: int, rng: np.random.Generator):
    X, Y = numbered(m)
    what = f"minibatches(X ({m}, 2), Y ({m}, 3), batch_size={batch_size}, rng)"
    batches = call(student.minibatches, X, Y, batch_size, rng, may_update=(3,))  # rng: drawn from again
    expect_type(batches, (list, tuple), what)
    for number, batch in enumerate(batches):
        if not isinstance(batch, (tuple, list)) or len(batch) != 2:
            raise AssertionError(
                f"{what}: batch {number} should be a pair (X_batch, Y_batch), got {describe(batch)}"
            )
        X_b, Y_b = batch
        ids = X_b[:, 0].astype(int)
        if not np.array_equal(X_b[:, 1], 2 * X_b[:, 0]) or not np.array_equal(Y_b, Y[ids]):
            raise AssertionError(
                f"{what}: in batch {number} the rows of X and Y no longer belong together; index both with the same indices"
            )
    return what, batches


@pytest.mark.grades("minibatches")
def test_minibatches_cover_every_example_once_and_keep_the_last(student):
    what, batches = batches_of(student, 10, 4, np.random.default_rng(0))
    sizes = [len(X_b) for X_b, _ in batches]
    if sizes != [4, 4, 2]:
        raise AssertionError(
            f"{what}: batch sizes should be [4, 4, 2] (the last, partial batch kept), got {sizes}"
        )
    ids = np.concatenate([X_b[:, 0] for X_b, _ in batches]).astype(int)
    if sorted(ids) != list(range(10)):
        raise AssertionError(
            f"{what}: every example should appear exactly once, got the examples {sorted(ids.tolist())}"
        )


@pytest.mark.grades("minibatches")
def test_minibatches_keep_the_dtype(student):
    X, Y = (array.astype(np.float32) for array in numbered(10))
    batches = call(student.minibatches, X, Y, 4, np.random.default_rng(0))
    expect_type(
        batches, (list, tuple), "minibatches(float32 X (10, 2), float32 Y (10, 3), batch_size=4, rng)"
    )
    for X_b, Y_b in batches:
        if X_b.dtype != np.float32 or Y_b.dtype != np.float32:
            raise AssertionError(
                f"minibatches(float32 X, float32 Y, ...) should give float32 batches, got {X_b.dtype} and "
                f"{Y_b.dtype}; index the rows (X[idx]) without converting them"
            )


@pytest.mark.grades("minibatches")
def test_minibatches_shuffle_afresh_and_reproducibly(student):
    rng = np.random.default_rng(1)
    what, first = batches_of(student, 50, 10, rng)
    _, second = batches_of(student, 50, 10, rng)
    _, replay = batches_of(student, 50, 10, np.random.default_rng(1))
    order = [np.concatenate([X_b[:, 0] for X_b, _ in batches]) for batches in (first, second, replay)]
    if np.array_equal(order[0], np.arange(50)):
        raise AssertionError(
            f"{what}: the examples come in their original order; shuffle them with rng.permutation"
        )
    if np.array_equal(order[0], order[1]):
        raise AssertionError(
            f"{what}: two calls with the same rng gave the same order; shuffle afresh on every call (every epoch)"
        )
    if not np.array_equal(order[0], order[2]):
        raise AssertionError(f"{what}: generators seeded alike gave different orders; draw only from `rng`")


OWN_ARRAYS = (
    "give every moment an array of its own, np.zeros_like(params[key]) made once for m and once more for v: "
    "adam_step updates them in place, so through a shared array the update of m lands in v too and the two "
    "averages mix (v can even turn negative under the square root)"
)


@pytest.mark.grades("init_adam")
def test_init_adam(student):
    """The moments start at zero, each in an array of its own: the wire keeps identity, so an
    array or dict shared on the student's side is shared here too."""
    params = {
        "W1": np.arange(1, 7, dtype=np.float32).reshape(3, 2),
        "b1": np.array([7, 8], dtype=np.float32),
        "W2": np.arange(9, 13, dtype=np.float32).reshape(2, 2),
        "b2": np.array([13, 14], dtype=np.float32),  # shaped like b1
    }
    state = call(student.init_adam, params)
    what = "init_adam({'W1': (3, 2), 'b1': (2,), 'W2': (2, 2), 'b2': (2,)})"
    expect_type(state, dict, what)
    t = state.get("t")
    if t != 0 or not isinstance(t, int) or isinstance(t, bool):
        raise AssertionError(
            f"{what}: state['t'] should be the int 0 before the first step, got {describe(t)}"
        )
    for moment in ("m", "v"):
        if not isinstance(state.get(moment), dict) or sorted(state[moment]) != sorted(params):
            raise AssertionError(f"{what}: state[{moment!r}] should be a dict with the keys of params")
        for key, value in params.items():
            given = state[moment][key]
            if isinstance(given, np.ndarray) and given.shape == value.shape and np.array_equal(given, value):
                raise AssertionError(
                    f"{what}: state[{moment!r}][{key!r}] holds the values of params[{key!r}]; the moments start "
                    "at zero, in arrays of their own, not in the parameters' arrays nor in copies of them "
                    "(adam_step updates the moments in place)"
                )
            expect_array(given, np.zeros_like(value), f"{what}: state[{moment!r}][{key!r}]")
    if state["m"] is state["v"]:
        raise AssertionError(f"{what}: state['m'] and state['v'] are one and the same dict; {OWN_ARRAYS}")
    moments = [(f"state[{moment!r}][{key!r}]", state[moment][key]) for moment in ("m", "v") for key in params]
    for position, (name, array) in enumerate(moments):
        for other, other_array in moments[position + 1 :]:
            if array is other_array:
                raise AssertionError(f"{what}: {name} and {other} are one and the same array; {OWN_ARRAYS}")


def textbook_adam(params, gradient_steps, lr, beta1, beta2, eps):
    """Adam, exactly as Kingma and Ba write it, in float64."""
    params = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(val) for k, val in params.items()}
    for t, grads in enumerate(gradient_steps, start=1):
        for key in params:
            g = grads[f"d{key}"]
            m[key] = beta1 * m[key] + (1 - beta1) * g
            v[key] = beta2 * v[key] + (1 - beta2) * g**2
            m_hat = m[key] / (1 - beta1**t)
            v_hat = v[key] / (1 - beta2**t)
            params[key] = params[key] - lr * m_hat / (np.sqrt(v_hat) + eps)
    return params


def zero_adam_state(params):
    """The state init_adam makes, by its definition: made here, so that adam_step's verdict
    depends on adam_step alone."""
    return {
        "t": 0,
        "m": {key: np.zeros_like(value) for key, value in params.items()},
        "v": {key: np.zeros_like(value) for key, value in params.items()},
    }


START = {"W1": [[1.0, -2.0], [0.5, 0.0]], "b1": [0.1, -0.1]}
GRADIENTS = [
    {"dW1": np.array([[0.5, -1.0], [2.0, 0.01]]), "db1": np.array([-0.3, 0.3])},
    {"dW1": np.array([[0.4, -0.5], [1.0, -0.02]]), "db1": np.array([-0.2, 0.1])},
    {"dW1": np.array([[0.3, 0.0], [-1.0, 0.03]]), "db1": np.array([-0.1, -0.2])},
]


@pytest.mark.grades("adam_step")
@pytest.mark.parametrize(
    "settings",
    [
        {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
        {"lr": 0.05, "beta1": 0.5, "beta2": 0.9, "eps": 0.1},
    ],
    ids=["defaults", "other betas and a large eps"],
)
def test_adam_step_follows_the_textbook(student, settings):
    params = {k: np.array(v) for k, v in START.items()}
    state = zero_adam_state(params)
    described = ", ".join(f"{k}={v:g}" for k, v in settings.items())
    for step, grads in enumerate(GRADIENTS, start=1):
        result = call(student.adam_step, params, grads, state, may_update=(0, 2), **settings)
        what = f"adam_step, step {step} from W1 = [[1, -2], [0.5, 0]], b1 = [0.1, -0.1] ({described})"
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise AssertionError(f"{what} should return (params, state), got {describe(result)}")
        params, state = result
        expected = textbook_adam(START, GRADIENTS[:step], **settings)
        for key in ("W1", "b1"):
            expect_array(
                params[key],
                expected[key],
                f"{what}: {key}",
                rtol=1e-7,
                atol=1e-10,
                hint="increment t first, so the first step has t = 1; correct both moments for their zero start, "
                "m_hat = m / (1 - beta1**t) and v_hat = v / (1 - beta2**t); the update is "
                "lr * m_hat / (sqrt(v_hat) + eps), with eps outside the square root",
            )


@pytest.mark.grades("adam_step")
def test_adam_step_keeps_float32(student):
    params = {"W1": np.ones((3, 2), dtype=np.float32), "b1": np.ones(2, dtype=np.float32)}
    grads = {"dW1": np.full((3, 2), 0.5, dtype=np.float32), "db1": np.full(2, -0.5, dtype=np.float32)}
    state = zero_adam_state(params)
    result = call(student.adam_step, params, grads, state, may_update=(0, 2))
    what = "adam_step(float32 params and gradients)"
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AssertionError(f"{what} should return (params, state), got {describe(result)}")
    for key, value in result[0].items():
        expect_type(value, np.ndarray, f"{what}: params[{key!r}]")
        if value.dtype != np.float32:
            raise AssertionError(
                f"{what}: params[{key!r}] should stay float32, got {value.dtype}; "
                "update it with arrays and Python numbers of its own dtype"
            )


ADAM_DIVERGED = (
    "Adam's steps made it NaN or inf: look at how the Adam state is made (init_adam) and used (adam_step). "
    "m and v need arrays of their own for every key (adam_step updates them in place, and through a shared "
    "array v can turn negative under the square root); both moments are corrected for their zero start, "
    "m_hat = m / (1 - beta1**t) and v_hat = v / (1 - beta2**t), with t counted from 1; and the step divides "
    "by sqrt(v_hat) + eps, eps added outside the square root so the denominator is never 0"
)


def expect_adam_kept_finite(costs, what: str) -> None:
    """Fail, pointing at the Adam state and step, when the costs logged after Adam's steps are
    NaN or inf though the first, logged before any step, is finite."""
    costs = np.asarray(costs, dtype=np.float64)
    if costs.ndim == 1 and len(costs) and np.isfinite(costs[0]):
        expect_finite(costs, f"{what}: history['cost']", hint=ADAM_DIVERGED)


def sample_problem():
    images, labels = data.load("train", data.locate("sample"))
    X = images.reshape(len(images), -1).astype(np.float32) / 255
    return X, np.eye(10, dtype=np.float32)[labels]


@pytest.mark.grades("train")
@pytest.mark.parametrize(
    "optimizer, init, lr",
    [("adam", "he", 0.003), ("sgd", "small", 0.3)],  # every optimizer and init is replayed exactly below
)
def test_train_learns_on_real_images(student, optimizer, init, lr):
    X, Y = sample_problem()
    what = f"train(sample {X.shape}, [784, 32, 10], optimizer={optimizer!r}, init={init!r}, epochs=3, batch_size=50, lr={lr})"
    result = call(
        student.train,
        X,
        Y,
        [784, 32, 10],
        optimizer=optimizer,
        init=init,
        epochs=3,
        batch_size=50,
        lr=lr,
        rng=np.random.default_rng(0),
        X_dev=X[:500],
        Y_dev=Y[:500],
    )
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AssertionError(f"{what} should return (params, history), got {describe(result)}")
    params, history = result
    expect_type(history, dict, f"{what}: history")
    for key in ("epoch", "cost", "train_accuracy", "dev_accuracy"):
        if len(history.get(key) or []) != 4:
            raise AssertionError(
                f"{what}: history[{key!r}] should hold 4 entries (epochs 0 to 3), got {describe(history.get(key))}"
            )
    cost, accuracy = history["cost"], history["train_accuracy"]
    if optimizer == "adam":
        expect_adam_kept_finite(cost, what)
    if not cost[-1] < cost[0] - 0.3:
        raise AssertionError(f"{what}: the cost should fall, got {np.round(cost, 3).tolist()}")
    if not accuracy[-1] > max(accuracy[0] + 0.2, 0.5):
        raise AssertionError(
            f"{what}: the training accuracy should rise past 0.5, got {np.round(accuracy, 3).tolist()}"
        )
    if params["W1"].shape != (784, 32):
        raise AssertionError(f"{what}: params['W1'] should have shape (784, 32), got {params['W1'].shape}")


def network_gradients(X, Y, params):
    """The gradients of the mean cross-entropy of a ReLU network with a softmax output, by
    backpropagation in float64, written here independently of any student's code."""
    L = len(params) // 2
    activations, pre_activations = [X], []
    for layer in range(1, L + 1):
        Z = activations[-1] @ params[f"W{layer}"] + params[f"b{layer}"]
        pre_activations.append(Z)
        activations.append(
            np.maximum(Z, 0) if layer < L else np.exp(Z - np.logaddexp.reduce(Z, axis=1, keepdims=True))
        )
    dZ = (activations[-1] - Y) / len(X)
    grads = {}
    for layer in range(L, 0, -1):
        grads[f"dW{layer}"] = activations[layer - 1].T @ dZ
        grads[f"db{layer}"] = dZ.sum(axis=0)
        if layer > 1:
            dZ = (dZ @ params[f"W{layer}"].T) * (pre_activations[layer - 2] > 0)
    return grads, activations[-1]


def cost_and_accuracy(X, Y, params):
    """The mean cross-entropy and the accuracy of `params` on X, Y, by their definitions."""
    _, P = network_gradients(X, Y, params)
    cost = float(-np.mean(np.sum(Y * np.log(np.maximum(P, 1e-300)), axis=1)))
    return cost, float(np.mean(P.argmax(axis=1) == Y.argmax(axis=1)))


def full_batch_run(X, Y, params, optimizer, lr, epochs):
    """What `train` must do with batch_size = m: one step an epoch, from `params`, logged
    before training and after each epoch."""
    start = params = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    logged = [cost_and_accuracy(X, Y, params)]
    steps = []
    for _ in range(epochs):
        grads, _ = network_gradients(X, Y, params)
        steps.append(grads)
        if optimizer == "sgd":
            params = {k: v - lr * grads[f"d{k}"] for k, v in params.items()}
        else:
            params = textbook_adam(start, steps, lr, 0.9, 0.999, 1e-8)
        logged.append(cost_and_accuracy(X, Y, params))
    return params, logged


def initial_params(init: str, layer_dims: list[int], seed: int) -> dict[str, np.ndarray]:
    """What `train` starts from: its first draws from rng are the initialisation, made by the
    earlier lessons' reference functions that lesson 6 imports."""
    rng = np.random.default_rng(seed)
    if init == "he":
        return load_lesson(find_lesson(5), SOLUTIONS).he_init(layer_dims, rng)
    return load_lesson(find_lesson(4), SOLUTIONS).init_params(layer_dims, rng)


def small_problem(m: int):
    images, labels = data.load("train", data.locate("sample"))
    X = images[:m].reshape(m, -1).astype(np.float64) / 255
    return X, np.eye(10)[labels[:m]]


def expect_fractions(values, what: str) -> None:
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 1 or not np.all((values >= 0) & (values <= 1)):
        raise AssertionError(
            f"{what} should hold fractions in [0, 1], got {np.round(values, 4).tolist()}: "
            "the number of right answers divided by the number of examples"
        )


@pytest.mark.grades("train")
@pytest.mark.parametrize(
    "optimizer, init, lr", [("sgd", "he", 0.5), ("adam", "he", 0.01), ("sgd", "small", 1.0)]
)
def test_train_follows_its_definition_on_the_whole_set(student, optimizer, init, lr):
    """With batch_size = m an epoch is one step on all of X, so the whole trajectory is known."""
    X, Y = small_problem(120)
    dims, epochs, seed = [784, 8, 10], 3, 7
    what = (
        f"train(X (120, 784), Y, {dims}, optimizer={optimizer!r}, init={init!r}, epochs={epochs}, "
        f"batch_size=120 (all of X), lr={lr}, rng) without a dev set"
    )
    result = call(
        student.train,
        X,
        Y,
        dims,
        optimizer=optimizer,
        init=init,
        epochs=epochs,
        batch_size=len(X),
        lr=lr,
        rng=np.random.default_rng(seed),
    )
    expect_tuple(result, 2, what)
    params, history = result
    expect_type(history, dict, f"{what}: history")
    if history.get("dev_accuracy"):
        raise AssertionError(f"{what}: without X_dev and Y_dev the history should have no dev accuracy")
    for key in ("cost", "train_accuracy"):
        if not isinstance(history.get(key), list) or len(history[key]) != epochs + 1:
            raise AssertionError(
                f"{what}: history[{key!r}] should hold {epochs + 1} entries (before training and after each "
                f"epoch), got {describe(history.get(key))}"
            )
    expect_fractions(history["train_accuracy"], f"{what}: history['train_accuracy']")
    expected, logged = full_batch_run(X, Y, initial_params(init, dims, seed), optimizer, lr, epochs)
    costs = np.array(history["cost"], dtype=np.float64)
    expect_array(
        costs[:1],
        [logged[0][0]],
        f"{what}: history['cost'][0]",
        rtol=1e-5,
        hint="the first entry is cross_entropy(P, Y) of the initial network on all of X (P first), and "
        "the initialisation is the first thing drawn from rng",
    )
    if optimizer == "adam":
        expect_adam_kept_finite(costs, what)
    expect_array(
        costs,
        [cost for cost, _ in logged],
        f"{what}: history['cost']",
        rtol=1e-5,
        hint="one step of the optimizer per epoch here, at the constant learning rate lr (no schedule), "
        "logged after each epoch",
    )
    expect_array(
        np.array(history["train_accuracy"], dtype=np.float64),
        [accuracy for _, accuracy in logged],
        f"{what}: history['train_accuracy']",
        hint="the fraction of X whose most probable class (argmax of P) equals the labelled one",
    )
    for key, value in expected.items():
        expect_array(
            params.get(key) if isinstance(params, dict) else params,
            value,
            f"{what}: the returned params[{key!r}]",
            rtol=1e-4,  # float32 parameters (he_init's) round at every step
            atol=1e-6,
            hint="return the parameters after exactly `epochs` epochs: the ones the last log describes",
        )


@pytest.mark.grades("train")
def test_train_logs_what_it_returns(student):
    """With mini-batches the shuffles are the student's own: judge the last log by the returned params."""
    X, Y = small_problem(200)
    X_dev, Y_dev = small_problem(260)[0][200:], small_problem(260)[1][200:]
    what = "train(X (200, 784), Y, [784, 8, 10], optimizer='adam', epochs=2, batch_size=50, lr=0.01, rng, X_dev (60, 784), Y_dev)"
    result = call(
        student.train,
        X,
        Y,
        [784, 8, 10],
        optimizer="adam",
        init="he",
        epochs=2,
        batch_size=50,
        lr=0.01,
        rng=np.random.default_rng(3),
        X_dev=X_dev,
        Y_dev=Y_dev,
    )
    expect_tuple(result, 2, what)
    params, history = result
    expect_type(history, dict, f"{what}: history")
    for key in ("cost", "train_accuracy", "dev_accuracy"):
        if not isinstance(history.get(key), list) or len(history[key]) != 3:
            raise AssertionError(
                f"{what}: history[{key!r}] should hold 3 entries, got {describe(history.get(key))}"
            )
        if key != "cost":
            expect_fractions(history[key], f"{what}: history[{key!r}]")
    expect_adam_kept_finite(history["cost"], what)
    expect_type(params, dict, f"{what}: params")
    params = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}
    cost, train_accuracy = cost_and_accuracy(X, Y, params)
    _, dev_accuracy = cost_and_accuracy(X_dev, Y_dev, params)
    hint = (
        "the last log describes the parameters train returns: log after the last epoch, and train no further"
    )
    expect_scalar(history["cost"][-1], cost, f"{what}: the last cost", rtol=1e-5, hint=hint)
    expect_scalar(
        history["train_accuracy"][-1], train_accuracy, f"{what}: the last train accuracy", hint=hint
    )
    expect_scalar(
        history["dev_accuracy"][-1],
        dev_accuracy,
        f"{what}: the last dev accuracy",
        hint="the accuracy (not the cost) on X_dev of the returned parameters",
    )
