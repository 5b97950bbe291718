"""The similarity report: a reference copied with new names is flagged, honest work and stubs are not."""

from __future__ import annotations

import ast
import re

from fashion_course.grader.similarity import REFERENCE, similar_pairs
from fashion_course.lessons import find_lesson
from fashion_course.workspace import SOLUTIONS, STUBS

LESSON = find_lesson(4)
REFERENCE_CODE = (SOLUTIONS / LESSON.file_name).read_text()

# Lesson 2 written from scratch, another way: correct, and not the reference's code.
HONEST_LESSON_2 = """
import numpy as np

def sigmoid(z):
    z = np.asarray(z)
    out = np.empty_like(z)
    positive = z >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-z[positive]))
    exp_z = np.exp(z[~positive])
    out[~positive] = exp_z / (exp_z + 1.0)
    return out

def init_zeros(n_features):
    weights = np.zeros((n_features,), np.float32)
    return weights, float(0)

def predict_proba(X, w, b):
    scores = np.dot(X, w) + b
    return sigmoid(scores)

def log_loss(p, y):
    tiny = np.finfo(p.dtype).eps
    safe = np.minimum(np.maximum(p, tiny), 1 - tiny)
    losses = np.where(y == 1, -np.log(safe), -np.log(1 - safe))
    return float(losses.sum() / losses.size)

def predict(X, w, b, threshold=0.5):
    return np.where(predict_proba(X, w, b) >= threshold, 1, 0)

def accuracy(y_pred, y_true):
    hits = np.count_nonzero(np.reshape(y_pred, -1) == np.reshape(y_true, -1))
    return hits / np.size(y_true)
"""


def disguised(source: str) -> str:
    """The reference with every variable renamed, its functions in reverse order, comments and a
    new layout: what a student who copied it might hand in."""
    for old, new in (("Z", "logits"), ("dA", "upstream"), ("layer", "k"), ("cache", "memo"), ("dZ", "delta")):
        source = re.sub(rf"\b{old}\b", new, source)
    tree = ast.parse(source)
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    tree.body = [n for n in tree.body if n not in functions] + functions[::-1]
    return "# my own work\n" + ast.unparse(tree).replace("\n    ", "\n    # step\n    ")


def test_a_reference_with_new_names_and_order_is_flagged_against_it_and_its_copier():
    copy = disguised(REFERENCE_CODE)
    pairs = similar_pairs({"ana": copy, "ben": copy}, REFERENCE_CODE, LESSON)
    flagged = {(p.first, p.second): p for p in pairs}
    assert set(flagged) == {("ana", "ben"), ("ana", REFERENCE), ("ben", REFERENCE)}
    assert flagged[("ana", REFERENCE)].score == 1.0
    assert set(flagged[("ana", REFERENCE)].functions) == set(LESSON.functions)


def test_two_honestly_different_solutions_are_not_flagged():
    lesson = find_lesson(2)
    reference = (SOLUTIONS / lesson.file_name).read_text()
    pairs = similar_pairs({"cy": HONEST_LESSON_2, "dot": reference}, reference, lesson)
    assert [(p.first, p.second) for p in pairs] == [("dot", REFERENCE)]  # cy wrote their own


def test_the_stub_alone_is_never_shared_code():
    stub = (STUBS / LESSON.file_name).read_text()
    assert similar_pairs({"eve": stub, "fay": stub}, REFERENCE_CODE, LESSON) == []
    one_function = stub.replace(
        "def relu(Z: np.ndarray) -> np.ndarray:",
        "def relu(Z: np.ndarray) -> np.ndarray:\n    return np.maximum(Z, 0)",
        1,
    )
    assert (
        similar_pairs({"eve": one_function, "fay": one_function}, REFERENCE_CODE, LESSON) == []
    )  # too little to tell
