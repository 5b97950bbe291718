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
# # Lesson 4: a softmax network from scratch

# %% [markdown] tags=["site-only"]
# *Work on this lesson in Jupyter: `course init --notebooks` writes it as an exercise notebook,
# `lesson4_softmax.ipynb` ([or download it](../lesson4_softmax.ipynb)), with each function
# to write where this page derives it and a check beside it. Or write the code in
# `lesson4_softmax.py` and run `course check 4`.*

# %% [markdown]
# ## Why: ten classes, and boundaries that bend
#
# Lesson 3 trained logistic regression to tell T-shirts from trousers: one score per image, one
# probability. Fashion-MNIST has ten classes, so the model needs ten scores per image and a rule
# that turns them into ten probabilities that sum to 1. That rule is the **softmax**, and its loss
# is the **cross-entropy**; with two classes they reduce to lesson 2's sigmoid and log loss (shown
# below).
#
# Ten weighted sums of pixels are still a *linear* model: it can only separate classes by flat
# boundaries in pixel space, and nothing makes clothes fall on either side of flat boundaries.
# (Fashion-MNIST's own benchmark lists scikit-learn's linear logistic regression at about 84 %.)
# So we also put **hidden layers** between the pixels and the scores, each a weighted sum followed
# by a ReLU, and then need the gradient of every weight of every layer: **backpropagation**.
#
# Notation, used throughout. A batch holds $m$ examples as the rows of $X$, shape $(m, n_0)$ with
# $n_0 = 784$. Layer $l$ (for $l = 1, \dots, L$) has $n_l$ units, a weight matrix $W_l$ of shape
# $(n_{l-1}, n_l)$ and a bias $b_l$ of shape $(n_l,)$. With $A_0 = X$:
#
# $$\begin{aligned} Z_l &= A_{l-1} W_l + b_l && (m, n_l), \\ A_l &= \mathrm{relu}(Z_l) && (m, n_l), \text{ for } l < L, \\ P &= \mathrm{softmax}(Z_L) && (m, C), \end{aligned}$$
#
# where $C = n_L = 10$ classes, and $b_l$ is added to every row. The labels come one-hot: $Y$ has
# shape $(m, C)$ with $Y_{ic} = 1$ when example $i$ is of class $c$, and 0 otherwise.

# %%
from functools import partial

import numpy as np

from fashion_course import data, pages
from fashion_course.figures import lesson4 as fig4

L1, L2, L3, L4 = (pages.reference(n) for n in (1, 2, 3, 4))

# %% tags=["hide-input"]
pages.functions_table(4)

# %% [markdown]
# ## Softmax: scores to probabilities
#
# For one example with scores (**logits**) $z = (z_1, \dots, z_C)$,
#
# $$\mathrm{softmax}(z)_c = \frac{e^{z_c}}{\sum_{j=1}^{C} e^{z_j}}.$$
#
# The exponential makes every entry positive, and dividing by the sum makes them add up to 1. Only
# differences between logits matter: adding the same constant $k$ to every $z_j$ multiplies the
# numerator and the denominator by $e^k$, which cancels. Scaling the logits does matter. In the
# figure, the logits are $t \log(0.2, 0.3, 0.5)$: at $t = 1$ softmax returns exactly
# $(0.2, 0.3, 0.5)$; as $t$ grows the largest logit takes nearly all the probability; at $t = 0$
# every logit is 0 and every class gets $\tfrac13$.

# %%
p = np.array([0.2, 0.3, 0.5])
scales = np.linspace(0, 5, 101)
P_scaled = L4.softmax(np.outer(scales, np.log(p)))  # (101, 3): one row per t

# %% tags=["hide-input"]
pages.figure(
    fig4.softmax_by_scale(scales, P_scaled, ["class 0", "class 1", "class 2"]),
    "Softmax of the logits t × log(0.2, 0.3, 0.5) as t grows, computed by the reference softmax. "
    "Small logits give nearly uniform probabilities; large ones, a confident answer.",
)

# %% [markdown]
# Remember the left end: logits that are all nearly equal give nearly equal probabilities, $1/C$
# each. A network whose last layer starts with tiny weights starts there.
#
# ### A stable softmax
#
# $e^{z}$ overflows float32 for $z$ above about 88.7 and float64 above about 709, and a logit of
# $10^4$ overflows both: `inf / inf` is NaN. The shift invariance above is the cure: subtract each
# row's maximum before exponentiating. Then the largest exponent is $e^0 = 1$, nothing overflows,
# and the denominator is at least 1, so nothing divides by zero either. (Very negative shifted
# logits underflow to probability 0, which is the right answer to float precision.) In the cell
# below, the first row's $10^4$ gives probability 1 and its $-10^4$ exactly 0. In the second row,
# $e^{89}$ alone would overflow float32; shifted to $(0, -1, -89)$, the row gives 0.731, 0.269
# and $1.6 \times 10^{-39}$, a number so small that float32 keeps it only as a subnormal.

# %%
Z = np.array([[1e4, 0.0, -1e4], [89.0, 88.0, 0.0]], dtype=np.float32)
print(L4.softmax(Z))

# %% [markdown]
# The grader feeds your softmax logits like these and fails it on any overflow warning:

# %% tags=["hide-input"]
pages.grader_says(4, "def softmax(Z):\n    E = np.exp(Z)\n    return E / E.sum(axis=1, keepdims=True)")

# %% [markdown]
# Each row is one example, so the sums run along `axis=1`. Normalising columns instead (over the
# examples of the batch) is a classic mistake:

# %% tags=["hide-input"]
pages.grader_says(4, "def softmax(Z):\n    E = np.exp(Z - Z.max(axis=0))\n    return E / E.sum(axis=0)")

# %% tags=["exercise"]
# exercise: softmax

