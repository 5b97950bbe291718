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

# %% [markdown] tags=["site-only"]
# *Work on this lesson in Jupyter: `course init --notebooks` writes it as an exercise notebook,
# `lesson2_logistic_regression.ipynb` ([or download it](../lesson2_logistic_regression.ipynb)), with each function
# to write where this page derives it and a check beside it. Or write the code in
# `lesson2_logistic_regression.py` and run `course check 2`.*

# %% [markdown]
# Lesson 1 left us with a matrix $X$ of shape $(m, n)$, one image per row with $n = 784$ pixel
# values in $[0, 1]$, and labels $y$ of shape $(m,)$: 0 for a T-shirt/top, 1 for a trouser. This
# lesson builds the simplest model that can tell them apart, **logistic regression**, and the
# number that says how wrong it is, the **log loss**. It does not yet train anything (that is
# lesson 3); it builds everything training needs, and makes each piece safe against the
# floating-point traps that a real run walks into: exponentials that overflow, logarithms of
# zero, shapes that broadcast into nonsense.

# %%
import warnings

import numpy as np

from fashion_course import data, pages, plots
from fashion_course.figures import lesson2 as fig2

L1, L2, L3 = (pages.reference(n) for n in (1, 2, 3))
images, labels = data.load("train", data.locate("sample"))
X, y = L1.select_classes(L1.preprocess(images), labels, [0, 1])
print("X:", X.dtype, X.shape, " y:", y.dtype, y.shape)

# %% [markdown]
# ## What you write

# %% tags=["hide-input"]
pages.functions_table(2)

# %% [markdown]
# ## The model: a score, then a probability
#
# Give every pixel $j$ a weight $w_j$, and score an image $x$ (one row of $X$) by adding up its
# pixels, each times its weight, plus a **bias** $b$:
#
# $$z = x \cdot w + b = \sum_{j=1}^{n} x_j w_j + b.$$
#
# A positive weight means "a bright pixel here is evidence for a trouser", a negative one
# "evidence for a T-shirt"; the bias sets the score of a blank image. For all $m$ images at once
# this is one matrix-vector product,
#
# $$z = X w + b, \qquad (m, n)\,(n,) \to (m,),$$
#
# with the one number $b$ added to every entry. A score can be any real number. We want a
# probability $p = P(y = 1 \mid x)$, between 0 and 1.
# Logistic regression takes the score as the **log-odds** of class 1: the odds $p / (1 - p)$ run
# from 0 to $\infty$, their logarithm over all real numbers, so setting
#
# $$\log \frac{p}{1 - p} = z$$
#
# asks nothing impossible of $z$. Solve for $p$: $p = e^{z}(1 - p)$, so $p (1 + e^{z}) = e^{z}$, and
#
# $$p = \frac{e^{z}}{1 + e^{z}} = \frac{1}{1 + e^{-z}} = \sigma(z),$$
#
# the **sigmoid** (or logistic function). It maps 0 to $\frac12$, large positive scores towards
# 1 and large negative ones towards 0, and it is symmetric: $\sigma(-z) = 1 - \sigma(z)$ (multiply
# the top and bottom of $\frac{1}{1 + e^{z}}$ by $e^{-z}$). Its slope, which lesson 3 needs, follows
# from the chain rule:
#
# $$\begin{aligned} \sigma'(z) &= \frac{e^{-z}}{(1 + e^{-z})^2} = \frac{1}{1 + e^{-z}} \cdot \frac{e^{-z}}{1 + e^{-z}} \\ &= \sigma(z)\,\big(1 - \sigma(z)\big). \end{aligned}$$
#
# The slope is largest, $\frac14$, at $z = 0$, and fades to nothing on both sides: where the model
# is already sure, a small change of score barely changes the probability.

# %% tags=["hide-input"]
pages.figure(
    fig2.sigmoid_and_slope(L2.sigmoid), "σ(z) and its slope σ(z)(1 − σ(z)), drawn by the reference sigmoid"
)

# %% [markdown]
# The whole model is $p = \sigma(Xw + b)$, a vector of shape $(m,)$: that is `predict_proba`.
# A worked example small enough to check by hand, with two images of two pixels:
#
# $$X = \begin{bmatrix} 1 & 2 \\ -1 & 0 \end{bmatrix}, \quad w = \begin{bmatrix} 1 \\ -0.5 \end{bmatrix}, \quad b = 0.5.$$
#
# Then
#
# $$z = \begin{bmatrix} 1 - 1 + 0.5 \\ -1 + 0 + 0.5 \end{bmatrix} = \begin{bmatrix} 0.5 \\ -0.5 \end{bmatrix}, \qquad
# p = \begin{bmatrix} \sigma(0.5) \\ \sigma(-0.5) \end{bmatrix}.$$
#
# By the symmetry, the two probabilities add up to 1. The reference code agrees:

