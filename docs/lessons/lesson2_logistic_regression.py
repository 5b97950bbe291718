# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lesson 2: logistic regression
#
# *Download this page as a notebook: [lesson2_logistic_regression.ipynb](../lesson2_logistic_regression.ipynb).
# Write the code in `exercises/lesson2_logistic_regression.py`, then run `course check 2`.*
#
# Logistic regression scores an example with one dot product and squashes the score into a
# probability:
#
# $$p = \sigma(Xw + b), \qquad \sigma(z) = \frac{1}{1 + e^{-z}},$$
#
# with $X$ of shape $(m, n)$, $w$ of shape $(n,)$ and $p$ of shape $(m,)$. It is trained by making
# the **log loss** small:
#
# $$J(w, b) = -\frac{1}{m} \sum_{i=1}^{m} \big[ y_i \log p_i + (1 - y_i) \log (1 - p_i) \big].$$

# %%
import warnings

import numpy as np

from fashion_course import data, pages, plots

L2 = pages.reference(2)

# %% tags=["hide-input"]
pages.functions_table(2)

# %% [markdown]
# ## A sigmoid that never overflows
#
# The textbook formula computes $e^{-z}$, which for $z = -1000$ is $e^{1000}$: infinity in floating
# point (float64 overflows past $e^{709}$, float32 past $e^{88}$). The answer, 0, is fine; the
# intermediate is not, and NumPy warns. The fix uses only $e^{-|z|} \le 1$:
#
# $$\sigma(z) = \frac{1}{1 + e^{-|z|}} \text{ for } z \ge 0, \qquad \sigma(z) = \frac{e^{-|z|}}{1 + e^{-|z|}} \text{ for } z < 0.$$

# %%
z = np.array([-1e4, -800.0, -30.0, 0.0, 30.0, 800.0, 1e4])
with warnings.catch_warnings(record=True) as caught, np.errstate(over="warn"):
    warnings.simplefilter("always")
    naive = 1 / (1 + np.exp(-z))
print("naive:", naive, "warnings:", [str(w.message) for w in caught])
print("ours: ", L2.sigmoid(z))

# %% [markdown]
# The grader feeds your sigmoid logits up to $\pm 10^4$ and listens for that warning:

# %% tags=["hide-input"]
pages.grader_says(2, "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))")

# %% [markdown]
# ## A loss that never returns infinity
#
# A confident model does output exact 0s and 1s, and $\log 0 = -\infty$. Clipping $p$ into
# $[\varepsilon, 1 - \varepsilon]$ keeps the loss finite. The $\varepsilon$ must suit the dtype:
# in float32, $1 - 10^{-12}$ rounds back to exactly 1.

# %%
p = np.array([1.0, 0.0, 1.0], dtype=np.float32)
y = np.array([1, 0, 0])
print("loss:", L2.log_loss(p, y), " 1 - 1e-12 in float32 is", np.float32(1) - np.float32(1e-12))

# %% [markdown]
# ## Predictions and accuracy
#
# `predict` thresholds the probability ($p \ge 0.5$ is class 1) and `accuracy` counts matches.
# Before any training, with $w = 0$ and $b = 0$, every $p$ is $\frac{1}{2}$ and the loss is $\log 2$:

# %%
L1 = pages.reference(1)
images, labels = data.load("train", data.locate("sample"))
X, y = L1.select_classes(L1.preprocess(images), labels, [0, 1])
w, b = L2.init_zeros(X.shape[1])
p = L2.predict_proba(X, w, b)
print(
    "loss at zero:",
    L2.log_loss(p, y),
    "= log 2 =",
    np.log(2),
    "; accuracy:",
    L2.accuracy(L2.predict(X, w, b), y),
)

# %% [markdown]
# ## What the trained model looks at
#
# After lesson 3's training on the full data, each of the 784 weights says how much a bright pixel
# there pushes towards *Trouser* (red) or *T-shirt/top* (blue): the gap between the legs and the
# sleeves.

# %% tags=["hide-input"]
pages.figure(plots.weights(pages.results()), "The binary model's weights, as the image they weigh (full data)")