# %% [markdown]
# ## Cross-entropy
#
# The loss of one example is minus the log of the probability the model gave its true class,
# $-\log P_{i, y_i}$; with one-hot labels that is $-\sum_c Y_{ic} \log P_{ic}$, since only the
# true class's term survives. Averaged over the batch:
#
# $$J = -\frac{1}{m} \sum_{i=1}^{m} \sum_{c=1}^{C} Y_{ic} \log P_{ic}.$$
#
# Like lesson 2's log loss, it is the negative log-likelihood of the labels under the model,
# and with $C = 2$ it *is* the log loss (shown below). A model that is certain and wrong has
# $P_{i, y_i} = 0$ and an infinite loss, so `cross_entropy` clips $P$ from below at the dtype's
# machine epsilon $\varepsilon$ before the log. Lesson 2's log loss clipped $p$ on both sides, to
# $[\varepsilon, 1 - \varepsilon]$, because it also takes $\log(1 - p)$; the cross-entropy takes the
# log of $P$ alone, and a certain, right answer, $P_{i, y_i} = 1$, costs exactly 0, so the lower
# clip is all it needs.
#
# **A sanity check you get for free:** a network that has learned nothing gives every class
# probability $1/C$, so its loss is $-\log(1/C) = \log C$; for ten classes, $\log 10 = 2.303$.
# Measure it before training; if the first cost is far from it, something is wrong before the
# first step.
#
# ### Two classes: the sigmoid and the log loss again
#
# With $C = 2$ classes, numbered 0 and 1 as in lesson 2, an example has two logits $(z_0, z_1)$.
# Divide the numerator and the denominator of class 1's probability by $e^{z_1}$:
#
# $$\begin{aligned} P_1 &= \frac{e^{z_1}}{e^{z_0} + e^{z_1}} \\ &= \frac{1}{1 + e^{-(z_1 - z_0)}} = \sigma(z_1 - z_0), \end{aligned}$$
#
# and $P_0 = 1 - P_1$. The two-class softmax is lesson 2's sigmoid, applied to the difference of
# the two logits. Write $p = P_1$ and $y \in \{0, 1\}$ for the label, whose one-hot row is
# $(1 - y, y)$. The cross-entropy of one example keeps both terms:
#
# $$\begin{aligned} & -\big[(1 - y) \log P_0 + y \log P_1\big] \\ & = -\big[y \log p + (1 - y) \log (1 - p)\big], \end{aligned}$$
#
# lesson 2's log loss of $p$, and both are averaged over the examples. Only $z_1 - z_0$ matters,
# so a two-class softmax layer, $W$ of shape $(n, 2)$ and $b$ of shape $(2,)$, is logistic
# regression with $w = W_{\cdot 1} - W_{\cdot 0}$ and $b = b_1 - b_0$: twice the parameters, the
# same model. With numbers, this lesson's softmax and cross-entropy against lesson 2's sigmoid and
# log loss, on five examples:

# %% tags=["claim"]
one_hot_0 = np.array([[1.0, 0.0]])  # (1, 2): one example, of class 0
certain_wrong = L4.cross_entropy(np.array([[0.0, 1.0]]), one_hot_0)
certain_right = L4.cross_entropy(np.array([[1.0, 0.0]]), one_hot_0)
assert certain_wrong == -np.log(np.finfo(np.float64).eps), "'clips P from below at ... epsilon'"
assert certain_right == 0.0, (
    "'a certain, right answer ... costs exactly 0, so the lower clip is all it needs'"
)

# %%
Z_two = np.array([[0.0, 0.0], [0.0, 1.0], [2.0, -1.0], [-3.0, 4.0], [10.0, -10.0]])  # (5, 2) logits
y_two = np.array([1, 1, 0, 1, 0])  # (5,) labels
P_two = L4.softmax(Z_two)  # (5, 2)
p_two = L2.sigmoid(Z_two[:, 1] - Z_two[:, 0])  # (5,)
print(f"{'z0':>4}{'z1':>5}{'softmax P1':>13}{'sigmoid(z1 - z0)':>18}")
for (z0, z1), soft, sig in zip(Z_two, P_two[:, 1], p_two):
    print(f"{z0:4.0f}{z1:5.0f}{soft:13.6g}{sig:18.6g}")
print(f"largest difference of the probabilities: {np.max(np.abs(P_two[:, 1] - p_two)):.0e}")
entropy, logistic = L4.cross_entropy(P_two, L1.one_hot(y_two, 2)), L2.log_loss(p_two, y_two)
print(f"cross-entropy {entropy:.6f}, log loss {logistic:.6f}")

# %% [markdown]
# The same probabilities and the same loss, to float64 precision. The second row of the stable
# softmax above was the same fact: logits 89 and 88 differ by 1, and $\sigma(1) = 0.731$.

# %% tags=["exercise"]
# exercise: cross_entropy

# %% [markdown]
# ## The gradient at the top: $P - Y$
#
# Take one example, drop the index $i$, and write $p = \mathrm{softmax}(z)$ and
# $\ell = -\sum_c y_c \log p_c$. We need $\partial \ell / \partial z_k$ for every $k$.
#
# **Step 1: the softmax's Jacobian.** Every $p_c$ depends on every $z_k$ through the denominator
# $S = \sum_j e^{z_j}$, whose derivative in $z_k$ is $e^{z_k}$. By the quotient rule, with
# $\delta_{ck} = 1$ if $c = k$ and 0 otherwise,
#
# $$\frac{\partial p_c}{\partial z_k} = \frac{\delta_{ck}\, e^{z_c} S - e^{z_c} e^{z_k}}{S^2} = p_c\,(\delta_{ck} - p_k).$$
#
# Raising your own logit raises your probability by $p_c(1 - p_c)$, the sigmoid's slope again;
# raising another's lowers yours by $p_c p_k$.
#
# **Step 2: the log.** $\partial \ell / \partial p_c = -y_c / p_c$.
#
# **Step 3: chain, summing over every $c$ through which $z_k$ acts:**
#
# $$\begin{aligned} \frac{\partial \ell}{\partial z_k} &= \sum_c \Big(-\frac{y_c}{p_c}\Big)\, p_c\,(\delta_{ck} - p_k) \\ &= -\sum_c y_c\, \delta_{ck} + p_k \sum_c y_c = -y_k + p_k, \end{aligned}$$
#
# because $\sum_c y_c = 1$ for a one-hot label. So $\partial \ell / \partial z = p - y$: the same
# error as in lesson 3. For the mean over $m$ examples, each row gets a $1/m$:
#
# $$\frac{\partial J}{\partial Z_L} = \frac{P - Y}{m} \quad (m, C).$$
#
# This is why softmax and cross-entropy are nearly always used, and differentiated, together:
# the Jacobian's $C \times C$ entries collapse into one subtraction.
#
# ### A worked example
#
# Let $C = 3$, the logits $z = \log(0.2, 0.3, 0.5)$ (so that $p = (0.2, 0.3, 0.5)$), and let the
# true class be class 2, $y = (0, 0, 1)$. Then $\ell = -\log 0.5 = 0.693$ and
# $\partial \ell / \partial z = p - y = (0.2, 0.3, -0.5)$: push the two wrong logits down in
# proportion to the probability they took, and the right one up by what it lacks. Checked with
# the reference code and the numerical gradient of lesson 3:

# %%
z, y_onehot = np.log(p)[None, :], np.array([[0.0, 0.0, 1.0]])  # (1, 3) each: one example
loss = L4.cross_entropy(L4.softmax(z), y_onehot)
numeric = L3.numerical_gradient(lambda v: L4.cross_entropy(L4.softmax(v), y_onehot), z)
print(f"loss {loss:.4f}  (log 2 = {np.log(2):.4f})")
print("p - y      :", (L4.softmax(z) - y_onehot).round(6))
print("numerically:", numeric.round(6))

