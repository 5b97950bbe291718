"""The answers of the "Try it" boxes of lessons 1 to 3: every number is what the experiment gives.

A "Try it" box asks the reader to run an experiment with their own functions, and its collapsed
answer ("What you should see") quotes what the reference functions give on the bundled sample.
The page cannot run the experiment itself without printing the answer, so this file runs it, with
the reference solutions, as the box describes it, and checks that the answer still says each
number in the words it uses. Each experiment takes well under a second.
"""

from __future__ import annotations

import re
from math import comb
from pathlib import Path

import jupytext
import numpy as np
import pytest

from fashion_course import data, pages

ROOT = Path(__file__).resolve().parent.parent
L1, L2, L3 = (pages.reference(n) for n in (1, 2, 3))


def squeezed(text: str) -> str:
    return " ".join(text.split())


def answer(lesson: str) -> str:
    """The text of the collapsed answer inside the page's one "Try it" box."""
    notebook = jupytext.read(ROOT / "docs" / "lessons" / f"{lesson}.py")
    boxes = [c.source for c in notebook.cells if c.cell_type == "markdown" and "Try it</p>" in c.source]
    assert len(boxes) == 1, f"{lesson}: {len(boxes)} Try it boxes"
    found = re.search(r"<summary>What you should see</summary>(.*?)</details>", boxes[0], re.S)
    assert found, f"{lesson}: the Try it box has no collapsed answer"
    return squeezed(found.group(1))


def assert_says(text: str, *fragments: str) -> None:
    missing = [f for f in fragments if squeezed(f) not in text]
    assert not missing, f"the answer no longer says: {missing}"


@pytest.fixture(scope="module")
def sample_pair():
    """The sample's T-shirts and trousers, training and test, as the pages of lessons 2 and 3 load them."""
    source = data.locate("sample")
    pairs = []
    for split in ("train", "test"):
        images, labels = data.load(split, source)
        pairs.append(L1.select_classes(L1.preprocess(images), labels, [0, 1]))
    return pairs


def test_lesson1_dev_counts():
    images, labels = data.load("train", data.locate("sample"))
    X = L1.preprocess(images)
    counts = np.array(
        [
            np.bincount(L1.train_dev_split(X, labels, 100, np.random.default_rng(seed))[3], minlength=10)
            for seed in range(10)
        ]
    )  # (10 seeds, 10 classes)
    within = int(np.sum((counts >= 7) & (counts <= 13)))
    binomial = sum(comb(100, k) * 0.1**k * 0.9 ** (100 - k) for k in range(7, 14))
    assert_says(
        answer("lesson1_data"),
        f"seed 0 gives `{np.array2string(counts[0])}`: one class has only {counts[0].min()} of",
        f"the 100 counts run from {counts.min()} to {counts.max()}, with a standard deviation of"
        f" {counts.std():.1f}, and {within} of them fall within 7 to 13",
        f"about three times in four ({binomial:.2f} for this one)",
        f"can hold {counts.min()} images of a class that should have 10",
    )


def test_lesson2_mean_image_model(sample_pair):
    (X, y), (X_test, y_test) = sample_pair
    mu0, mu1 = X[y == 0].mean(axis=0), X[y == 1].mean(axis=0)
    w = mu1 - mu0
    b = float(-w @ (mu0 + mu1) / 2)
    p = L2.predict_proba(X_test, w, b)
    predicted = L2.predict(X_test, w, b)
    wrong = predicted != y_test
    z = X_test @ w + b
    mistakes = [L2.log_loss(p[[i]], y_test[[i]]) for i in np.flatnonzero(wrong)]
    share = sum(mistakes) / (L2.log_loss(p, y_test) * len(y_test))
    shrunk = L2.predict_proba(X_test, 0.2 * w, 0.2 * b)
    w_trained, b_trained, _ = L3.gradient_descent(X, y, lr=0.5, steps=200, log_every=200)
    assert np.array_equal(L2.predict(X_test, 0.2 * w, 0.2 * b), predicted)
    assert_says(
        answer("lesson2_logistic_regression"),
        f"The sample's test set holds {len(y_test)} T-shirts and trousers",
        f"gets {int(np.sum(~wrong))} of them right, an accuracy of {L2.accuracy(predicted, y_test):.2f}"
        f" ({L2.accuracy(L2.predict(X, w, b), y):.3f} on the {len(y)} training images)",
        f"Its log loss is {L2.log_loss(p, y_test):.3f}",
        f"half the test images have $|z|$ above {int(np.median(np.abs(z)))}",
        f"Its {int(wrong.sum())} mistakes cost {np.mean(mistakes):.1f} each on average, up to"
        f" {max(mistakes):.1f}, and make {100 * share:.0f}&nbsp;% of the loss",
        f"(the accuracy stays {L2.accuracy(predicted, y_test):.2f}), and the log loss falls to"
        f" {L2.log_loss(shrunk, y_test):.3f}",
        f"a test accuracy of {L2.accuracy(L2.predict(X_test, w_trained, b_trained), y_test):.3f} and a test"
        f" log loss of {L2.log_loss(L2.predict_proba(X_test, w_trained, b_trained), y_test):.3f}",
    )


def test_lesson3_learning_rates(sample_pair):
    (X, y), _ = sample_pair
    X_tr, X_dev, y_tr, y_dev = L1.train_dev_split(X, y, 100, np.random.default_rng(0))
    rows = {}
    for pixels, scale in (("/ 255", 1), ("raw", 255)):
        for lr in (0.01, 0.1, 1, 10, 100):
            _, _, history = L3.gradient_descent(
                X_tr * scale, y_tr, lr=lr, steps=100, log_every=1, X_dev=X_dev * scale, y_dev=y_dev
            )
            cost = np.array(history["cost"])
            rows[pixels, lr] = (
                int(np.sum(np.diff(cost) > 0)),
                f"{cost[5]:.3f}",
                f"{cost[-1]:.3f}",
                f"{history['dev_accuracy'][-1]:.2f}",
            )
    text = answer("lesson3_gradient_descent")
    table = [
        f"| / 255 | {lr:g} | {' | '.join(map(str, rows['/ 255', lr]))} |" for lr in (0.01, 0.1, 1, 10, 100)
    ]
    table.append(f"| raw | 0.01 | {' | '.join(map(str, rows['raw', 0.01]))} |")
    same = {rows["raw", lr] for lr in (0.1, 1, 10, 100)}
    assert len(same) == 1, "the answer says the raw runs from 0.1 up agree"
    table.append(f"| raw | 0.1 to 100 | {' | '.join(map(str, same.pop()))} |")
    lowest = min((0.01, 0.1, 1, 10, 100), key=lambda lr: float(rows["/ 255", lr][2]))
    cap = -np.log(np.finfo(np.float32).eps)
    assert lowest == 1, "the answer says 1 ends lowest"
    assert min(float(r[3]) for r in rows.values()) >= 0.95, "the answer says every run ends at 0.95 or more"
    assert_says(
        text,
        *table,
        f"after 100 steps its cost is still {rows['/ 255', 0.01][2]}",
        f"its cost rises {'twice' if rows['/ 255', 1][0] == 2 else rows['/ 255', 1][0]} early on",
        f"by step 5 the cost is {rows['/ 255', 10][1]}, half the float32 cap",
        rf"($-\log \varepsilon \approx {cap:.2f}$)",
        f"a confident mistake costs up to {cap:.2f}",
    )
