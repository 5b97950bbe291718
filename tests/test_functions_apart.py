"""Each function is graded on its own code: while a function that calls others of its lesson is
checked (`predict` calls `predict_proba`, `train` calls `adam_step`), those others are the
reference's (`Lesson.standins`), so a hang, a crash or a mistake in them changes nothing about
its verdict, wherever the module holds them (by name, an alias, a dict, a default argument); the
child process that answers its call (forked from the student's process for that call) holds the
reference's code of those others only, never of the function itself; and memory a function keeps
costs the next function checked nothing.
"""

from __future__ import annotations

import ast
import json

import numpy as np
import pytest
from helpers import run_course, write_variant

from fashion_course.grader import proxy
from fashion_course.grader.sandbox import isolation
from fashion_course.grader.standins import excerpt
from fashion_course.lessons import CALLS, LESSONS, find_lesson
from fashion_course.workspace import SOLUTIONS

COMPOSITE = [(lesson, name) for lesson in LESSONS for name in lesson.functions if lesson.standins(name)]


def test_every_function_a_lesson_function_calls_is_in_the_registry():
    """CALLS is what the references call: each lesson function names, in its body or in the
    reference's helpers it calls, exactly the lesson's functions CALLS gives it (so a new call
    cannot slip past the stand-ins)."""
    for lesson in LESSONS:
        tree = ast.parse((SOLUTIONS / lesson.file_name).read_text())
        bodies = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
        for name in lesson.functions:
            named, reached = set(), [name]
            while reached:
                for used in {n.id for n in ast.walk(bodies[reached.pop()]) if isinstance(n, ast.Name)}:
                    if used in lesson.functions and used != name:
                        named.add(used)
                    elif used in bodies and used not in lesson.functions and used not in named:
                        named.add(used)
                        reached.append(used)
            assert named & set(lesson.functions) == set(CALLS.get(name, ())), (lesson.label, name)


@pytest.mark.parametrize(("lesson", "name"), COMPOSITE, ids=[name for _, name in COMPOSITE])
def test_the_excerpt_defines_the_stand_ins_as_the_reference_does_and_nothing_else_of_the_lesson(lesson, name):
    standins = lesson.standins(name)
    assert name not in standins and not set(lesson.checked_with(name)) & set(standins)
    tree = ast.parse(excerpt(lesson, standins))
    defined = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert set(defined) & set(lesson.functions) == set(standins)
    reference = {
        node.name: node
        for node in ast.parse((SOLUTIONS / lesson.file_name).read_text()).body
        if isinstance(node, ast.FunctionDef)
    }
    for standin in standins:
        assert ast.dump(defined[standin]) == ast.dump(reference[standin])


# Every function that some function of its lesson calls, broken (hanging, exiting, raising or
# wrong); the functions that call them are left as the reference wrote them.
BROKEN = {
    2: "def sigmoid(z):\n    while True:\n        pass\n",
    3: "def logistic_gradients(X, y, w, b):\n    return np.zeros_like(w), 0.0\n",
    4: (
        "def softmax(Z):\n    return Z\n\n\n"
        "def relu(Z):\n    raise ValueError('not yet')\n\n\n"
        "def relu_backward(dA, Z):\n    import os\n\n    os._exit(3)\n"
    ),
    6: (
        "def minibatches(X, Y, batch_size, rng):\n    return [(X[:batch_size], Y[:batch_size])]\n\n\n"
        "def init_adam(params):\n    return None\n\n\n"
        "def adam_step(params, grads, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):\n"
        "    while True:\n        pass\n"
    ),
}


def checked(folder, variants: dict[int, str]) -> dict[str, str]:
    """The outcome of each function of the lessons in `variants` (number -> code appended to the
    reference), graded by `course check --all` in `folder`."""
    for number, code in variants.items():
        write_variant(folder, find_lesson(number), code)
    result = run_course("check", "--all", "--path", str(folder), "--json", timeout=300)
    return {
        c["function"]: c["outcome"]
        for report in json.loads(result.stdout)
        if report["lesson"] in variants
        for c in report["checks"]
    }


def test_a_function_passes_whatever_the_functions_it_calls_do(tmp_path):
    outcomes = checked(tmp_path, BROKEN)
    broken = {name for number in BROKEN for name in find_lesson(number).functions if f"def {name}(" in BROKEN[number]}
    assert {name for name, outcome in outcomes.items() if outcome != "passed"} == broken, outcomes
    assert {name for _, name in COMPOSITE} <= {name for name, outcome in outcomes.items() if outcome == "passed"}


# A train that looks everywhere its process could hold the reference's train, and uses it if found.
BORROWS = '''
def train(*args, **kwargs):
    import gc
    import os
    import sys

    found = [getattr(module, "train", None) for module in list(sys.modules.values())]
    found += [f.__globals__.get("train") for f in (minibatches, init_adam, adam_step)]
    found += [o for o in gc.get_objects() if callable(o) and getattr(o, "__name__", "") == "train"]
    found = [f for f in found if callable(f) and f is not train]
    for top in ("/course", "/scratch", os.path.dirname(__file__)):
        for folder, _, names in os.walk(top):
            for file_name in names:
                try:
                    text = open(os.path.join(folder, file_name)).read()
                except (OSError, UnicodeDecodeError):
                    continue
                if "def train(" in text and file_name != os.path.basename(__file__):
                    namespace = {"__name__": "borrowed"}
                    exec(compile(text, file_name, "exec"), namespace)
                    found.append(namespace["train"])
    if not found:
        raise LookupError("no train to borrow")
    return found[0](*args, **kwargs)
'''


