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
    "lesson1_data": [
        Quote("exactly 65,025 times as far", "65,025", r"ratio of the moves: ([\d,]+)"),
        Quote("no longer $255^2$ but 97,249,", "97,249", r"ratio of the moves: [\d,]+ ([\d,]+)"),
        Quote("but 97,249, then 310,970", "310,970", r"ratio of the moves: [\d,]+ [\d,]+ ([\d,]+)"),
        Quote("the raw run's cost leaps to 7.97", "7.97", r"raw run's highest cost: ([\d.]+)"),
        Quote("leaps to 7.97, exactly half the float32 cap", "7.97", r"half the float32 loss cap: ([\d.]+)"),
        Quote("all 250 trousers are confidently wrong", "250", r"steps 0 to 8: (?:\d+ ){3}(\d+)"),
        Quote("at least 97.2 % of the probabilities", "97.2", r"exact 0s and 1s in p, at least ([\d.]+)%"),
        Quote("on the wrong side, to within 0.07", "0.07", r"cap x share wrong\|, at most ([\d.]+)"),
        Quote("from 250 wrong at step 3", "250", r"steps 0 to 8: (?:\d+ ){3}(\d+)"),
        Quote("to 21 at step 8", "21", r"steps 0 to 8: (?:\d+ ){8}(\d+)"),
        Quote("and jumpier, until step 58", "58", r"below the scaled one at step (\d+)"),
        Quote("in all 2,500 training images", "2,500", r"the sample, ([\d,]+) training images"),
        Quote(
            "One eigenvalue, 110.5, stands",
            "110.5",
            r"X\^T X / m: pixels / 255 ([\d.]+)",
        ),
        Quote(
            "far above the next, 13.5",
            "13.5",
            r"X\^T X / m: pixels / 255 [\d.]+ ([\d.]+)",
        ),
        Quote("the cosine between them is 0.998", "0.998", r"with the mean image: ([\d.]+)"),
        Quote("the largest is then 20.0", "20.0", r"X\^T X / m: pixels / 255(?: [\d.]+){5} centred ([\d.]+)"),
        Quote("eightfold, from 0.066 to 0.530", "0.066", r"pixels / 255 [\d.]+ ([\d.]+) centred"),
        Quote("eightfold, from 0.066 to 0.530", "0.530", r"centred [\d.]+ ([\d.]+) centring raises"),
        Quote("the cost leaps to 6.35 at step 3", "6.35", r"at step rises pixels / 255 ([\d.]+)"),
        Quote("the cost leaps to 6.35 at step 3", "3", r"at step rises pixels / 255 [\d.]+ (\d+)"),
        Quote("disagree on 8 of the 200 images", "8", r"all (\d+) disagreements one way"),
        Quote("disagree on 8 of the 200 images", "200", r"d = (\d+): accuracy"),
        Quote("Its lead of 4.0 points", "4.0", r"difference ([\d.]+) points"),
        Quote("is 2.8 times the noise", "2.8", r"the difference is ([\d.]+) times the noise"),
        Quote("the noise of 1.41 points", "1.41", r"noise sqrt\(n01 \+ n10\) / d = ([\d.]+) points"),
        Quote("the 0.8&nbsp;% printed", "0.8", r"one way, by luck: ([\d.]+)%"),
        Quote("one model's standard deviation instead, 2.12 points", "2.12", r"at \d+%: ([\d.]+) points"),
        Quote("the 180 images both get right", "180", r"both right: (\d+)"),
        Quote("the 12 both get wrong", "12", r"both wrong: (\d+)"),
        Quote("(97,249 at the second step", "97,249", r"ratio of the moves: [\d,]+ ([\d,]+)"),
    ],
    "lesson2_logistic_regression": [
        Quote("Its scores run from $-20.1$ to 15.8", "-20.1", r"on the sample: from (-?[\d.]+) to"),
        Quote("Its scores run from $-20.1$ to 15.8", "15.8", r"on the sample: from -?[\d.]+ to (-?[\d.]+)"),
        Quote(r"\log(1 + e^{-0.5}) \approx 0.474$", "0.474", r"J = ([\d.]+)"),
        Quote(r"has $p \approx 0.0025$", "0.0025", r"p = ([\d.]+) log loss slope"),
        Quote(r"$e^{-17} \approx 4.1 \times 10^{-8}$", "4.1", r"z = 17: e\^-z = ([\d.e-]+)", 1e8),
        Quote(r"$\varepsilon/2 \approx 6.0 \times 10^{-8}$", "6.0", r"nextafter\(1, 0\) = ([\d.e-]+)", 1e8),
        Quote(r"$e^{-16} \approx 1.1 \times 10^{-7}$", "1.1", r"z = 16: e\^-z = ([\d.e-]+)", 1e7),
        Quote(r"$-\log \varepsilon \approx 15.94$", "15.94", r"float32 cap per example: ([\d.]+)"),
        Quote("a third of the cap, 5.31", "5.31", r"loss: ([\d.]+)"),
        Quote("the cap would be 16.64", "16.64", r"with the tightest clip: ([\d.]+)"),
        Quote("The 24 pixels that are 0 in all 500", "24", r"pixels 0 in all 500 images: (\d+)"),
        Quote("760 pixels give only 742 distinct values", "760", r"among the other (\d+) pixels"),
        Quote("760 pixels give only 742 distinct values", "742", r"pixels' gradients: (\d+)"),
        Quote("$p = [0.62, 0.38]$", "0.62", r"p = \[([\d.]+)"),
    ],
    "lesson3_gradient_descent": [
        Quote("the distance turns by 52 degrees", "52", r"\(1, 0\) [\d.]+ (\d+)"),
        Quote(
            "and at the bottom (9.3)", "9.3", r"bottom curvatures \[[^\]]*\] ratio \d+ 2 / λ_max = ([\d.]+)"
        ),
        Quote(
            "above it at the start, 2.8", "2.8", r"start curvatures \[[^\]]*\] ratio \d+ 2 / λ_max = ([\d.]+)"
        ),
        Quote("the limit is 49.5", "49.5", r"steps 0 to 4 of rate 5: [\d.]+ ([\d.]+)"),
        Quote("21 at the bottom", "21", r"bottom curvatures \[[^\]]*\] ratio (\d+)"),
        Quote("$\\log 2 = 0.6931$, as above", "0.6931", r"step 0 cost ([\d.]+)"),
        Quote("puts $2 / \\lambda_{\\max}$ at 0.066", "0.066", r"pixels / 255, 2 / λ_max = ([\d.]+)"),
        Quote(
            "crawl alike, to 0.154 and 0.152",
            "0.154",
            r"rises at 200 0\.009 [\d.]+ \d+ \d+ ([\d.]+)",
        ),
        Quote(
            "crawl alike, to 0.154 and 0.152",
            "0.152",
            r"centred, 2 / λ_max = [\d.]+: rate highest step rises at 200 0\.009 [\d.]+ \d+ \d+ ([\d.]+)",
        ),
        Quote(
            "0.071 on pixels / 255",
            "0.071",
            r" 0\.06 [\d.]+ \d+ \d+ ([\d.]+)",
        ),
        Quote(
            "and 0.023 centred",
            "0.023",
            r" 0\.5 [\d.]+ \d+ \d+ ([\d.]+)",
        ),
        Quote("the cost leaps to 7.97 at step 3", "7.97", r" 0\.06(?: [\d.]+){4} 1 ([\d.]+)"),
        Quote("the cost leaps to 7.97 at step 3", "3", r" 0\.06(?: [\d.]+){4} 1 [\d.]+ (\d+)"),
        Quote(
            "the lowest of all, 0.013",
            "0.013",
            r" 0\.06(?: [\d.]+){4} 1 [\d.]+ \d+ \d+ ([\d.]+)",
        ),
    ],
    "lesson4_softmax": [
        Quote("the row gives 0.731, 0.269", "0.731", r"\[([\d.]+e-01) [\d.]+e-01 [\d.]+e-39\]"),
        Quote("the row gives 0.731, 0.269", "0.269", r"\[[\d.]+e-01 ([\d.]+e-01) [\d.]+e-39\]"),
        Quote(r"and $1.6 \times 10^{-39}$, a number", "1.6", r"\[[\d.]+e-01 [\d.]+e-01 ([\d.]+)e-39\]"),
        Quote(r"$\sigma(1) = 0.731$", "0.731", r"sigmoid\(z1 - z0\) 0 0 0\.5 0\.5 0 1 [\d.]+ ([\d.]+)"),
        Quote(r"$J = -\log 0.5 = 0.693$", "0.693", r"J = ([\d.]+)"),
        Quote(
            r"both rows are $(0.5 - 1,\ 0.5 - 0)/2$ $= (-0.25, 0.25)$",
            "-0.25",
            r"dZ2 \(2, 2\) \[\[(-?[\d.]+),",
        ),
        Quote(r"$(1 + 3)(-0.25, 0.25) = (-1, 1)$", "-1", r"dW2 \(2, 2\) \[\[(-?[\d.]+),"),
        Quote(r"$(2 + 0)(-0.25, 0.25) = (-0.5, 0.5)$", "-0.5", r"dW2 \(2, 2\) \[\[[^\]]*\], \[(-?[\d.]+),"),
        Quote(r"the column sums of $G_2$: $(-0.5, 0.5)$", "-0.5", r"db2 \(2,\) \[(-?[\d.]+),"),
        Quote(r"= (-0.25, -0.25)$ for both examples", "-0.25", r"dA1 \(2, 2\) \[\[(-?[\d.]+),"),
        Quote(r"1\,(-0.25, 0)$ $= (-0.75, -0.5)$", "-0.75", r"dW1 \(2, 2\) \[\[(-?[\d.]+),"),
        Quote(
            r"(-1)(-0.25, 0)$ $= (-0.5, -0.75)$",
            "-0.75",
            r"dW1 \(2, 2\) \[\[[^\]]*\], \[-?[\d.]+, (-?[\d.]+)\]",
        ),
        Quote(r"the column sums of $G_1$: $(-0.5, -0.25)$", "-0.25", r"db1 \(2,\) \[-?[\d.]+, (-?[\d.]+)\]"),
        Quote("relative errors of 0.88 and 1.0", "0.88", r"dW1: relative error ([\d.]+e-01)"),
        Quote("relative errors of 0.88 and 1.0", "1.0", r"db1: relative error ([\d.]+e\+00)"),
        Quote("The first cost is 2.3027", "2.3027", r"first cost ([\d.]+)"),
        Quote("a standard deviation of about 0.005", "0.005", r"logits: standard deviation ([\d.]+)"),
        Quote("between 0.098 and 0.102", "0.098", r"P between ([\d.]+)"),
        Quote("between 0.098 and 0.102", "0.102", r"P between [\d.]+ and ([\d.]+)"),
        Quote("images and 55,660 parameters", "55,660", r"([\d,]+) parameters, 20 images"),
        Quote("From 2.3002 to 0.0013 in 300 steps", "2.3002", r"20 images step 0: cost ([\d.]+)"),
        Quote(
            "From 2.3002 to 0.0013 in 300 steps",
            "0.0013",
            r"20 images (?:step \d+: cost [\d.]+ ){3}step 300: cost ([\d.]+)",
        ),
        Quote(
            "From 2.3028 at step 0", "2.3028", r"step 0: cost ([\d.]+) (?:step \d+: cost [\d.]+ ){3}step 500"
        ),
        Quote(
            "still 2.2021 at step 200", "2.2021", r"step 200: cost ([\d.]+) step 300: cost [\d.]+ step 500"
        ),
        Quote("reaching 1.4967 at step 500", "1.4967", r"step 500: cost ([\d.]+)"),
        Quote("a spread of about 0.005, so", "0.005", r"logits: standard deviation ([\d.]+)"),
        Quote(
            "falls by a factor of 8.8 per layer",
            "8.8",
            r"shrinks by a factor of ([\d.]+) per layer on its way down",
        ),
        Quote("from 0.019 at the top layer", "0.019", r" 9 ([\d.]+)e-02 0\.0", 0.01),
        Quote(r"to $5.41 \times 10^{-10}$ at layer 1", "5.41", r" 1 ([\d.]+)e-10 "),
        Quote(r"between $3.2 \times 10^{-8}$ and", "3.2", r"weight gradients from ([\d.]+)e-08 to"),
        Quote(r"and $4.1 \times 10^{-8}$,", "4.1", r"weight gradients from [\d.]+e-08 to ([\d.]+)e-08"),
        Quote("weight gradients 57 to 129 million times larger", "57", r"weight gradients are (\d+) to"),
        Quote(
            "weight gradients 57 to 129 million times larger",
            "129",
            r"weight gradients are \d+ to (\d+) million",
        ),
        Quote("stays between 0.021 and 0.023 all the way down", "0.021", r"stays between ([\d.]+) and"),
        Quote(
            "stays between 0.021 and 0.023 all the way down", "0.023", r"stays between [\d.]+ and ([\d.]+)"
        ),
        Quote("to the digit, 2.3002 at step 0", "2.3002", r"20 images step 0: cost ([\d.]+)"),
        Quote(
            "0.008 at step 100, 0.0023",
            "0.008",
            r"20 images step 0: cost [\d.]+ step 100: cost ([\d.]+)",
        ),
        Quote(
            "0.0023 at step 200 and 0.0013 at step 300",
            "0.0023",
            r"20 images (?:step \d+: cost [\d.]+ ){2}step 200: cost ([\d.]+)",
        ),
        Quote(
            "0.0023 at step 200 and 0.0013 at step 300",
            "0.0013",
            r"20 images (?:step \d+: cost [\d.]+ ){3}step 300: cost ([\d.]+)",
        ),
        Quote(
            "the training accuracy (0.59) and the cost (0.685)",
            "0.59",
            r"no hidden layer: training accuracy ([\d.]+)",
        ),
        Quote(
            "the training accuracy (0.59) and the cost (0.685)",
            "0.685",
            r"no hidden layer: training accuracy [\d.]+, cost ([\d.]+)",
        ),
        Quote(
            "each layer passes down about $1/8.8$",
            "8.8",
            r"shrinks by a factor of ([\d.]+) per layer on its way down",
        ),
    ],
    "lesson5_he_init": [
        Quote("reach 81 % on the test set", "81", r"test accuracy: small init ([\d.]+)%"),
        Quote("$0.21$ on the sample, as printed below", "0.21", r"E\[x\^2\] ([\d.]+)"),
        Quote(r"\sqrt{784 \times 0.21} \approx 0.13$", "0.13", r"s sqrt\(784 E\[x\^2\]\): ([\d.]+)"),
        Quote("0.13$, the spread the cell below measures", "0.13", r"spread \(std\) of Z1: ([\d.]+)"),
        Quote("$P - Y$ holds $0.1$ for every wrong", "0.1", r"P - Y: ([\d.]+) on the wrong classes"),
        Quote(
            "and $-0.9$ for the right one. The", "-0.9", r"on the wrong classes, (-[\d.]+) on the right one"
        ),
        Quote(r"to $4.0 \times 10^{-5}$", "4.0", r"m = 2,500: ([\d.]+)e-05 and"),
        Quote(r"and $-3.6 \times 10^{-4}$", "-3.6", r"m = 2,500: [\d.]+e-05 and (-[\d.]+)e-04"),
        Quote("the logits have a spread of 51, the softmax", "51", r"s = 1: logits' std ([\d.]+)"),
        Quote("the initial cost is 13.5, far above", "13.5", r"s = 1: logits' std [\d.]+, cost ([\d.]+)"),
        Quote("whose mean is $0.29$ on the sample", "0.29", r"pixels: mean ([\d.]+)"),
        Quote("between 3.6 (LeCun)", "3.6", r"LeCun W1 ([\d.]+)", 100),
        Quote("and 5 (He) times the original's 0.01", "5", r"He W1 ([\d.]+)", 100),
        Quote("He's is 17 times it", "17", r"He W1 [\d.]+ W2 ([\d.]+)", 100),
        Quote("from 0.35 in layer 1", "0.35", r"He, layer 1 ([\d.]+)"),
        Quote("to 0.54 in layer 8", "0.54", r"He, layer 1 [\d.]+, layer 8 ([\d.]+)"),
        Quote("between 0.10 and 0.75 instead", "0.10", r"64 units a layer: ([\d.]+) to"),
        Quote("between 0.10 and 0.75 instead", "0.75", r"64 units a layer: [\d.]+ to ([\d.]+)"),
        Quote("instead of 0.10 and 0.42", "0.10", r"layer 8, draw by draw: ([\d.]+) to"),
        Quote("instead of 0.10 and 0.42", "0.42", r"layer 8, draw by draw: [\d.]+ to ([\d.]+)"),
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
        Quote("at a cost of 2.404 (the initial cost", "2.404", r"He: initial cost ([\d.]+)"),
    ],
    "lesson6_adam": [
        Quote("by 4.50 times the full gradient's own length", "4.50", r"B measured predicted 1 ([\d.]+)"),
        Quote("a batch of 256 is off by 0.29 times it", "0.29", r" 256 ([\d.]+) [\d.]+ 1,024 "),
        Quote("from 64 to 256, 2.09 measured", "2.09", r"B 64 -> 256: falls ([\d.]+) x measured"),
        Quote(
            "2.09 measured and 2.08 predicted",
            "2.08",
            r"B 64 -> 256: falls [\d.]+ x measured, ([\d.]+) x predicted",
        ),
        Quote("of the 2,500, 2.79 measured", "2.79", r"B 256 -> 1,024: falls ([\d.]+) x measured"),
        Quote(
            "2.79 measured and 2.47 predicted",
            "2.47",
            r"B 256 -> 1,024: falls [\d.]+ x measured, ([\d.]+) x predicted",
        ),
        Quote("3.16 times too large at the first step", "3.16", r"no power t 1 ([\d.]+) [\d.]+ 2 "),
        Quote("6.57 times at step 12,", "6.57", r" 12 ([\d.]+) [\d.]+ 100 "),
        Quote("6.57 times at step 12,", "12", r"largest without correction: [\d.]+ x, at t = (\d+)"),
        Quote("still 3.24 times at step 100", "3.24", r" 100 ([\d.]+) [\d.]+ 106 "),
        Quote("1.03 times at step 3,000", "1.03", r" 3,000 ([\d.]+) [\d.]+ largest"),
        Quote("1.34 times at step 2 and", "1.34", r"no power t 1 [\d.]+ [\d.]+ 2 [\d.]+ ([\d.]+) 12 "),
        Quote("2.08 times at step 12. It", "2.08", r" 12 [\d.]+ ([\d.]+) 100 "),
        Quote("2.08 times at step 12. It", "12", r"largest without the power t: [\d.]+ x, at t = (\d+)"),
        Quote("comes back to 1.00 at step 106", "1.00", r" 106 [\d.]+ ([\d.]+) 200 "),
        Quote("comes back to 1.00 at step 106", "106", r"below 1 from t = (\d+)"),
        Quote("falling to 0.40 at step 1,000", "0.40", r" 1,000 [\d.]+ ([\d.]+) 3,000 "),
        Quote("and 0.32 at step 3,000", "0.32", r" 3,000 [\d.]+ ([\d.]+) largest"),
        Quote("(The first prints as 0.900001", "0.900001", r"W1 now ([\d.]+),"),
        Quote("(1.34 times at $t = 2$", "1.34", r"no power t 1 [\d.]+ [\d.]+ 2 [\d.]+ ([\d.]+) 12 "),
        Quote("2.08 times at $t = 12$)", "2.08", r" 12 [\d.]+ ([\d.]+) 100 "),
        Quote("about right near step 106", "106", r"below 1 from t = (\d+)"),
        Quote("throw the cost up to 14.3", "14.3", r"after step 3: cost ([\d.]+)"),
        Quote("only 16 of the 80 first-layer", "16", r"epoch 1: [^:]* class hidden units [^:]*: (\d+) of 80"),
        Quote(
            "units and 2 of the 40 second-layer",
            "2",
            r"epoch 1: [^:]* class hidden units [^:]*: \d+ of 80, (\d+) of 40",
        ),
        Quote("train accuracy is 10.0 %", "10.0", r"epoch 3: cost [\d.]+, train accuracy ([\d.]+)%"),
        Quote("takes $W_1[0, 0]$ to 0.8012", "0.8012", r"at \[0, 0\] expected ([\d.]+), got"),
        Quote("this version to 0.7672", "0.7672", r"at \[0, 0\] expected [\d.]+, got ([\d.]+)"),
        Quote("a step 1.34 times as long", "1.34", r"no power t 1 [\d.]+ [\d.]+ 2 [\d.]+ ([\d.]+) 12 "),
        Quote("trained on 50,000 of the training images", "50,000", r"mlp-sgd, dev run on ([\d,]+):"),
        Quote("measured on the other 10,000", "10,000", r"accuracy on ([\d,]+) images"),
        Quote("`mlp-adam` is 86.5 % on the dev split", "86.5", r"mlp-adam: dev ([\d.]+)%"),
        Quote("against the original's 87.0 % (its", "87.0", r"mlp-adam: dev [\d.]+% \(original ([\d.]+)%"),
        Quote("86.4 %, is the number", "86.4", r"mlp-adam: dev [^)]*\), test ([\d.]+)%"),
        Quote("89.3 % against 90.0 %", "89.3", r"mlp-adam: train ([\d.]+)% \(original"),
        Quote("89.3 % against 90.0 %", "90.0", r"mlp-adam: train [\d.]+% \(original ([\d.]+)%"),
        Quote("a cost of 0.290 against 0.27;", "0.290", r"mlp-adam: train [^)]*\), cost ([\d.]+)"),
        Quote(
            "a cost of 0.290 against 0.27;",
            "0.27",
            r"mlp-adam: train [^)]*\), cost [\d.]+ \(original ([\d.]+)",
        ),
        Quote("the dev run, trained on 50,000 images", "50,000", r"mlp-adam, dev run on ([\d,]+):"),
        Quote("ends at 88.3 % and 0.308", "88.3", r"mlp-adam, dev run on [\d,]+: train ([\d.]+)%"),
        Quote(
            "ends at 88.3 % and 0.308", "0.308", r"mlp-adam, dev run on [\d,]+: train [\d.]+%, cost ([\d.]+)"
        ),
        Quote("split (84.5 % against 83.0 %)", "84.5", r"mlp-sgd: dev ([\d.]+)%"),
        Quote("split (84.5 % against 83.0 %)", "83.0", r"mlp-sgd: dev [\d.]+% \(original ([\d.]+)%"),
        Quote("(84.4 % against 85.0 %, a cost", "84.4", r"mlp-sgd: train ([\d.]+)% \(original"),
        Quote("(84.4 % against 85.0 %, a cost", "85.0", r"mlp-sgd: train [\d.]+% \(original ([\d.]+)%"),
        Quote("a cost of 0.451 against 0.45)", "0.451", r"mlp-sgd: train [^)]*\), cost ([\d.]+)"),
        Quote(
            "a cost of 0.451 against 0.45)",
            "0.45",
            r"mlp-sgd: train [^)]*\), cost [\d.]+ \(original ([\d.]+)",
        ),
        Quote("ranged from 85.8 % to 88.2 %", "85.8", r"over its last epoch: ([\d.]+)%"),
        Quote("ranged from 85.8 % to 88.2 %", "88.2", r"over its last epoch: [\d.]+% to ([\d.]+)%"),
        Quote("the original's 87.0 % is inside", "87.0", r"mlp-adam: dev [\d.]+% \(original ([\d.]+)%"),
        Quote("measured on 10,000 images also", "10,000", r"accuracy on ([\d,]+) images"),
        Quote("of its own, 0.34 points", "0.34", r"images: ([\d.]+) points"),
        Quote(
            "the prediction is 4.21", "4.21", r"B 16 -> 256: falls [\d.]+ x measured, ([\d.]+) x predicted"
        ),
        Quote("the measurement above 4.13", "4.13", r"B 16 -> 256: falls ([\d.]+) x measured"),
        Quote("`mlp-sgd` train accuracy 0.6980", "0.6980", r"mlp-sgd: train accuracy ([\d.]+)"),
        Quote(
            "test accuracy 0.6960, cost", "0.6960", r"mlp-sgd: train accuracy [\d.]+, test accuracy ([\d.]+)"
        ),
        Quote(
            "cost 1.0094; `mlp-adam`",
            "1.0094",
            r"mlp-sgd: train accuracy [\d.]+, test accuracy [\d.]+, cost ([\d.]+)",
        ),
        Quote("`mlp-adam` 0.8960, 0.8160 and 0.2946", "0.8960", r"mlp-adam: train accuracy ([\d.]+)"),
        Quote(
            "`mlp-adam` 0.8960, 0.8160 and 0.2946",
            "0.8160",
            r"mlp-adam: train accuracy [\d.]+, test accuracy ([\d.]+)",
        ),
        Quote(
            "`mlp-adam` 0.8960, 0.8160 and 0.2946",
            "0.2946",
            r"mlp-adam: train accuracy [\d.]+, test accuracy [\d.]+, cost ([\d.]+)",
        ),
        Quote("1.0878 after it", "1.0878", r"no correction: after epoch 1, cost ([\d.]+)"),
        Quote(
            "well above the reference's 0.29",
            "0.29",
            r"mlp-adam: train accuracy [\d.]+, test accuracy [\d.]+, cost ([\d.]+)",
        ),
        Quote(
            "against the reference's 0.7177",
            "0.7177",
            r"mlp-adam: after epoch 1, cost ([\d.]+)",
        ),
        Quote("3.16 times at the first step, 6.57", "3.16", r"no power t 1 ([\d.]+) [\d.]+ 2 "),
        Quote("6.57 times at step 12 and", "6.57", r" 12 ([\d.]+) [\d.]+ 100 "),
        Quote("still 2.35 times at the 200th", "2.35", r" 200 ([\d.]+) [\d.]+ 1,000 "),
        Quote(r"$6.57 \times 0.008", "6.57", r" 12 ([\d.]+) [\d.]+ 100 "),
        Quote("constant learning rate of 0.002:", "0.002", r"epoch 0: ([\d.]+)"),
    ],
}
