"""What the autograder's checks assert with, and how they tell a student what went wrong.

Every helper raises `AssertionError` with a message written for the student: what was called,
what was expected, what came back (type, dtype, shape), the largest difference and where it
is, and the first NaN. `call` runs a student's function (a `proxy.StudentFunction`) and fails
if it changed its inputs (which stay as they were, but for those it may update) or touched
NumPy's global random state. `advice_for_errors` adds what usually causes an error to the
message of one the student's code raises.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from fashion_course.grader.proxy import StudentCodeError, StudentFunction
from fashion_course.grader.wire import Opaque


def describe(value: Any) -> str:
    """A short description of a value: `float32 (3, 784)`, `float 0.25`, `tuple of 2`, `None`."""
    if isinstance(value, np.ndarray):
        return f"{value.dtype} array {value.shape}"
    if isinstance(value, np.generic):
        return f"numpy {value.dtype} {value!r}"
    if isinstance(value, (bool, int, float)):
        return f"{type(value).__name__} {value!r}"
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__} of {len(value)}"
    if isinstance(value, dict):
        return f"dict with keys {sorted(value, key=str)}"
    if isinstance(value, Opaque):
        return value.type_name
    return type(value).__name__


def call(function: StudentFunction, *args: Any, may_update: tuple[int | str, ...] = (), **kwargs: Any) -> Any:
    """Call a student's `function`, then fail if it changed an argument in place or used the global RNG.

    `may_update` lists the positions (0 for the first) and keyword names of the arguments the
    function may change in place, whose changes reach the caller's objects: the parameters and
    optimiser state of `sgd_step` and `adam_step`, and a Generator the check draws from again.
    Every other argument stays as the check made it, whatever the student's code does, and a
    change the function made to one fails it (`StudentFunction.changed_in_place`); drawing from a
    Generator it is given is no change.
    """
    result = function.updating(may_update, *args, **kwargs)
    name = function.__name__
    for argument, new in function.changed_in_place.items():
        given = args[argument] if isinstance(argument, int) else kwargs[argument]
        if argument in may_update or isinstance(given, np.random.Generator):
            continue
        if isinstance(argument, int):
            raise AssertionError(
                f"{name} changed its argument number {argument + 1} ({describe(new)}) in place; "
                "work on a copy (e.g. `x = x.astype(...)`, not `x /= ...` or `x[...] = ...`)"
            )
        raise AssertionError(f"{name} changed its argument `{argument}` in place; work on a copy")
    if function.moved_global_random:
        raise AssertionError(
            f"{name} used NumPy's global random state (np.random.*); "
            "draw every random number from the `rng` argument instead"
        )
    return result


@contextmanager
def advice_for_errors(kind: str, phrase: str, advice: str) -> Iterator[None]:
    """In the block, an exception of type `kind` (`"ValueError"`) that the student's code raises
    with `phrase` in its message also says `advice`, after its message and where it was raised.
    It stays an error (the code raised): one that says what usually causes it."""
    try:
        yield
    except StudentCodeError as error:
        if error.type != kind or phrase not in error.message:
            raise
        raise error.with_advice(advice) from error


def call_noting_warnings(function: StudentFunction, *args: Any) -> tuple[Any, list[str]]:
    """`call`, and the NumPy warnings it raised: overflow, invalid values, division by zero."""
    result = call(function, *args)
    return result, function.warnings


def expect_type(value: Any, kind: type | tuple[type, ...], what: str) -> None:
    if not isinstance(value, kind):
        names = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
        raise AssertionError(f"{what} should be a {names}, got {describe(value)}")


def expect_tuple(value: Any, length: int, what: str) -> None:
    if not isinstance(value, (tuple, list)) or len(value) != length:
        raise AssertionError(f"{what} should return a tuple of {length}, got {describe(value)}")


def first_nan(array: np.ndarray) -> str:
    """`NaN at [2, 5]`, `inf at [0]` or an empty string when every value is finite."""
    bad = np.argwhere(~np.isfinite(array))
    if len(bad) == 0:
        return ""
    where = tuple(int(i) for i in bad[0])
    return f"{array[where]} at {list(where)}" + (f" (and {len(bad) - 1} more)" if len(bad) > 1 else "")


def expect_array(
    actual: Any,
    expected: np.ndarray,
    what: str,
    *,
    dtype: Any = None,
    rtol: float = 1e-5,
    atol: float = 1e-6,
    hint: str = "",
) -> None:
    """Fail unless `actual` is an array shaped like `expected` (of `dtype`, when given) and close.

    `what` names the call, e.g. `preprocess(images uint8 (3, 28, 28))`; `hint` is added to the
    message when the values differ, and says what mistake usually causes it.
    """
    expected = np.asarray(expected)
    suffix = f"; {hint}" if hint else ""
    if not isinstance(actual, np.ndarray):
        raise AssertionError(f"{what} should return an array {expected.shape}, got {describe(actual)}")
    if actual.shape != expected.shape:
        raise AssertionError(f"{what} should return shape {expected.shape}, got shape {actual.shape}{suffix}")
    if dtype is not None and actual.dtype != np.dtype(dtype):
        raise AssertionError(f"{what} should return {np.dtype(dtype)}, got {actual.dtype}{suffix}")
    if not np.issubdtype(actual.dtype, np.number) and actual.dtype != bool:
        raise AssertionError(f"{what} should return numbers, got {actual.dtype}")
    bad = first_nan(actual.astype(np.float64))
    if bad and not first_nan(expected.astype(np.float64)):
        raise AssertionError(f"{what} returned a non-finite value: {bad}{suffix}")
    if not np.allclose(actual, expected, rtol=rtol, atol=atol, equal_nan=True):
        difference = np.abs(actual.astype(np.float64) - expected)
        excess = difference - (atol + rtol * np.abs(expected))  # how far past the tolerance
        where = np.unravel_index(np.nanargmax(excess), excess.shape)
        index = list(map(int, where))
        raise AssertionError(
            f"{what}: values differ; at {index} expected {expected[where].item()!r}, got {actual[where].item()!r}"
            f" (largest difference anywhere {np.nanmax(difference):.3g}){suffix}"
        )


def expect_scalar(
    actual: Any, expected: float, what: str, *, rtol: float = 1e-5, atol: float = 1e-7, hint: str = ""
) -> None:
    """Fail unless `actual` is a real number (a Python or NumPy scalar, or a 0-d array) close to `expected`."""
    suffix = f"; {hint}" if hint else ""
    if isinstance(actual, np.ndarray) and actual.ndim == 0:
        actual = actual[()]
    if not isinstance(actual, (int, float, np.integer, np.floating)) or isinstance(actual, bool):
        raise AssertionError(f"{what} should return a number, got {describe(actual)}")
    if not np.isfinite(actual):
        raise AssertionError(f"{what} returned {actual}, expected {expected:.6g}{suffix}")
    if not np.isclose(actual, expected, rtol=rtol, atol=atol):
        raise AssertionError(f"{what}: expected {expected:.6g}, got {float(actual):.6g}{suffix}")


def central_differences(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """The grader's own numerical gradient of f at x (float64), independent of any student's."""
    x = np.array(x, dtype=np.float64)
    grad = np.empty_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = eps
        grad[i] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad


def expect_finite(value: Any, what: str, *, hint: str = "") -> None:
    """Fail when `value` holds NaN or inf where finite numbers are expected, saying where."""
    bad = first_nan(np.asarray(value, dtype=np.float64))
    if bad:
        raise AssertionError(f"{what} holds a non-finite value: {bad}" + (f"; {hint}" if hint else ""))


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """max |a - b| / max(|a| + |b|): about 1e-7 or less for a correct float64 gradient; inf when
    either holds NaN or inf, so that no tolerance accepts them (check `expect_finite` first for
    a message that says where)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("inf")
    scale = np.max(np.abs(a) + np.abs(b))
    return float(np.max(np.abs(a - b)) / scale) if scale > 0 else 0.0