# %%
X_toy = np.array([[1.0, 2.0], [-1.0, 0.0]])
w_toy, b_toy = np.array([1.0, -0.5]), 0.5
p_toy = L2.predict_proba(X_toy, w_toy, b_toy)
print("z =", X_toy @ w_toy + b_toy, " p =", p_toy.round(4))

# %% [markdown]
# ### What the model can draw
#
# Where is $p = \frac12$? Exactly where $z = 0$, that is where $x \cdot w + b = 0$: a straight
# line in two dimensions, a flat plane (a *hyperplane*) in 784. On one side the model says "more
# likely a trouser", on the other "more likely a T-shirt", and the probability changes only as
# you move across the line, in the direction of $w$. That is all a linear model can do: cut the
# space of images in two with one flat cut.
#
# To see it, describe each sample image by just two numbers: the share of pixel row 6 that is
# lit (T-shirts have sleeves, so that row is wide), and the mean brightness of a strip between
# where trouser legs would be. With $n = 2$, $w$ has two entries and the cut is a line. The
# $w$ and $b$ below come from lesson 3's gradient descent; here they only serve to draw the model.

# %%
rows = X.reshape(-1, 28, 28)
width = (rows[:, 6, :] > 0.2).mean(axis=1)  # share of row 6 lit
gap = rows[:, 18:, 13:15].mean(axis=(1, 2))  # between the legs
F = np.stack([width, gap], axis=1)  # (m, 2)
w2, b2, _ = L3.gradient_descent(F, y, lr=5.0, steps=2000, log_every=2000)
print("w =", w2.round(2), " b =", round(b2, 2))
print("train accuracy:", L2.accuracy(L2.predict(F, w2, b2), y))

# %% tags=["hide-input"]
pages.figure(
    fig2.decision_boundary(
        F,
        y,
        w2,
        b2,
        L2.sigmoid,
        ["share of row 6 that is lit", "brightness between the legs"],
        data.CLASS_NAMES[:2],
    ),
    "Two features of the sample's T-shirts and trousers, and a logistic model of them: the shading is p, the line p = 1/2",
)

# %% [markdown]
# Both weights are negative: a wide top row and a lit gap are both evidence *against* a
# trouser, so the probability of a trouser grows towards the lower left. About one image in ten
# sits on the wrong side of the line (the accuracy printed above): two numbers are not enough.
# With all 784 pixels the model has far more to work with,
# and lesson 3 finds a cut that separates nearly all of the full data's T-shirts and trousers
# (the table at the end of this page).

# %% [markdown]
# ## A sigmoid that never overflows
#
# Computed as written, $\frac{1}{1 + e^{-z}}$ evaluates $e^{-z}$, which for $z = -1000$ is
# $e^{1000}$: far past the largest float64 (about $e^{709}$; float32 stops near $e^{88}$). The
# intermediate becomes infinity and NumPy warns. The answer, $1 / \infty = 0$, happens to come out
# right, but a warning on every batch hides real problems, and the same overflow elsewhere gives
# `nan`. The cure is to exponentiate only numbers that are $\le 0$. Write $e = e^{-|z|}$, which is
# always in $(0, 1]$:
#
# - for $z \ge 0$, $e^{-z} = e$, so $\sigma(z) = \dfrac{1}{1 + e}$;
# - for $z < 0$, multiply the top and bottom of $\frac{1}{1 + e^{-z}}$ by $e^{z} = e$:
#   $\sigma(z) = \dfrac{e}{e + 1}$.
#
# Both forms are the same function; each is used where it is safe.

# %%
z = np.array([-1e4, -800.0, -30.0, 0.0, 30.0, 800.0, 1e4])
with warnings.catch_warnings(record=True) as caught, np.errstate(over="warn"):
    warnings.simplefilter("always")
    naive = 1 / (1 + np.exp(-z))
print("naive: ", " ".join(f"{v:.3g}" for v in naive))
print("ours:  ", " ".join(f"{v:.3g}" for v in L2.sigmoid(z)))
print("warned:", "; ".join(str(w.message) for w in caught))