# %% [markdown]
# ## Why hidden layers need a ReLU
#
# Without something nonlinear between them, layers add nothing. Two linear layers compute
#
# $$(X W_1 + b_1) W_2 + b_2 = X\, (W_1 W_2) + (b_1 W_2 + b_2),$$
#
# a single linear layer with weights $W_1 W_2$ of shape $(n_0, n_2)$ and bias $b_1 W_2 + b_2$.
# Any stack of linear layers collapses this way, however deep. The **ReLU**,
# $\mathrm{relu}(z) = \max(z, 0)$ elementwise, breaks the collapse: each hidden unit is a
# weighted sum that switches off below zero, and the next layer adds such pieces into a
# boundary that can bend wherever a unit switches.
#
# To see it, train two models on points of a plane: a disc of one class inside a ring of the
# other. One has no hidden layer (softmax of a linear score, the best a stack of linear layers
# can do); the other has 16 ReLU units. Both are trained by the reference `forward`, `backward`
# and `sgd_step`, for 2,000 full-batch steps:

# %%
rng = np.random.default_rng(0)
radius = np.concatenate([rng.uniform(0, 1, 150), rng.uniform(1.4, 2.2, 150)])
angle = rng.uniform(0, 2 * np.pi, 300)
X_ring = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
y_ring = np.repeat([0, 1], 150)
Y_ring = np.eye(2)[y_ring]


def in_float64(params):
    """A copy of params in float64 (init_params draws float32), for points and checks in float64."""
    return {key: value.astype(np.float64) for key, value in params.items()}


def fit(layer_dims, steps=2000, lr=0.5):
    params = in_float64(L4.init_params(layer_dims, np.random.default_rng(1), scale=0.5))
    for _ in range(steps):
        P, cache = L4.forward(X_ring, params)
        L4.sgd_step(params, L4.backward(Y_ring, params, cache), lr)
    return params


def classes_of(params):
    return lambda points: L4.forward(points, params)[0].argmax(axis=1)


trained = {}
for name, layer_dims in (("no hidden layer", [2, 2]), ("16 ReLU units", [2, 16, 2])):
    trained[name] = params = fit(layer_dims)
    P = L4.forward(X_ring, params)[0]  # (300, 2)
    accuracy = np.mean(P.argmax(axis=1) == y_ring)
    print(f"{name}: training accuracy {accuracy:.2f}, cost {L4.cross_entropy(P, Y_ring):.3f}")

# %% tags=["hide-input"]
pages.figure(
    [
        fig4.decision_regions(X_ring, y_ring, classes_of(trained[name]), name)
        for name in ("no hidden layer", "16 ReLU units")
    ],
    "The class each model gives every point of the plane (shaded), with the training points (a blue disc "
    "inside an orange ring). A linear model can only cut the plane with a straight line; "
    "16 ReLU units bend the boundary around the disc.",
)

# %% tags=["exercise"]
# exercise: relu

# %% [markdown]
# ## Backpropagation through one layer
#
# The whole backward pass is two rules, applied layer after layer from the top down. Each takes
# the gradient of $J$ with respect to a layer's output and returns the gradients with respect to
# its inputs and parameters. Write $G = \partial J / \partial Z$ for the gradient arriving at $Z$.
#
# **A dense layer**, $Z = A W + b$, with $A$ of shape $(m, n_\text{in})$, $W$ of shape
# $(n_\text{in}, n_\text{out})$, $b$ of shape $(n_\text{out},)$ and $G$ of shape $(m, n_\text{out})$.
# Element by element, $Z_{ik} = \sum_j A_{ij} W_{jk} + b_k$. Then:
#
# - $W_{jk}$ touches $Z_{ik}$ for every example $i$, with slope $A_{ij}$:
#   $\partial J / \partial W_{jk} = \sum_i A_{ij} G_{ik}$, that is
#   $\partial J / \partial W = A^\top G$, shape $(n_\text{in}, m)(m, n_\text{out}) \to (n_\text{in}, n_\text{out})$.
# - $b_k$ touches $Z_{ik}$ for every $i$, with slope 1:
#   $\partial J / \partial b = \sum_i G_{i\cdot}$, the column sums of $G$, shape $(n_\text{out},)$.
# - $A_{ij}$ touches $Z_{ik}$ for every unit $k$, with slope $W_{jk}$:
#   $\partial J / \partial A_{ij} = \sum_k G_{ik} W_{jk}$, that is
#   $\partial J / \partial A = G W^\top$, shape $(m, n_\text{out})(n_\text{out}, n_\text{in}) \to (m, n_\text{in})$.
#
# **A ReLU**, $A = \max(Z, 0)$ elementwise. Its slope is 1 where $Z > 0$ and 0 where $Z < 0$
# (at exactly 0 we take 0, by convention). So, with $\odot$ the elementwise product and
# $[Z > 0]$ the array of 1s and 0s,
#
# $$\frac{\partial J}{\partial Z} = \frac{\partial J}{\partial A} \odot [Z > 0] \quad (m, n).$$
#
# The mask comes from $Z$, what went into the ReLU, and not from the sign of the gradient.
#
# **Dimension analysis** checks these formulas without redoing the calculus. A gradient always has
# the shape of what it is the gradient of, since $J$ is a single number. The only way to multiply
# $A$ $(m, n_\text{in})$ and $G$ $(m, n_\text{out})$ into an $(n_\text{in}, n_\text{out})$ array is
# $A^\top G$, which sums over the $m$ examples, as it must. The only way to get
# $(m, n_\text{in})$ from $G$ and $W$ is $G W^\top$. If your shapes do not fit, the formula is wrong.

# %% tags=["exercise"]
# exercise: relu_backward

# %% [markdown]
# ## The whole backward pass
#
# Start at the top with $G_L = (P - Y)/m$ and walk down, $l = L, L - 1, \dots, 1$:
#
# $$\begin{aligned} \frac{\partial J}{\partial W_l} &= A_{l-1}^\top G_l, \qquad \frac{\partial J}{\partial b_l} = \sum_i (G_l)_{i\cdot}, \\ G_{l-1} &= \big(G_l W_l^\top\big) \odot [Z_{l-1} > 0] \quad \text{for } l > 1. \end{aligned}$$
#
# For the original challenge's 784-70-10 network, on a batch of $m$ images:
#
# | array, in the order it is made | shape |
# | --- | --- |
# | $A_0 = X$, the data | $(m, 784)$ |
# | $Z_1 = A_0 W_1 + b_1$, $A_1 = \mathrm{relu}(Z_1)$ | $(m, 70)$ |
# | $Z_2 = A_1 W_2 + b_2$, $P = \mathrm{softmax}(Z_2)$ | $(m, 10)$ |
# | $G_2 = (P - Y)/m$ | $(m, 10)$ |
# | $\partial J/\partial W_2 = A_1^\top G_2$ | $(70, 10)$ |
# | $\partial J/\partial b_2$, the column sums of $G_2$ | $(10,)$ |
# | $G_1 = (G_2 W_2^\top) \odot [Z_1 > 0]$ | $(m, 70)$ |
# | $\partial J/\partial W_1 = A_0^\top G_1$ | $(784, 70)$ |
# | $\partial J/\partial b_1$, the column sums of $G_1$ | $(70,)$ |
#
# Backward needs $A_{l-1}$ for every $\partial J / \partial W_l$ and $Z_l$ for every ReLU mask,
# which is why `forward` returns a **cache** of them. Backward does two matrix products per layer
# where forward does one: the cost of a few forward passes, not one loss evaluation per weight.

