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
#
# *[Download this page as a notebook](../lesson4_softmax.ipynb).
# Write the code in `exercises/lesson4_softmax.py`, then run `course check 4`.*
#
# ## Why: ten classes, and boundaries that bend
#
# Lesson 3 trained logistic regression to tell T-shirts from trousers: one score per image, one
# probability. Fashion-MNIST has ten classes, so the model needs ten scores per image and a rule
# that turns them into ten probabilities that sum to 1. That rule is the **softmax**, and its loss
# is the **cross-entropy**; with two classes they reduce to lesson 2's sigmoid and log loss.
#
# Ten weighted sums of pixels are still a *linear* model: it can only separate classes by flat
# boundaries, and a shirt and a T-shirt are not separated by any flat boundary in pixel space.
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
import numpy as np

from fashion_course import data, pages
from fashion_course.figures import lesson4 as fig4

L1, L3, L4 = (pages.reference(n) for n in (1, 3, 4))

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
# logits underflow to probability 0, which is the right answer to float precision.)

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
# and with $C = 2$ it *is* the log loss. A model that is certain and wrong has $P_{i, y_i} = 0$
# and an infinite loss, so `cross_entropy` clips $P$ from below at the dtype's machine epsilon
# before the log, exactly as lesson 2 did.
#
# **A sanity check you get for free:** a network that has learned nothing gives every class
# probability $1/C$, so its loss is $-\log(1/C) = \log C$; for ten classes, $\log 10 = 2.303$.
# Measure it before training; if the first cost is far from it, something is wrong before the
# first step.
#
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


def fit(layer_dims, steps=2000, lr=0.5):
    params = L4.init_params(layer_dims, np.random.default_rng(1), scale=0.5, dtype=np.float64)
    for _ in range(steps):
        P, cache = L4.forward(X_ring, params)
        L4.sgd_step(params, L4.backward(Y_ring, params, cache), lr)
    return params


def classes_of(params):
    return lambda points: L4.forward(points, params)[0].argmax(axis=1)


linear, relu_net = fit([2, 2]), fit([2, 16, 2])
for name, params in (("no hidden layer", linear), ("16 ReLU units", relu_net)):
    accuracy = np.mean(classes_of(params)(X_ring) == y_ring)
    print(f"{name}: training accuracy {accuracy:.2f}")

# %% tags=["hide-input"]
pages.figure(
    (
        fig4.decision_regions(X_ring, y_ring, classes_of(linear), "no hidden layer"),
        fig4.decision_regions(X_ring, y_ring, classes_of(relu_net), "16 ReLU units"),
    ),
    "The class each model gives every point of the plane (shaded), with the training points (a blue disc "
    "inside an orange ring). A linear model can only cut the plane with a straight line; "
    "16 ReLU units bend the boundary around the disc.",
)

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
#
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
#
# ### Checking it
#
# `numerical_gradient` from lesson 3 checks every parameter of every layer. In float64, on a
# random network of depth 3:

# %%
rng = np.random.default_rng(1)
params = L4.init_params([6, 5, 4, 3], rng, scale=1.0, dtype=np.float64)
X, Y = rng.normal(size=(8, 6)), np.eye(3)[rng.integers(0, 3, 8)]
grads = L4.backward(Y, params, L4.forward(X, params)[1])
for key in params:
    loss = lambda value, key=key: L4.cross_entropy(L4.forward(X, {**params, key: value})[0], Y)  # noqa: E731
    numeric = L3.numerical_gradient(loss, params[key])
    error = np.max(np.abs(grads["d" + key] - numeric)) / np.max(np.abs(grads["d" + key]) + np.abs(numeric))
    print(f"d{key}: relative error {error:.1e}")

# %% [markdown]
# The grader runs the same check on networks of depth 1 to 3 and names the first wrong layer,
# from the top down. A backward pass that gets the first layer wrong (here scaled by 1.5) is
# caught there, with the layers above it confirmed right:

# %% tags=["hide-input"]
pages.grader_says(
    4,
    "_reference_backward = backward\n"
    "def backward(Y, params, cache):\n    grads = _reference_backward(Y, params, cache)\n"
    "    grads['dW1'] = grads['dW1'] * 1.5\n    return grads",
)

# %% [markdown]
# A ReLU backward that takes its mask from the incoming gradient instead of from $Z$:

# %% tags=["hide-input"]
pages.grader_says(4, "def relu_backward(dA, Z):\n    return dA * (dA > 0)")

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
# The first cost is $\log 10$, as a network that knows nothing should have. The second and
# third lines say why: the logits barely differ (a standard deviation of about 0.005), so $P$ is
# the uniform $0.1$ (the left end of the softmax figure). Now the other classic check: **overfit a
# handful of images.** Twenty images and 55,660 parameters: a correct network must drive the cost
# on them towards zero. If it cannot, the bug is in the code, not in the difficulty of the data.

# %%
X20, Y20 = X[:20], Y[:20]
params = L4.init_params([784, 70, 10], np.random.default_rng(0))
for step in range(301):
    P, cache = L4.forward(X20, params)
    if step % 100 == 0:
        print(f"step {step}: cost {L4.cross_entropy(P, Y20):.4f}")
    L4.sgd_step(params, L4.backward(Y20, params, cache), lr=0.5)

# %% [markdown]
# ## The original's first network
#
# The original trained 784-70-10 with weights $0.01 \times \mathcal{N}(0, 1)$, full-batch gradient
# descent, learning rate 0.009, for 6,000 steps. Reproduced on the full data, the cost stays near
# $\log 10$ for the first couple of hundred steps before the network starts to learn. The sanity
# checks above hint why: the logits start with a spread of about 0.005, so $P$ is uniform and
# $P - Y$ carries almost no information about *which* wrong class an image resembles; and the gradient
# reaching $W_1$ is $A_0^\top G_1$ with $G_1 = (G_2 W_2^\top) \odot [Z_1 > 0]$, proportional to
# $W_2$, whose entries are about 0.01, so the first layer barely moves. Lesson 5 measures both,
# and fixes the start.

# %% tags=["hide-input"]
pages.results_table("mlp-small-init")

# %% tags=["hide-input"]
pages.learning_curves("mlp-small-init", caption="mlp-small-init on the full data")

# %% [markdown]
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
# </div>
#
# ## Next: why the first network learns so slowly
#
# Your network can now have any depth, and its gradients are checked. But the learning curve
# above shows the original network wasting its first couple of hundred steps, and its 6,000
# full-batch steps are slow on the full data (the table gives the time). Lesson 5 starts where the sanity checks left off: it
# measures the logits' spread and the gradient of $W_1$ under $0.01 \times \mathcal{N}(0, 1)$,
# and derives an initialisation (He's) that gives every layer a useful scale from the first step.