# %% [markdown]
# The grader feeds your sigmoid scores up to $\pm 10^4$ and listens for that warning:

# %% tags=["hide-input"]
pages.grader_says(2, "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))")

# %% [markdown]
# A stable sigmoid still rounds. Once $e^{-z}$ is smaller than half the gap between 1 and the next
# number the dtype can store, $1 + e^{-z}$ *is* 1, and $\sigma(z)$ returns exactly 1. In float32
# that happens already at $z = 17$; in float64 near $z = 37$:

# %%
for dtype, zs in ((np.float32, (16, 17)), (np.float64, (36, 37))):
    print(np.dtype(dtype), [bool(L2.sigmoid(dtype(v)) == 1) for v in zs])

# %% [markdown]
# Do trained models score that far? The model lesson 3 trains on the full data with its tuned
# learning rate (saved by `course plots`) already comes close on the sample's T-shirts and
# trousers:

# %%
w_tuned, b_tuned = pages.results()["binary-tuned"].model  # (784,) and a number, trained on the full data
tuned_scores = X @ w_tuned.astype(np.float32) + b_tuned  # (500,)
print(f"tuned model's scores on the sample: from {tuned_scores.min():.1f} to {tuned_scores.max():.1f}")

# %% [markdown]
# Its scores run from $-20.1$ to 15.8, and a more confident model goes further: lesson 1's run on
# raw bytes sent its scores into the thousands, where almost every $p$ was an exact 0 or 1. So
# $p$ *will* hold exact 1s (and exact 0s), and the loss must survive them. (Why 17 in float32: the
# float32 numbers around 1 are drawn further down, beside the loss's clip, which meets the same
# rounding.)

# %% tags=["exercise"]
# exercise: sigmoid

# %% tags=["exercise"]
# exercise: predict_proba

# %% [markdown]
# ## The loss: how surprised the model is
#
# Which $w$ and $b$ are good? The model claims that image $i$ is a trouser with probability $p_i$.
# The label $y_i$ is one draw of a coin that comes up 1 with probability $p_i$ (a **Bernoulli**
# variable), so the model gives the label it actually sees the probability
#
# $$\begin{aligned} P(y_i \mid x_i) &= p_i^{\,y_i}\,(1 - p_i)^{1 - y_i} \\ &= \begin{cases} p_i & \text{if } y_i = 1, \\ 1 - p_i & \text{if } y_i = 0. \end{cases} \end{aligned}$$
#
# Treating the examples as independent, the probability of all $m$ labels is the product
# $\prod_i P(y_i \mid x_i)$, the **likelihood**. Good parameters make it large. A product of
# thousands of numbers below 1 underflows to 0, so take its logarithm, which turns the product
# into a sum and keeps the same maximiser. Flip the sign, so that good means small, and divide by
# $m$, so that the loss does not grow with the size of the data set and one learning rate suits
# any $m$:
#
# $$\begin{aligned} J(w, b) = -\frac{1}{m} \sum_{i=1}^{m} \Big[ & y_i \log p_i \\ & + (1 - y_i) \log (1 - p_i) \Big], \end{aligned}$$
#
# where $p = \sigma(Xw + b)$. This is the **log loss** (binary cross-entropy): the average, over
# the examples, of minus the logarithm of the probability the model gave the true label, the
# model's *surprise*. Here $p$ and
# $y$ have shape $(m,)$, the bracket is computed elementwise, and $J$ is one number. A perfect,
# confident model has $J = 0$; a model that says $\frac12$ to everything has $J = \log 2$; a
# model that is sure and wrong pays without limit.
#
# On the worked example, with $y = [1, 0]$: the first image is a 1 and got $p_1 = \sigma(0.5)$;
# the second is a 0 and got $1 - p_2 = 1 - \sigma(-0.5) = \sigma(0.5)$. Both terms are
# $-\log \sigma(0.5) = \log(1 + e^{-0.5}) \approx 0.474$, and so is their mean:

# %%
y_toy = np.array([1, 0])
print("J =", round(L2.log_loss(p_toy, y_toy), 4))
print("log(1 + e^-0.5) =", round(np.log1p(np.exp(-0.5)), 4))