# %% [markdown]
# ### A backward pass small enough to check by hand
#
# Before trusting these rules on 784 inputs, run them once on paper. Take a 2-2-2 network (two
# inputs, two hidden ReLU units, two classes) and $m = 2$ examples, both of class 0:
#
# $$X = \begin{pmatrix} 2 & 3 \\ 1 & -1 \end{pmatrix}, \qquad Y = \begin{pmatrix} 1 & 0 \\ 1 & 0 \end{pmatrix},$$
#
# $$W_1 = \begin{pmatrix} 2 & -1 \\ -1 & 1 \end{pmatrix}, \qquad b_1 = (0, 1),$$
#
# $$W_2 = \begin{pmatrix} 0.5 & -0.5 \\ 1 & 0 \end{pmatrix}, \qquad b_2 = (-1.5, 1.5).$$
#
# **Forward**, row by row (one row per example):
#
# - $Z_1 = X W_1 + b_1$. Row 1 is $(2 \cdot 2 + 3 \cdot (-1) + 0,$ $2 \cdot (-1) + 3 \cdot 1 + 1)$
#   $= (1, 2)$; row 2 is $(1 \cdot 2 + (-1)(-1) + 0,$ $1 \cdot (-1) + (-1) \cdot 1 + 1)$ $= (3, -1)$.
# - $A_1 = \mathrm{relu}(Z_1)$ has rows $(1, 2)$ and $(3, 0)$: the second hidden unit is off for
#   the second example, whose pre-activation there is $-1$.
# - $Z_2 = A_1 W_2 + b_2$. Row 1 is $(1 \cdot 0.5 + 2 \cdot 1 - 1.5,$ $1 \cdot (-0.5) + 2 \cdot 0 + 1.5)$
#   $= (1, 1)$; row 2 is $(3 \cdot 0.5 + 0 - 1.5,$ $3 \cdot (-0.5) + 0 + 1.5)$ $= (0, 0)$.
# - Each row's two logits are equal (we chose $b_2$ for that, so that no exponential needs a
#   calculator): $P = 0.5$ everywhere, and $J = -\log 0.5 = 0.693$.


# %%
def show(name, array):
    """One array on one line, with its shape, written the way you would on paper."""
    array = np.asarray(array) + 0.0  # + 0.0 turns -0.0 into 0.0
    text = np.array2string(array, separator=", ", formatter={"float_kind": lambda v: f"{v:g}"})
    print(f"{name:5}{str(array.shape):8}{' '.join(text.split())}")


X = np.array([[2.0, 3.0], [1.0, -1.0]])  # (2, 2): two examples, two inputs
Y = np.array([[1.0, 0.0], [1.0, 0.0]])  # (2, 2): both of class 0
tiny = {
    "W1": np.array([[2.0, -1.0], [-1.0, 1.0]]),
    "b1": np.array([0.0, 1.0]),
    "W2": np.array([[0.5, -0.5], [1.0, 0.0]]),
    "b2": np.array([-1.5, 1.5]),
}
W1, b1, W2, b2 = tiny["W1"], tiny["b1"], tiny["W2"], tiny["b2"]
Z1 = X @ W1 + b1  # (2, 2)
A1 = L4.relu(Z1)  # (2, 2)
Z2 = A1 @ W2 + b2  # (2, 2)
P = L4.softmax(Z2)  # (2, 2)
for name, array in [("X", X), ("W1", W1), ("b1", b1), ("Z1", Z1), ("A1", A1)]:
    show(name, array)
for name, array in [("W2", W2), ("b2", b2), ("Z2", Z2), ("P", P), ("Y", Y)]:
    show(name, array)
print(f"J = {L4.cross_entropy(P, Y):.3f}")

# %% [markdown]
# **Backward**, from the top, with the rules above:
#
# 1. $G_2 = (P - Y)/m$: both rows are $(0.5 - 1,\ 0.5 - 0)/2$ $= (-0.25, 0.25)$.
# 2. $\partial J / \partial W_2 = A_1^\top G_2$ sums over the two examples. Both rows of $G_2$ are
#    equal, so row $j$ of the result is the sum of column $j$ of $A_1$ times $(-0.25, 0.25)$:
#    $(1 + 3)(-0.25, 0.25) = (-1, 1)$ and $(2 + 0)(-0.25, 0.25) = (-0.5, 0.5)$.
# 3. $\partial J / \partial b_2$, the column sums of $G_2$: $(-0.5, 0.5)$.
# 4. $\partial J / \partial A_1 = G_2 W_2^\top$: entry $j$ of a row is
#    $-0.25\, (W_2)_{j1} + 0.25\, (W_2)_{j2}$, which gives $(-0.125 - 0.125,$ $-0.25 + 0)$
#    $= (-0.25, -0.25)$ for both examples.
# 5. The ReLU: $[Z_1 > 0]$ has rows $(1, 1)$ and $(1, 0)$, so $G_1$ has rows $(-0.25, -0.25)$ and
#    $(-0.25, 0)$. The second unit passes nothing back from the example for which it was off.
# 6. $\partial J / \partial W_1 = X^\top G_1$: row 1 (input 1) is $2\,(-0.25, -0.25)$ $+ 1\,(-0.25, 0)$
#    $= (-0.75, -0.5)$, and row 2 is $3\,(-0.25, -0.25)$ $+ (-1)(-0.25, 0)$ $= (-0.5, -0.75)$.
# 7. $\partial J / \partial b_1$, the column sums of $G_1$: $(-0.5, -0.25)$.
#
# The mask matters: without it, the second column of $\partial J / \partial W_1$ would be
# $(-0.75, -0.5)$ instead of $(-0.5, -0.75)$, and $\partial J / \partial b_1$ would be
# $(-0.5, -0.5)$. The same steps in NumPy, each array with its shape:


# %%
def backward_by_hand(X, Y, W2, Z1, A1, P):
    """Steps 1 to 7 above, for one hidden layer, showing every array they make."""
    m = len(X)
    dZ2 = (P - Y) / m  # (2, 2)
    dW2 = A1.T @ dZ2  # (2, 2)
    db2 = dZ2.sum(axis=0)  # (2,)
    dA1 = dZ2 @ W2.T  # (2, 2)
    mask = (Z1 > 0).astype(float)  # (2, 2): 1 where the unit was on
    dZ1 = dA1 * mask  # (2, 2)
    dW1 = X.T @ dZ1  # (2, 2)
    db1 = dZ1.sum(axis=0)  # (2,)
    for name, array in [("dZ2", dZ2), ("dW2", dW2), ("db2", db2), ("dA1", dA1)]:
        show(name, array)
    for name, array in [("mask", mask), ("dZ1", dZ1), ("dW1", dW1), ("db1", db1)]:
        show(name, array)
    return {"dW2": dW2, "db2": db2, "dW1": dW1, "db1": db1}


by_hand = backward_by_hand(X, Y, W2, Z1, A1, P)


# %% [markdown]
# And the same four gradients three ways, entry by entry: the steps above, the reference
# `backward`, and lesson 3's `numerical_gradient` of $J$:


# %%
def cost_with(X, Y, params, key, value):
    """J with params[key] replaced by value; fix the rest with partial to get a function of value."""
    return L4.cross_entropy(L4.forward(X, {**params, key: value})[0], Y)


grads = L4.backward(Y, tiny, L4.forward(X, tiny)[1])
print(f"{'entry':10}{'by hand':>9}{'backward':>10}{'numerical':>11}")
for key, hand in by_hand.items():
    name = key[1:]  # "W2" for "dW2"
    numeric = L3.numerical_gradient(partial(cost_with, X, Y, tiny, name), tiny[name])
    for index in np.ndindex(hand.shape):
        entry = f"{key}[{', '.join(map(str, index))}]"
        print(f"{entry:10}{hand[index]:9.4f}{grads[key][index]:10.4f}{numeric[index]:11.6f}")
    agree = np.max(np.abs(grads[key] - hand)), np.max(np.abs(numeric - grads[key]))
    print(f"  {key}: backward vs by hand {agree[0]:.0e}, numerical vs backward {agree[1]:.0e}")

# %% tags=["claim"]
for key, hand in by_hand.items():
    numeric = L3.numerical_gradient(partial(cost_with, X, Y, tiny, key[1:]), tiny[key[1:]])
    assert np.array_equal(grads[key], hand), f"'backward gives the hand values exactly': {key}"
    assert np.max(np.abs(numeric - grads[key])) <= 1e-10, f"'agrees with it to 10^-10 or better': {key}"

# %% [markdown]
# The reference `backward` gives the hand values exactly (every number here is a multiple of
# $1/8$, which floats hold exactly), and the numerical gradient agrees with it to $10^{-10}$ or
# better.
#
# ### Backpropagation drawn
#
# Steps 4 to 7 are the backward pass of one dense layer and its ReLU: layer 1. The figure below
# draws them beside the same layer's forward pass, with this example's numbers. The forward pass
# runs down the left and leaves $A_0$, $Z_1$ and $A_1$ in the cache. The backward pass runs up the
# right: the gradient arrives from layer 2 as $G_2 W_2^\top$; the ReLU's step multiplies it by the
# mask $[Z_1 > 0]$, which it reads from the cached $Z_1$; and the dense layer's step turns $G_1$ into
# the layer's two gradients, reading the cached $A_0$ for $\partial J / \partial W_1 = A_0^\top G_1$.
# Layer 2 reads the cached $A_1$ the same way, for $\partial J / \partial W_2 = A_1^\top G_2$. In a
# deeper network, layer 1 would also send $G_1 W_1^\top$ down to the layer below it; here only the
# data is below it, so `backward` skips that product. The arrays the figure draws, computed by the
# reference `forward` (the cache), `backward` (the gradients, above) and `relu_backward`:


# %%
P, cache = L4.forward(X, tiny)  # the cache holds A0 = X, Z1, A1, Z2 and A2 = P
from_above = (P - Y) / len(Y) @ tiny["W2"].T  # (2, 2): dJ/dA1 = G2 W2^T, what layer 2 sends down
G1 = L4.relu_backward(from_above, cache["Z1"])  # (2, 2): dJ/dZ1, masked by the cached Z1
print(sorted(cache), sorted(grads))

# %% tags=["hide-input"]
pages.figure(
    fig4.backprop_layer(
        cache["A0"],
        tiny["W1"],
        tiny["b1"],
        cache["Z1"],
        cache["A1"],
        from_above,
        G1,
        grads["dW1"],
        grads["db1"],
    ),
    "Backpropagation through layer 1 of the 2-2-2 example, a dense layer and its ReLU, with the numbers "
    "the reference forward and backward compute: forward down the left, backward up the right, and, "
    "dashed, the cached array each backward step reads.",
)

# %% tags=["claim"]
steps_4_and_5 = np.array([[-0.25, -0.25], [-0.25, -0.25]]), np.array([[-0.25, -0.25], [-0.25, 0.0]])
assert np.array_equal(from_above, steps_4_and_5[0]) and np.array_equal(G1, steps_4_and_5[1]), (
    "'Steps 4 to 7 ...': the figure's dJ/dA1 and G1 are those of steps 4 and 5"
)
assert (
    np.array_equal(cache["A0"], X) and np.array_equal(cache["Z1"], Z1) and np.array_equal(cache["A1"], A1)
), "'leaves A0, Z1 and A1 in the cache'"

# %% [markdown]
# ### Your network
#
# Now the network itself. `init_params` draws each $W_l$ from `rng` as $s \cdot \mathcal{N}(0, 1)$
# of shape $(n_{l-1}, n_l)$ (by default $s = 0.01$, the original's) and sets each $b_l$ to zero;
# `forward` runs the loop of the notation section and keeps in its cache what `backward` reads,
# every $A_{l-1}$ and $Z_l$; `backward` runs the loop of "The whole backward pass". Try yours on
# the 2-2-2 example first: `backward(Y, tiny, forward(X, tiny)[1])` with your two functions should
# give the four gradients of the table above, and an entry that differs tells you at which of
# steps 1 to 7 your code leaves the hand's.

# %% tags=["exercise"]
# exercise: init_params

# %% tags=["exercise"]
# exercise: forward

# %% tags=["exercise"]
# exercise: backward

# %% [markdown]
# ### Checking it
#
# `numerical_gradient` from lesson 3 checks every parameter of every layer. In float64, on a
# random network of three layers (two hidden), from the top layer down:


# %%
def relative_errors(backward, params, X, Y):
    """backward's gradients against lesson 3's numerical ones, from the top layer down."""
    grads, errors = backward(Y, params, L4.forward(X, params)[1]), {}
    for key in sorted(params, key=lambda k: -int(k[1:])):  # W3, b3, W2, b2, W1, b1
        numeric = L3.numerical_gradient(partial(cost_with, X, Y, params, key), params[key])
        got = grads["d" + key]
        errors["d" + key] = np.max(np.abs(got - numeric)) / np.max(np.abs(got) + np.abs(numeric))
        print(f"d{key}: relative error {errors['d' + key]:.1e}")
    return errors


check_rng = np.random.default_rng(1)
params = in_float64(L4.init_params([6, 5, 4, 3], check_rng, scale=1.0))
X_net, Y_net = check_rng.normal(size=(8, 6)), np.eye(3)[check_rng.integers(0, 3, 8)]  # (8, 6), (8, 3)
errors = relative_errors(L4.backward, params, X_net, Y_net)

# %% tags=["claim"]
assert max(errors.values()) < 1e-10, "'Every relative error is below 10^-10'"

# %% [markdown]
# Every relative error is below $10^{-10}$, as good as central differences get in float64.
#
# The grader runs this check on three networks in turn: one layer (`[6, 4]`, no hidden layer),
# two layers (`[5, 4, 3]`) and three layers (`[6, 5, 4, 3]`, two hidden layers). On each it checks
# the layers from the top down and names the first wrong gradient, and the ones above it that
# matched. Here is a mistake that only a network with two
# hidden layers can show. This `backward` multiplies by $W_l^\top$ the gradient that arrived at
# $A_l$, not the masked one at $Z_l$: it uses each hidden layer's mask for that layer's own
# gradients, but does not pass the masked gradient down.

# %% tags=["hide-input"]
MISTAKE = """def backward(Y, params, cache):
    L = len(params) // 2
    grads = {}
    dA = (cache[f"A{L}"] - Y) / len(Y)  # no ReLU at the top
    for layer in range(L, 0, -1):
        if layer == L:
            dZ = dA
        else:
            dZ = relu_backward(dA, cache[f"Z{layer}"])
        grads[f"dW{layer}"] = cache[f"A{layer - 1}"].T @ dZ
        grads[f"db{layer}"] = dZ.sum(axis=0)
        dA = dA @ params[f"W{layer}"].T  # should be dZ @ W.T
    return grads
"""
pages.grader_says(4, MISTAKE)

# %% [markdown]
# The grader passed the one- and two-layer networks: without a hidden layer there is no mask to
# forget, and with one, the only mask is the one applied to form $G_1$. It names `dW1` of the
# three-layer network, and the layers above it, 3 and 2, are right. The same check as above, on
# the same mistake, shows it layer by layer:

# %%
mistaken = {}
exec(MISTAKE, {"relu_backward": L4.relu_backward}, mistaken)  # the backward the grader just graded
mistaken_errors = relative_errors(mistaken["backward"], params, X_net, Y_net)

# %% tags=["claim"]
assert all(mistaken_errors[key] == errors[key] for key in ("dW3", "db3", "dW2", "db2")), (
    "'The four gradients of layers 3 and 2 are exact': as exact as the reference's"
)

# %% [markdown]
# The four gradients of layers 3 and 2 are exact; those of layer 1 have relative errors of 0.88
# and 1.0, as wrong as gradients get, because the gradient that reached layer 1 skipped layer 2's
# mask. When the grader names a layer, look at what happens between it and the layer above.
#
# A ReLU backward that takes its mask from the incoming gradient instead of from $Z$:

# %% tags=["hide-input"]
pages.grader_says(4, "def relu_backward(dA, Z):\n    return dA * (dA > 0)")

# %% [markdown]
# Last, `sgd_step`: lesson 3's update, $\theta \leftarrow \theta - \alpha\, \partial J / \partial \theta$,
# for every parameter in the dict, in place (it returns `params` too).

# %% tags=["exercise"]
# exercise: sgd_step

# %% [markdown]
# ## Sanity checks before a long run
#
# On the bundled sample (2,500 images of all ten classes), with the original's initialisation,
# weights $0.01 \times \mathcal{N}(0, 1)$:

# %%
images, labels = data.load("train", data.locate("sample"))
X = L1.preprocess(images)  # (2500, 784) float32
Y = L1.one_hot(labels, 10).astype(np.float32)  # (2500, 10)
params = L4.init_params([784, 70, 10], np.random.default_rng(0))
P, cache = L4.forward(X, params)
print(f"first cost {L4.cross_entropy(P, Y):.4f}  (log 10 = {np.log(10):.4f})")
print(f"logits: standard deviation {cache['Z2'].std():.4f}")
print(f"P between {P.min():.3f} and {P.max():.3f}")

# %% [markdown]
# The first cost is 2.3027, $\log 10$ to three decimals, as a network that knows nothing should
# have. The second and third lines say why: the logits barely differ (a standard deviation of
# about 0.005), so $P$ is the uniform $0.1$ to two decimals, between 0.098 and 0.102 (the left end
# of the softmax figure). Now the other classic check: **overfit a handful of images.** Twenty
# images and 55,660 parameters: a correct network must drive the cost on them towards zero. If it
# cannot, the bug is in the code, not in the difficulty of the data.

# %%
X20, Y20 = X[:20], Y[:20]
params = L4.init_params([784, 70, 10], np.random.default_rng(0))
print(f"{sum(value.size for value in params.values()):,} parameters, {len(X20)} images")
for step in range(301):
    P, cache = L4.forward(X20, params)
    if step % 100 == 0:
        print(f"step {step}: cost {L4.cross_entropy(P, Y20):.4f}")
    L4.sgd_step(params, L4.backward(Y20, params, cache), lr=0.5)

# %% [markdown]
# From 2.3002 to 0.0013 in 300 steps: the network has memorised its twenty images, as a correct
# one must.
#
# ## The original's first network
#
# The original trained 784-70-10 with weights $0.01 \times \mathcal{N}(0, 1)$, full-batch gradient
# descent, learning rate 0.009, for 6,000 steps. Reproduced on the full data (the course's saved
# run, whose table and curves follow), the cost barely moves at first:

# %%
history = pages.results()["mlp-small-init"].history  # logged every 25 steps
for step, cost in zip(history["step"], history["cost"]):
    if step in (0, 100, 200, 300, 500):
        print(f"step {step:.0f}: cost {cost:.4f}")

# %% [markdown]
# From 2.3028 at step 0 the cost is still 2.2021 at step 200; only then does the network start
# to learn, reaching 1.4967 at step 500. The sanity checks above hint why: the logits start with
# a spread of about 0.005, so $P$ is uniform and $P - Y$ carries almost no information about
# *which* wrong class an image resembles; and the gradient reaching $W_1$ is $A_0^\top G_1$ with
# $G_1 = (G_2 W_2^\top) \odot [Z_1 > 0]$, proportional to $W_2$, whose entries are about 0.01, so
# the first layer barely moves. Lesson 5 measures both, and fixes the start.