@pytest.mark.skipif(not isolation().sandboxed, reason="outside a sandbox a student's code can read every file")
def test_the_process_that_runs_a_function_holds_no_reference_of_it(tmp_path):
    lesson = find_lesson(6)
    path = write_variant(tmp_path, lesson, BORROWS)
    path.write_text(path.read_text().replace("\ndef train(", "\ndef reference_train_renamed_away(", 1))
    result = run_course("check", "6", "--path", str(tmp_path), "--json")
    (train,) = [c for c in json.loads(result.stdout)["checks"] if c["function"] == "train"]
    assert train["outcome"] == "error" and "no train to borrow" in train["message"], train


# A predict that leaves the code of the predict_proba it was given in its scratch folder, and a
# predict_proba that runs what it finds there (else returns -1s).
LEAVES_IT_BEHIND = """
def predict(X, w, b, threshold=0.5):
    import marshal

    with open("left-behind.bin", "wb") as stream:
        stream.write(marshal.dumps(predict_proba.__code__))
    return (predict_proba(X, w, b) >= threshold).astype(int)


def predict_proba(X, w, b):
    import marshal
    import types

    try:
        with open("left-behind.bin", "rb") as stream:
            code = marshal.loads(stream.read())
    except OSError:
        return np.full(len(X), -1.0)
    return types.FunctionType(code, globals())(X, w, b)
"""


@pytest.mark.skipif(not isolation().sandboxed, reason="outside a sandbox a student's code can read every file")
def test_a_function_called_after_one_given_its_reference_finds_nothing_left_behind(tmp_path):
    """Whatever order the checks run in: once a child was sent the reference's predict_proba,
    the next call of predict_proba itself is answered by a fresh sandbox."""
    lesson = find_lesson(2)
    write_variant(tmp_path, lesson, LEAVES_IT_BEHIND)
    student = proxy.StudentModule(lesson, tmp_path)
    X, w = np.array([[1.0, 2.0], [-1.0, 0.5]]), np.array([0.3, -0.2])
    try:
        assert student.wait_until_imported() is None
        with proxy.time_limit(20):
            assert student.predict(X, w, 0.0).tolist() == [0, 0]  # the reference's predict_proba did it
            assert student.predict_proba(X, w, 0.0).tolist() == [-1.0, -1.0]
    finally:
        student.close()


def test_a_call_a_stand_in_does_not_take_says_the_stand_in_is_the_reference_s(tmp_path):
    """A student's sigmoid may take an extra argument; their predict_proba, checked with the
    reference's sigmoid, is told why that argument is refused."""
    code = (
        "def sigmoid(z, clip=None):\n    return 1 / (1 + np.exp(-np.clip(z, -500, 500)))\n\n\n"
        "def predict_proba(X, w, b):\n    return sigmoid(X @ w + b, clip=None)\n"
    )
    write_variant(tmp_path, find_lesson(2), code)
    result = run_course("check", "2", "--path", str(tmp_path), "--json")
    (verdict,) = [c for c in json.loads(result.stdout)["checks"] if c["function"] == "predict_proba"]
    assert verdict["outcome"] == "error" and "unexpected keyword argument 'clip'" in verdict["message"]
    assert "the sigmoid it calls is the reference's, which takes the arguments of the stub's sigmoid" in verdict[
        "message"
    ]


# Callees held under another name: an alias, a dict of activations, a default argument.
HELD_ELSEWHERE = {
    2: (
        "def sigmoid(z):\n    raise ValueError('not yet')\n\n\n_sig = sigmoid\n\n\n"
        "def predict_proba(X, w, b):\n    return _sig(X @ w + b)\n"
    ),
    4: '''
def relu(Z):
    raise ValueError("not yet")


def relu_backward(dA, Z):
    raise ValueError("not yet")


ACTIVATIONS = {"relu": relu}


def forward(X, params):
    L = len(params) // 2
    cache = {"A0": X}
    A = X
    for layer in range(1, L + 1):
        Z = A @ params[f"W{layer}"] + params[f"b{layer}"]
        A = ACTIVATIONS["relu"](Z) if layer < L else softmax(Z)
        cache[f"Z{layer}"], cache[f"A{layer}"] = Z, A
    return A, cache


def backward(Y, params, cache, mask=relu_backward):
    L = len(params) // 2
    grads = {}
    dZ = (cache[f"A{L}"] - Y) / len(Y)
    for layer in range(L, 0, -1):
        grads[f"dW{layer}"] = cache[f"A{layer - 1}"].T @ dZ
        grads[f"db{layer}"] = dZ.sum(axis=0)
        if layer > 1:
            dZ = mask(dZ @ params[f"W{layer}"].T, cache[f"Z{layer - 1}"])
    return grads
''',
}


def test_a_callee_held_under_another_name_is_the_reference_s_too(tmp_path):
    outcomes = checked(tmp_path, HELD_ELSEWHERE)
    assert {name for name, outcome in outcomes.items() if outcome != "passed"} == {"sigmoid", "relu", "relu_backward"}


# A right relu_backward that keeps all the address space it can get (reserved, never touched).
KEEPS_MEMORY = """
_kept = []


def relu_backward(dA, Z):
    if not _kept:
        for chunk in (16 << 20, 1 << 20, 256 << 10):
            while True:
                try:
                    _kept.append(np.empty(chunk, dtype=np.uint8))
                except MemoryError:
                    break
    return dA * (Z > 0)
"""


def test_memory_one_function_keeps_costs_the_next_function_nothing(tmp_path):
    """The process that ran relu_backward is started afresh before init_params is checked."""
    write_variant(tmp_path, find_lesson(4), KEEPS_MEMORY)
    result = run_course("check", "4", "--path", str(tmp_path), "--json")
    outcomes = {c["function"]: c["outcome"] for c in json.loads(result.stdout)["checks"]}
    assert set(outcomes.values()) == {"passed"}, json.loads(result.stdout)["checks"]