# %% [markdown]
# ### Why not the squared error?
#
# The squared error $\frac12 (p - y)^2$ also measures how far $p$ is from $y$. It learns badly
# with a sigmoid, and the slopes show why. Lesson 3 trains by following the slope of the loss with
# respect to the score $z$. By the chain rule, with $\frac{\partial p}{\partial z} = p(1 - p)$:
#
# - squared error: $\dfrac{\partial}{\partial z} \tfrac12 (p - y)^2 = (p - y)\, p\, (1 - p)$;
# - log loss, for $y = 1$: $\dfrac{\partial}{\partial z} \big(-\log p\big) = -\dfrac{p(1 - p)}{p} = p - 1$;
# - log loss, for $y = 0$: $\dfrac{\partial}{\partial z} \big(-\log(1 - p)\big) = \dfrac{p(1 - p)}{1 - p} = p$.
#
# For either label the log loss's slope is $p - y$: its $\log$ cancels the sigmoid's
# $p(1 - p)$. The squared error keeps it, and
# $p(1 - p)$ vanishes exactly where the model is confidently *wrong*: an image of class 1 that the
# model scores at $z = -6$ has $p \approx 0.0025$, and the squared error barely pushes:

# %%
p6 = L2.sigmoid(np.float64(-6.0))
print(f"p = {p6:.4f}")
print(f"log loss slope:      {p6 - 1:.4f}")
print(f"squared error slope: {(p6 - 1) * p6 * (1 - p6):.4f}")

# %% tags=["hide-input"]
pages.figure(
    fig2.loss_and_slope(L2.sigmoid),
    "One example of class 1: the two losses against its score z, and their slopes with respect to z",
)

# %% [markdown]
# The log loss pushes hardest when the model is most wrong, and its slope with respect to $z$
# is simply $p - y$, which lesson 3 turns into the whole gradient. It has one more virtue: as a
# function of $w$ and $b$ it is **convex**, bowl-shaped with no false bottoms. Its second
# derivative with respect to $z$ is $p(1 - p) > 0$ for either label, and $z$ is a linear function
# of $(w, b)$, so every slice through $J$ curves upward. The squared error with a sigmoid is not
# convex: its flat stretches on the wrong side are exactly where descent stalls.

# %% tags=["claim"]
z_grid = np.linspace(-8.0, 8.0, 1601)  # (1601,) scores of an example whose label is 1
step = z_grid[1] - z_grid[0]
squared = 0.5 * (L2.sigmoid(z_grid) - 1) ** 2
log_loss_1 = np.logaddexp(0.0, -z_grid)  # -log σ(z)
assert np.min(np.diff(squared, 2)) / step**2 < -0.01, "the squared error with a sigmoid is not convex"
assert np.min(np.diff(log_loss_1, 2)) > 0, "every slice through the log loss curves upward"

# %% [markdown]
# ## A loss that never returns infinity
#
# We saw that $p$ can hold exact 0s and 1s. A confident mistake then costs $-\log 0 = \infty$,
# and one infinite term makes the mean infinite and every comparison of losses meaningless.
# **Clip** $p$ into $[c, 1 - c]$ for some small $c$ before taking logarithms; then no single
# example can cost more than $-\log c$.
#
# The clip must suit the dtype. The usual $c = 10^{-12}$ fails in float32: $1 - 10^{-12}$
# rounds back to exactly 1, so the clip does nothing at the top. To see why, and why the sigmoid
# gave exactly 1 at $z = 17$, look at the float32 numbers around 1. NumPy finds them:
# `np.nextafter(x, toward)` is the next float32 after `x` in the direction of `toward`, and
# `np.spacing(x)` the gap from `x` up to the next one. The dtype's **machine epsilon**,
# `np.finfo(np.float32).eps` $= 2^{-23}$, written $\varepsilon$, is the gap just above 1:

# %%
one = np.float32(1)
eps = np.finfo(np.float32).eps
below = np.nextafter(one, np.float32(0))  # the largest float32 below 1
print(f"eps = 2**-23 = {eps:.4g}")
print(f"gap above 1: np.spacing(1) = {np.spacing(one):.4g}, eps")
print(f"gap below 1: 1 - np.nextafter(1, 0) = {one - below:.4g}, eps / 2")
for z_big in (16, 17):
    e = np.exp(np.float32(-z_big))
    print(
        f"z = {z_big}: e^-z = {e:.3g}, (1 + e^-z) - 1 = {(one + e) - one:.4g},"
        f" 1 - sigmoid(z) = {one - L2.sigmoid(np.float32(z_big)):.4g}"
    )