# %% tags=["hide-input"]
pages.results_table("mlp-small-init")

# %% tags=["hide-input"]
pages.learning_curves("mlp-small-init", caption="mlp-small-init on the full data")

# %% [markdown]
# ## The gradient, layer by layer
#
# Each step down the backward pass, $G_{l-1} = (G_l W_l^\top) \odot [Z_{l-1} > 0]$, multiplies the
# gradient by the weights $W_l^\top$. With weights of about 0.01, that shrinks it, and the deeper
# the network, the more often. To see how much, take a deeper network than the original's: eight
# hidden layers of 256 ReLU units, 784-256-...-256-10, at initialisation, on the 2,500 sample
# images. For every layer $l$ we measure the norm of the gradient that reaches it,
# $\partial J / \partial Z_l = G_l$, and of its weight gradient, $\partial J / \partial W_l = A_{l-1}^\top G_l$.
# Once with the original's $0.01 \times \mathcal{N}(0, 1)$, and once with the same random draws
# rescaled, layer by layer, to a standard deviation of $\sqrt{2 / n_{l-1}}$: the scale lesson 5
# derives, He's.

# %%
deep = [784] + [256] * 8 + [10]
small = L4.init_params(deep, np.random.default_rng(0))  # 0.01 x randn
he = {
    key: value * float(np.sqrt(2 / len(value)) / 0.01) if key[0] == "W" else value
    for key, value in small.items()
}


def gradient_sizes(params):
    """The norms of dJ/dZ_l and of dJ/dW_l, for l = 1..L, at these params on the sample."""
    P, cache = L4.forward(X, params)
    grads = L4.backward(Y, params, cache)
    L = len(params) // 2
    G = (P - Y) / len(Y)  # dJ/dZ_L (m, 10)
    arriving = [np.linalg.norm(G)]
    for layer in range(L, 1, -1):  # G_{l-1} = (G_l W_l^T) * [Z_{l-1} > 0]
        G = L4.relu_backward(G @ params[f"W{layer}"].T, cache[f"Z{layer - 1}"])
        arriving.append(np.linalg.norm(G))
    return arriving[::-1], [np.linalg.norm(grads[f"dW{layer}"]) for layer in range(1, L + 1)]


small_arriving, small_weights = gradient_sizes(small)
he_arriving, he_weights = gradient_sizes(he)
print(f"{'':5}{'norm of dJ/dZ_l':>22}{'norm of dJ/dW_l':>22}")
print(f"{'layer':5}{'0.01 x randn':>13}{'He':>9}{'0.01 x randn':>13}{'He':>9}")
rows = zip(small_arriving, he_arriving, small_weights, he_weights)
for layer, (small_dz, he_dz, small_dw, he_dw) in enumerate(rows, start=1):
    print(f"{layer:5d}{small_dz:13.2e}{he_dz:9.3f}{small_dw:13.2e}{he_dw:9.2f}")
factor = (small_arriving[-1] / small_arriving[0]) ** (1 / (len(small_arriving) - 1))
print(f"0.01 x randn: the gradient shrinks by a factor of {factor:.1f} per layer on its way down")
low, high = min(he_arriving), max(he_arriving)
print(f"He: the gradient reaching a layer stays between {low:.3f} and {high:.3f}")
print(f"0.01 x randn: weight gradients from {min(small_weights):.1e} to {max(small_weights):.1e}")
ratio = np.array(he_weights) / np.array(small_weights) / 1e6
print(f"He's weight gradients are {ratio.min():.0f} to {ratio.max():.0f} million times larger")

# %% tags=["hide-input"]
pages.figure(
    fig4.gradient_by_layer(
        {"small": small_arriving, "he": he_arriving}, {"small": small_weights, "he": he_weights}
    ),
    "784-256-...-256-10 at initialisation, on the 2,500 sample images (log scales). Left: the gradient "
    f"reaching each layer; with 0.01 × randn it shrinks by a factor of {factor:.1f} per layer towards "
    "the input, with He's scale it keeps its size. Right: the weight gradients, which with "
    "0.01 × randn are tiny in every layer.",
)

# %% [markdown]
# With $0.01 \times \mathcal{N}(0, 1)$ the gradient falls by a factor of 8.8 per layer on its way
# to the pixels, from 0.019 at the top layer to $5.41 \times 10^{-10}$ at layer 1. The weight
# gradients do not show the fall, but only because $\partial J / \partial W_l = A_{l-1}^\top G_l$
# multiplies it by the activations $A_{l-1}$, which shrink on the way up by about the same factor
# (lesson 5 measures them). So every layer's weight gradient is tiny, between $3.2 \times 10^{-8}$ and $4.1 \times 10^{-8}$,
# and He's scale gives weight gradients 57 to 129 million times larger. Under He's scale, the
# gradient reaching a layer stays between 0.021 and 0.023 all the way down.
#
# ## Check yourself
#
# <details class="question"><summary>A ten-class network's first cost, before any training, is 23.0. What does that suggest?</summary>
#
# A network that knows nothing gives each class about $1/10$ and costs $\log 10 \approx 2.303$.
# Ten times that points to a loss summed over the examples of a batch of 10 instead of averaged,
# or to huge initial weights making the network confidently wrong. Check the $1/m$ and the
# initial scale before training.
#
# </details>
#
# <details class="question"><summary>With $p = (0.2, 0.3, 0.5)$ and true class 0, what are the loss and $\partial \ell / \partial z$?</summary>
#
# The loss is $-\log 0.2 \approx 1.609$ and the gradient is $p - y = (0.2 - 1, 0.3, 0.5) =
# (-0.8, 0.3, 0.5)$. Its entries always sum to 0: raising every logit equally changes nothing.
#
# </details>
#
# <details class="question"><summary>$W_2$ of a 784-70-10 network has shape (70, 10). What shapes do $A_1^\top$ and $G_2$ have on a batch of 128, and what would $A_1 G_2^\top$ be?</summary>
#
# $A_1^\top$ is $(70, 128)$ and $G_2$ is $(128, 10)$, so $A_1^\top G_2$ is $(70, 10)$, the shape of
# $W_2$. $A_1 G_2^\top$ does not even multiply, $(128, 70)$ by $(10, 128)$: dimension analysis
# rules it out without any calculus.
#
# </details>
#
# <details class="question"><summary>Why does the ReLU's backward pass take its mask from $Z$, and not from the sign of $\partial J / \partial A$?</summary>
#
# The derivative of $\max(z, 0)$ depends on where the input $z$ was, not on the gradient passing
# through: a unit that was on passes its gradient back whatever that gradient's sign. The mask
# $[A > 0]$ would do as well, since $A > 0$ exactly where $Z > 0$; but masking by the sign of
# $\partial J / \partial A$ (the mistake the grader caught above), or multiplying by $A$ instead
# of by the mask, is wrong.
#
# </details>
#
# <details class="question"><summary>Why not drop the ReLU and let three linear layers do the work?</summary>
#
# Three linear layers compute $X W_1 W_2 W_3$ plus a constant: one linear layer with more
# parameters and the same limits. The ring figure's left panel is the best any such stack can do.
#
# </details>
#
# <div class="admonition example"><p class="admonition-title">Try it</p>
#
# Once `course check 4` passes, run the overfitting check above with your own `init_params`,
# `forward`, `backward` and `sgd_step`, on 20 sample images. Then break your network on purpose:
# replace the ReLU by the identity in `forward` and its mask by 1 in `backward` (a linear stack),
# and train the ring problem of this page with `[2, 16, 2]`. Does the boundary bend? And does the
# grader notice? (It should: its networks have ReLUs.)
#
# <details class="question"><summary>What you should see</summary>
#
# **The overfitting check.** If your `init_params` draws like the reference (one
# `rng.standard_normal((n_in, n_out))` per layer, in order, times the scale), your first cost is
# the page's to the digit, 2.3002 at step 0, and the later ones are close to the page's: 0.008 at
# step 100, 0.0023 at step 200 and 0.0013 at step 300. Not always to the digit, because float32
# rounds differently when the same formulas are computed in another order, and a learning rate of
# 0.5 lets a difference in the last bit grow for a hundred steps. A different draw changes the
# digits more, but not the outcome: a correct network drives the cost on twenty images towards 0.
#
# **The linear stack.** The boundary does not bend. It is a straight line, the very line of the
# ring figure's left panel, with the training accuracy (0.59) and the cost (0.685) of the model
# with no hidden layer. Your stack computes $X W_1 W_2$ plus a constant, a linear model; the
# cross-entropy of a linear model has a single best line, and gradient descent finds it through
# the stack's $2 \cdot 16 + 16 + 16 \cdot 2 + 2 = 82$ parameters as it did through the 6 of `[2, 2]`.
#
# **The grader.** It notices, and it blames the right function. If you made the change inside
# `relu` and `relu_backward`, their own checks fail (they return what a ReLU would have set to
# zero), while `forward` and `backward` still pass: while a function is checked, the functions of
# the lesson it calls are the reference's, so its verdict is about its own code. If you changed
# `forward` and `backward` themselves, `forward` fails its comparison with the definition on the
# two-layer network `[5, 4, 3]` ("ReLU after every layer but the last, softmax after the last"),
# and `backward` is told to fix `forward` first: its checks hand it the cache of your own
# `forward`, whose layout is yours to choose.
#
# </details>
#
# </div>

