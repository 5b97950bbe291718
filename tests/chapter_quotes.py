"""The numbers the chapters' sentences quote, tied to what the pages compute.

A lesson page's prose is written once, but the numbers it quotes come from cells the site's build
executes (on the bundled sample) or from the saved full-data results. Each `Quote` names a
sentence fragment of a page's markdown holding a number, and a pattern whose first group finds
the same quantity in the page's computed output (printed text, tables, captions of figures).
`tests/test_docs.py` builds the site once and checks that every fragment is still on its page
and that the computed value, rounded as the sentence writes it, is the number the sentence
says: a regenerated result that moved cannot silently contradict the prose.

A quote only for numbers the page computes; numbers that follow from a derivation on the page
(sqrt(10) = 3.16) are the derivation's to keep.
"""

from __future__ import annotations

from typing import NamedTuple


class Quote(NamedTuple):
    prose: str  # a fragment of the page's markdown (line breaks and runs of spaces count as one space)
    says: str  # the number as the fragment writes it ("0.21", "86.4", "1,304"); must be in `prose`
    output: str  # a regular expression over the page's output text; its first group is the value
    scale: float = 1.0  # the output's value times `scale` is what the prose says (0.864 -> 86.4: 100)


QUOTES: dict[str, list[Quote]] = {
    # Each lesson's quotes, in the order the page makes them.
    "lesson1_data": [],
    "lesson2_logistic_regression": [],
    "lesson3_gradient_descent": [],
    "lesson4_softmax": [],
    "lesson5_he_init": [
        Quote("reach 81 % on the test set", "81", r"test accuracy: small init ([\d.]+)%"),
        Quote("$0.21$ on the sample, as printed below", "0.21", r"E\[x\^2\] ([\d.]+)"),
        Quote(r"\sqrt{784 \times 0.21} \approx 0.13$", "0.13", r"s sqrt\(784 E\[x\^2\]\): ([\d.]+)"),
        Quote("0.13$, the spread the cell below measures", "0.13", r"spread \(std\) of Z1: ([\d.]+)"),
        Quote("the logits have a spread of 51, the softmax", "51", r"s = 1: logits' std ([\d.]+)"),
        Quote("the initial cost is 13.5, far above", "13.5", r"s = 1: logits' std [\d.]+, cost ([\d.]+)"),
        Quote("whose mean is $0.29$ on the sample", "0.29", r"pixels: mean ([\d.]+)"),
        Quote("between 3.6 (LeCun)", "3.6", r"LeCun W1 ([\d.]+)", 100),
        Quote("and 5 (He) times the original's 0.01", "5", r"He W1 ([\d.]+)", 100),
        Quote("He's is 17 times it", "17", r"He W1 [\d.]+ W2 ([\d.]+)", 100),
        Quote("from 0.35 in layer 1", "0.35", r"He, layer 1 ([\d.]+)"),
        Quote("to 0.54 in layer 8", "0.54", r"He, layer 1 [\d.]+, layer 8 ([\d.]+)"),
        Quote("starts at 2.40 on the sample", "2.40", r"He: initial cost ([\d.]+)"),
        Quote(
            "a spread of 0.44, so it is a little confident",
            "0.44",
            r"initial cost [\d.]+, logits' std ([\d.]+)",
        ),
        Quote("it would start at 13.5", "13.5", r"s = 1: logits' std [\d.]+, cost ([\d.]+)"),
        Quote("they are 21 times ($W_1$)", "21", r"\|dW1\|: 0\.01 x randn [\d.]+, He [\d.]+, (\d+) times"),
        Quote("and 7 times ($W_2$) smaller", "7", r"\|dW2\|: 0\.01 x randn [\d.]+, He [\d.]+, (\d+) times"),
        Quote("He's cost is 0.552 where", "0.552", r"He 2,000 steps: cost ([\d.]+)"),
        Quote("small initialisation's is 0.739", "0.739", r"small init 2,000 steps: cost ([\d.]+)"),
        Quote("needs until step 4,650 to catch up", "4,650", r"matches He's cost at step ([\d,]+)"),
        Quote("ends its 6,000 steps lower, at 0.511", "0.511", r"small init 6,000 steps: cost ([\d.]+)"),
        Quote("He ends at 80.7 %", "80.7", r"test accuracy: small init [\d.]+%, He ([\d.]+)%"),
        Quote("small initialisation at 81.3 %", "81.3", r"test accuracy: small init ([\d.]+)%"),
        Quote("81.3 % on the test set and a cost of 0.511 here", "81.3", r"small init, test % ([\d.]+)"),
        Quote("81.3 % on the test set and a cost of 0.511 here", "0.511", r"small init, cost ([\d.]+)"),
        Quote("81.3 % and 0.513 in the original", "81.3", r"small init, test % [\d.]+ ([\d.]+)"),
        Quote("81.3 % and 0.513 in the original", "0.513", r"small init, cost [\d.]+ ([\d.]+)"),
        Quote("train accuracy of 81.7 % and a cost of 0.552", "81.7", r"He, train % ([\d.]+)"),
        Quote("train accuracy of 81.7 % and a cost of 0.552", "0.552", r"He, cost ([\d.]+)"),
        Quote("original's at 83.2 % and 0.496", "83.2", r"He, train % [\d.]+ ([\d.]+)"),
        Quote("original's at 83.2 % and 0.496", "0.496", r"He, cost [\d.]+ ([\d.]+)"),
        Quote("needs until step 5,025", "5,025", r"reaches our He's [\d.]+% at step ([\d,]+)"),
        Quote("to reach our He's 81.7 %", "81.7", r"He, train % ([\d.]+)"),
        Quote(
            "ends its 6,000 steps at 82.6 % and 0.511", "82.6", r"small init at 6,000 steps: train ([\d.]+)%"
        ),
        Quote(
            "ends its 6,000 steps at 82.6 % and 0.511",
            "0.511",
            r"small init at 6,000 steps: train [\d.]+%, cost ([\d.]+)",
        ),
        Quote("by 0.017 over its last 250 steps", "0.017", r"cost fell ([\d.]+)"),
        Quote("need 835 more steps to reach 0.496", "835", r"at that rate, ([\d,]+) more steps"),
        Quote("need 835 more steps to reach 0.496", "0.496", r"He, cost [\d.]+ ([\d.]+)"),
        Quote("a full-data run (404 s each)", "404", r"mlp-he: 2,000 steps in ([\d,]+) s"),
        Quote(r"\approx 0.0505$ for $W_1$", "0.0505", r"He W1 ([\d.]+)"),
        Quote(r"\approx 0.169$ for $W_2$", "0.169", r"He W1 [\d.]+ W2 ([\d.]+)"),
        Quote(
            "is 21 times smaller than He's", "21", r"\|dW1\|: 0\.01 x randn [\d.]+, He [\d.]+, (\d+) times"
        ),
        Quote("7 times smaller (a little", "7", r"\|dW2\|: 0\.01 x randn [\d.]+, He [\d.]+, (\d+) times"),
        Quote("falls from 0.31 to 0.042", "0.31", r"Glorot, layer 1 ([\d.]+)"),
        Quote("falls from 0.31 to 0.042", "0.042", r"Glorot, layer 1 [\d.]+, layer 8 ([\d.]+)"),
        Quote("by a factor of only 7.38", "7.38", r"Glorot, layer 1 [\d.]+, [^:]+: down by ([\d.]+)"),
        Quote("rose by a factor of 1.53", "1.53", r"up by a factor ([\d.]+)"),
        Quote("He's rise is 11.31", "11.31", r"He's rise: ([\d.]+)"),
        Quote("| 0.001 | 2.3026 |", "2.3026", r"s = 0\.001: logits' std [\d.e-]+, cost ([\d.]+)"),
        Quote("| 2.3026 | 0.00948 |", "0.00948", r"s = 0\.001: [^|]*\|dW1\| ([\d.]+)"),
        Quote("| 0.01 | 2.3027 |", "2.3027", r"s = 0\.01: logits' std [\d.e-]+, cost ([\d.]+)"),
        Quote("| 2.3027 | 0.0949 |", "0.0949", r"s = 0\.01: [^|]*\|dW1\| ([\d.]+)"),
        Quote("| 0.1 | 2.4397 |", "2.4397", r"s = 0\.1: logits' std [\d.e-]+, cost ([\d.]+)"),
        Quote("| 2.4397 | 1.21 |", "1.21", r"s = 0\.1: [^|]*\|dW1\| ([\d.]+)"),
        Quote("| 1 | 13.5126 |", "13.5126", r"s = 1: logits' std [\d.e-]+, cost ([\d.]+)"),
        Quote("| 13.5126 | 28.9 |", "28.9", r"s = 1: [^|]*\|dW1\| ([\d.]+)"),
        Quote("the logits have a spread of 51, and the confident", "51", r"s = 1: logits' std ([\d.]+)"),
        Quote("a first cost of 2.404", "2.404", r"He: initial cost ([\d.]+)"),
    ],
    "lesson6_adam": [],
}