print("exact sigmoid(17), rounded to float32: 1 -", f"{1 - np.float32(1 / (1 + np.exp(-17.0))):.4g}")
print("1 - 1e-12 in float32:", np.float32(1) - np.float32(1e-12))
print("1 - eps/2 is the float32 below 1:", one - eps / 2 == below)
print("1 - eps/4 rounds to 1:", one - eps / 4 == one)

# %% tags=["hide-input"]
pages.figure(
    fig2.float32_near_one(L2.sigmoid, clip=1 - eps),
    "The float32 numbers around 1 (dots; the axis is x − 1 in units of ε = 2⁻²³) and where nearby real"
    " numbers round (arrows). Top: the float32 sigmoid at z = 16 and 17. Bottom: the log loss's clip."
    " Every real number in the shaded band rounds to 1.",
)

# %% [markdown]
# Above 1 the float32 numbers are $\varepsilon$ apart; below 1 they are only $\varepsilon/2$
# apart, because there the exponent is one smaller and the same 23 bits of fraction cover half the
# range. A result rounds to the nearest of them, so every real number from $1 - \varepsilon/4$ to
# $1 + \varepsilon/2$, the shaded band, becomes exactly 1.
#
# - **The sigmoid.** It computes $1 + e^{-z}$ first. At $z = 17$,
#   $e^{-17} \approx 4.1 \times 10^{-8}$ is less than $\varepsilon/2 \approx 6.0 \times 10^{-8}$:
#   the denominator is exactly 1, and so is $\sigma(17)$. At $z = 16$,
#   $e^{-16} \approx 1.1 \times 10^{-7}$ rounds the denominator up to $1 + \varepsilon$, and
#   $1 / (1 + \varepsilon)$ lands on $1 - \varepsilon$. The exact
#   $\sigma(17) \approx 1 - 4.1 \times 10^{-8}$ lies just outside the band, and alone would round
#   to $1 - \varepsilon/2$: the 1 comes from rounding the denominator.
# - **The clip.** $1 - 10^{-12}$ lies deep inside the band, so clipping to it leaves an exact 1
#   in $p$. The largest float32 below 1 is $1 - \varepsilon/2$, so $c = \varepsilon/2$ is the
#   smallest clip that works: clipping $p$ into $[\varepsilon/2, 1 - \varepsilon/2]$ keeps every
#   logarithm finite, while for $c \le \varepsilon/4$, $1 - c$ rounds back to 1.
#
# The reference `log_loss` clips with $c = \varepsilon$, `np.finfo(p.dtype).eps`, the machine
# epsilon of whatever dtype $p$ has: $1 - \varepsilon$ is a float32 too, one step further from 1
# than it need be, and just as safe. The choice only sets how much one confident mistake can
# cost: at most $-\log \varepsilon$ with the reference's clip, $-\log(\varepsilon/2)$ with the
# tightest. (The bottom needs its clip too, since $p$ can be exactly 0, but nothing rounds there:
# float32 holds numbers far smaller than $\varepsilon$, so any small positive $c$ would do, and
# $c = \varepsilon$ makes the cost of a confident mistake the same at both ends.)

# %%
p = np.array([1.0, 0.0, 1.0], dtype=np.float32)
y3 = np.array([1, 0, 0])
print("loss:", round(L2.log_loss(p, y3), 2))
for dtype in (np.float32, np.float64):
    print(np.dtype(dtype), "cap per example:", round(-np.log(np.finfo(dtype).eps), 2))
print("float32 cap with the tightest clip:", round(-np.log(np.finfo(np.float32).eps / 2), 2))

# %% [markdown]
# The loss is finite: the one confident mistake of the three costs the reference's float32 cap,
# $-\log \varepsilon \approx 15.94$, the two confident hits cost almost nothing, and the mean is a
# third of the cap, 5.31. With the tightest clip the cap would be 16.64.

# %% [markdown]
# Two smaller points make the same function exact. $\log(1 - p)$ for a tiny $p$ loses digits,
# because $1 - p$ rounds; `np.log1p(-p)` computes it directly. And the function returns a
# Python `float`, one number, whatever the dtype of $p$ and $y$ (lesson 3 passes both in float32).
#
# The grader checks each of these: an unclipped loss, and a float32-blind clip:

# %% tags=["hide-input"]
pages.grader_says(
    2, "def log_loss(p, y):\n    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))"
)

# %% tags=["hide-input"]
pages.grader_says(
    2,
    "def log_loss(p, y):\n    p = np.clip(p, 1e-12, 1 - 1e-12)\n"
    "    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))",
)