# %% tags=["claim"]
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

from fashion_course.grader import grade  # noqa: E402
from fashion_course.lessons import find_lesson  # noqa: E402
from fashion_course.workspace import SOLUTIONS  # noqa: E402

# "The linear stack": [2, 16, 2] with the identity for the ReLU, trained as the ring's models were.
reference_relus = L4.relu, L4.relu_backward
L4.relu, L4.relu_backward = (lambda Z: Z), (lambda dA, Z: dA)  # what the reference forward and backward call
try:
    P_stack = L4.forward(X_ring, fit([2, 16, 2]))[0]
finally:
    L4.relu, L4.relu_backward = reference_relus
P_line = L4.forward(X_ring, trained["no hidden layer"])[0]
same_accuracy = np.mean(P_stack.argmax(axis=1) == y_ring) == np.mean(P_line.argmax(axis=1) == y_ring)
assert same_accuracy, "'with the training accuracy (0.59) ... of the model with no hidden layer'"
assert abs(L4.cross_entropy(P_stack, Y_ring) - L4.cross_entropy(P_line, Y_ring)) < 5e-4, (
    "'and the cost (0.685)'"
)
stack_size = sum(value.size for value in L4.init_params([2, 16, 2], np.random.default_rng(0)).values())
assert stack_size == 2 * 16 + 16 + 16 * 2 + 2 == 82, "'the stack's 82 parameters'"


def verdicts(code):
    """The grader's verdict on each function of lesson 4, for the reference with `code` appended."""
    lesson = find_lesson(4)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / lesson.file_name
        path.write_text((SOLUTIONS / lesson.file_name).read_text() + "\n\n" + code)
        (report,) = grade([lesson], Path(folder))
    return {verdict.function: verdict for verdict in report.verdicts}


inside = verdicts("def relu(Z):\n    return Z + 0.0\n\n\ndef relu_backward(dA, Z):\n    return dA + 0.0\n")
assert inside["relu"].outcome == inside["relu_backward"].outcome == "failed", "'their own checks fail'"
assert inside["forward"].outcome == inside["backward"].outcome == "passed", "'forward and backward still pass'"
LINEAR = """def forward(X, params):
    L = len(params) // 2
    cache = {"A0": X}
    A = X
    for layer in range(1, L + 1):
        Z = A @ params[f"W{layer}"] + params[f"b{layer}"]
        A = Z if layer < L else softmax(Z)  # the identity for the ReLU
        cache[f"Z{layer}"], cache[f"A{layer}"] = Z, A
    return A, cache


def backward(Y, params, cache):
    L = len(params) // 2
    grads = {}
    dZ = (cache[f"A{L}"] - Y) / len(Y)
    for layer in range(L, 0, -1):
        grads[f"dW{layer}"] = cache[f"A{layer - 1}"].T @ dZ
        grads[f"db{layer}"] = dZ.sum(axis=0)
        if layer > 1:
            dZ = dZ @ params[f"W{layer}"].T  # the mask replaced by 1
    return grads
"""
changed = verdicts(LINEAR)
assert changed["forward"].outcome == "failed", "'forward fails its comparison with the definition'"
assert "[5, 4, 3]" in changed["forward"].message, "'on the two-layer network [5, 4, 3]'"
assert "ReLU after every layer but the last, softmax after the last" in changed["forward"].message
assert changed["backward"].message.startswith("first fix forward:"), "'backward is told to fix forward first'"

# %% [markdown]
# ## Next: why the first network learns so slowly
#
# Your network can now have any depth, and its gradients are checked. But the learning curve
# above shows the original network wasting its first couple of hundred steps, and its 6,000
# full-batch steps are slow on the full data (the table gives the time). The deep network shows
# the cause at its starkest: under $0.01 \times \mathcal{N}(0, 1)$, each layer passes down about
# $1/8.8$ of the gradient it receives. Lesson 5 measures the logits' spread and the gradient of
# $W_1$ of 784-70-10, explains that factor ($0.01 \sqrt{256 / 2} = 0.113$ for layers of 256 ReLU
# units), and derives the initialisation, He's, that makes it 1 and gives every layer a useful
# scale from the first step.