# %% tags=["exercise"]
# exercise: log_loss

# %% [markdown]
# ## Where training starts
#
# Training (lesson 3) walks downhill on $J$ from some starting $w$ and $b$. `init_zeros` starts
# from $w = 0$ and $b = 0$. Then every score is 0, every $p$ is $\frac12$, and the loss is
# exactly $-\log \frac12 = \log 2 \approx 0.693$, whatever the data. That is the first
# **sanity check** of any training run: if the cost logged before the first step is not $\log 2$
# (or, for ten classes, $\log 10 \approx 2.303$), something is wrong before learning even begins.

# %%
w0, b0 = L2.init_zeros(X.shape[1])
p0 = L2.predict_proba(X, w0, b0)
print("loss at zero:", round(L2.log_loss(p0, y), 6), "log 2 =", round(np.log(2), 6))
print("dtypes:", w0.dtype, type(b0).__name__, "->", p0.dtype)

# %% [markdown]
# Starting every weight at zero is safe here, for **two separate reasons**, and it is worth
# keeping them apart because lessons 4 and 5 need each one on its own:
#
# 1. **The loss is convex** (shown above). Gradient descent, with a learning rate that is not too
#    large, reaches the same lowest cost from any start, so no start is "unlucky". The start
#    only changes how long it takes.
# 2. **There is no symmetry to break**, because the model has a single unit. Each weight gets its
#    own gradient, which lesson 3 derives as $\frac{\partial J}{\partial w_j} = \frac1m \sum_i x_{ij}(p_i - y_i)$:
#    it depends on pixel $j$'s own values, so weights that start equal move apart at once.
#
# Neither reason implies the other. A network with a hidden layer (lesson 4) is not convex, and
# if all its hidden units start with the same weights they compute the same thing, receive the
# same gradient and stay copies of each other forever: that is the symmetry random initialisation
# breaks. Here, after one gradient step from zero, the 784 weights already hold many different
# values:

# %%
dw, db = L3.logistic_gradients(X, y.astype(X.dtype), w0, b0)
dark = np.all(X == 0, axis=0)  # (784,) True for the pixels that are 0 in all 500 images
print("distinct values in dw's 784:", np.unique(dw).size)
print("pixels 0 in all 500 images:", dark.sum(), " their gradients:", np.unique(dw[dark]))
print("distinct values among the other", (~dark).sum(), "pixels' gradients:", np.unique(dw[~dark]).size)

# %% tags=["claim"]
single = np.flatnonzero(np.sum(X > 0, axis=0) == 1)  # the pixels lit in exactly one image
assert np.unique(dw[single]).size < single.size, "two pixels lit equally in one image each share a value"

# %% [markdown]
# The 24 pixels that are 0 in all 500 of these images get gradient 0 and share that value: no
# image gives them any evidence. A few of the others share a value by coincidence (two pixels lit
# equally in one image each, say), which is why 760 pixels give only 742 distinct values.
#
# The dtypes matter too. $w$ is `float32`, so `X @ w` stays in single precision. $b$ is the
# Python float `0.0`: a Python number added to a float32 array keeps float32, while a NumPy
# float64 scalar promotes the scores, and everything after them, to float64. That is NumPy 2's
# rule for scalars (NEP 50, which the course requires: `numpy>=2`): a Python number is *weak* and
# takes the array's dtype, while a NumPy scalar has a dtype of its own, and the wider of the two
# wins. NumPy 1.x looked at a scalar's value instead, and kept float32 in both cases. With the
# NumPy this page runs on:

# %%
print("NumPy", np.__version__)
print("float32 + 0.0:         ", (p0 + 0.0).dtype)
print("float32 + np.float64(0):", (p0 + np.float64(0)).dtype)

# %% tags=["claim"]
assert int(np.__version__.split(".")[0]) >= 2, "the page teaches NumPy 2's promotion rules (NEP 50)"
assert (p0 + 0.0).dtype == np.float32 and (p0 + np.float64(0)).dtype == np.float64, "NEP 50's promotion"

# %% tags=["exercise"]
# exercise: init_zeros

# %% [markdown]
# ## From probabilities to decisions
#
# `predict` turns probabilities into labels: 1 where $p \ge$ the threshold, else 0. At the default
# threshold $\frac12$: $\sigma$ only grows and $\sigma(0) = \frac12$, so $p \ge \frac12$ exactly
# when $z \ge 0$, the side of the line the image lies on (up to rounding: in float32 a score just
# below 0, such as $-10^{-8}$, gives $p = \frac12$ exactly and counts as 1). Other thresholds
# trade one kind of mistake for the other: a threshold of 0.9 says "trouser" only when very sure,
# so it misses more trousers and mislabels fewer T-shirts.
#
# `accuracy` is the fraction of predictions that match the labels,
# $\frac{1}{m} \sum_i [\hat y_i = y_i]$, where $[\cdot]$ is 1 when true and 0 when false. It is
# what we report, but not what we train on: changing $w$ a little changes no prediction at all
# unless some image crosses the line, so accuracy is flat almost everywhere and its slope says
# nothing. The log loss moves with every change of every $p$.
#
# A classic trap: a label column of shape $(m, 1)$ compared with a row of shape $(m,)$
# broadcasts to an $(m, m)$ table of every prediction against every label, and its mean is
# nonsense, with no error raised:

# %% tags=["claim"]
assert L2.sigmoid(np.float32(-1e-8)) == 0.5, "in float32 a score of -1e-8 gives p = 1/2 exactly"

# %%
y_pred = np.array([[1], [0], [1], [0]])  # (4, 1)
y_true = np.array([1, 0, 0, 0])  # (4,)
print("shape of ==:", (y_pred == y_true).shape)
print("wrong:", np.mean(y_pred == y_true), " right:", L2.accuracy(y_pred, y_true))

# %% [markdown]
# On the worked example, $p = [0.62, 0.38]$ gives the predictions $[1, 0]$, both right. And on
# the sample, before any training, $p = \frac12$ everywhere, so `predict` says 1 for every image
# and the accuracy is the share of trousers, the chance baseline of lesson 1:

# %%
print("toy:", L2.predict(X_toy, w_toy, b_toy), L2.accuracy(L2.predict(X_toy, w_toy, b_toy), y_toy))
print("sample at zero:", L2.accuracy(L2.predict(X, w0, b0), y))

# %% [markdown]
# The grader catches a `predict` that uses `>` (so $p = \frac12$ exactly gives 0) and an
# `accuracy` that broadcasts:

# %% tags=["hide-input"]
pages.grader_says(
    2, "def predict(X, w, b, threshold=0.5):\n    return (predict_proba(X, w, b) > threshold).astype(int)"
)

# %% tags=["hide-input"]
pages.grader_says(2, "def accuracy(y_pred, y_true):\n    return float(np.mean(y_pred == y_true))")

# %% tags=["exercise"]
# exercise: predict

# %% tags=["exercise"]
# exercise: accuracy

# %% [markdown]
# ## The original challenge: what the trained model looks at
#
# Lesson 3 trains this model on the full data's 12,000 T-shirts and trousers with the original's
# settings: zero start, learning rate 0.009, 2,000 steps of gradient descent. The original
# reported 98&nbsp;% test accuracy and cost 0.075; the reproduction, as saved by `course plots`:

# %% tags=["hide-input"]
pages.results_table("binary")

# %% [markdown]
# Each of the 784 weights says how much a bright pixel there pushes towards *Trouser* (red) or
# *T-shirt/top* (blue), so the weights can be drawn as an image: the gap between the legs and
# the sleeves, the same two clues as the figure above, found by the model on its own.

# %% tags=["hide-input"]
pages.figure(
    plots.weights(pages.results()),
    "The 784 weights of the T-shirt/top against Trouser model (full data), each drawn at the pixel it"
    " weighs: red pushes towards Trouser, blue towards T-shirt/top",
)

# %% [markdown]
# ## Check yourself
#
# <details class="question"><summary>What is $\sigma(0)$, and what is $\sigma(2) + \sigma(-2)$? What is the largest slope of $\sigma$?</summary>
#
# $\sigma(0) = \frac{1}{1 + 1} = \frac12$. By the symmetry $\sigma(-z) = 1 - \sigma(z)$, the sum
# is exactly 1. The slope $\sigma(1 - \sigma)$ is largest, $\frac12 \cdot \frac12 = \frac14$, at
# $z = 0$.
#
# </details>
#
# <details class="question"><summary>A model gives $p = 0.9$ to a trouser ($y = 1$) and $p = 0.9$ to a T-shirt ($y = 0$). What is the log loss of each, and of both?</summary>
#
# The trouser costs $-\log 0.9 \approx 0.105$; the T-shirt costs $-\log(1 - 0.9) = -\log 0.1 \approx 2.303$.
# The loss of both is their mean, about 1.204. One confident mistake costs more than twenty
# times what a confident hit does.
#
# </details>
#
# <details class="question"><summary>Your log loss in float32 returns <code>inf</code> even though you clip at $10^{-12}$. Why?</summary>
#
# In float32, $1 - 10^{-12}$ rounds to exactly 1, so clipping to $[10^{-12}, 1 - 10^{-12}]$ leaves
# an exact 1 in $p$ untouched, and $\log(1 - 1) = -\infty$ for an example with $y = 0$. Take
# the clip from the dtype, as the reference does: `np.finfo(p.dtype).eps`, about
# $1.2 \times 10^{-7}$ in float32. Half of it, the gap just below 1, is the smallest that works.
#
# </details>
#
# <details class="question"><summary>Is starting at zero fine because the loss is convex? Would it be fine for a network with a hidden layer?</summary>
#
# Convexity is one reason (any start reaches the same minimum). The other, separate, is that
# logistic regression has a single unit, so there is no symmetry: each weight's gradient depends
# on its own pixel. A hidden layer started at zero has neither: its loss is not convex, and its
# identical units get identical gradients and never become different. Lessons 4 and 5 start
# networks from random weights for that reason.
#
# </details>
#
# <details class="question"><summary>With $w = 0$ and $b = 0$, on a data set with 30&nbsp;% trousers, what are the loss and the accuracy?</summary>
#
# Every $p$ is $\frac12$, so the loss is $\log 2 \approx 0.693$ whatever the labels, and every
# prediction is 1 (because $\frac12 \ge \frac12$), so the accuracy is the share of trousers, 0.30.
#
# </details>
#
# <details class="question"><summary>Why train on the log loss and report accuracy, rather than train on accuracy directly?</summary>
#
# Accuracy only changes when an image crosses the line $z = 0$, so for almost every small change
# of $w$ it does not change at all: its slope is zero and gives gradient descent no direction.
# The log loss changes smoothly with every probability and its slope is $p - y$.
#
# </details>

# %% [markdown]
# <div class="admonition example"><p class="admonition-title">Try it</p>
#
# A model needs no training to beat chance. With your own functions, take the sample's T-shirts
# and trousers as above, compute the mean image of each class, $\mu_0$ and $\mu_1$ (shape
# $(784,)$ each), and set $w = \mu_1 - \mu_0$ and $b = -w \cdot (\mu_0 + \mu_1) / 2$: an image
# then scores positive when it is closer to the mean trouser than to the mean T-shirt. What are
# its accuracy and its log loss on the sample's test images? Which of the two numbers is the
# better news, and why might the log loss disappoint even when the accuracy is good?
#
# <details class="question"><summary>What you should see</summary>
#
# The sample's test set holds 200 T-shirts and trousers (`data.load("test", data.locate("sample"))`,
# then `preprocess` and `select_classes` as above). The mean-image model gets 182 of them right,
# an accuracy of 0.91 (0.928 on the 500 training images), far above the chance baseline of 0.5.
# Its log loss is 0.447: below the 0.693 of $w = 0$, but not by much.
#
# The accuracy is the better news. The log loss disappoints because nothing chose the *size* of
# $w = \mu_1 - \mu_0$: its scores are large (half the test images have $|z|$ above 22), so the
# model is nearly certain of every answer, its mistakes included. Its 18 mistakes cost 4.9 each
# on average, up to 9.2, and make 99&nbsp;% of the loss. Multiply $w$ and $b$ by 0.2: every score
# shrinks, no prediction changes (the accuracy stays 0.91), and the log loss falls to 0.165. The
# log loss judges the probabilities, the accuracy only their side of one half. Lesson 3's
# gradient descent chooses the direction and the size of $w$ together: 200 steps at learning
# rate 0.5 reach a test accuracy of 0.975 and a test log loss of 0.056.
#
# </details>
#
# </div>

# %% [markdown]
# ## Next: finding $w$ and $b$
#
# You can now score images, turn scores into probabilities without overflow, measure how wrong
# those probabilities are without ever returning infinity, and count right answers. What is
# missing is the step from a loss to better parameters: a hand-made $w$ can beat chance, but the
# best of the endless possible $w$ has to be *found*. Lesson 3 derives the gradient of $J$ (its
# slope in all 785 directions at once), checks it numerically, and walks downhill from zero to the
# result in the table above.
