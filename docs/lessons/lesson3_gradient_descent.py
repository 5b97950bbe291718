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
# # Lesson 3: gradient descent

# %% [markdown] tags=["site-only"]
# *Work on this lesson in Jupyter: `course init --notebooks` writes it as an exercise notebook,
# `lesson3_gradient_descent.ipynb` ([or download it](../lesson3_gradient_descent.ipynb)), with each function
# to write where this page derives it and a check beside it. Or write the code in
# `lesson3_gradient_descent.py` and run `course check 3`.*

# %% [markdown]
# ## Why: a model that cannot learn yet
#
# Lesson 2 built logistic regression: for each image $x$ (a row of $n = 784$ pixels) the model
# computes a score $z = x \cdot w + b$ and a probability $p = \sigma(z)$ that the image is a
# trouser rather than a T-shirt. It also built the log loss $J(w, b)$, the mean over the $m$
# training images of $-\big[y \log p + (1 - y) \log(1 - p)\big]$, which is small when the model
# gives high probability to the right answer. With $w = 0$ and $b = 0$ every $p$ is $\tfrac12$
# and $J = \log 2 \approx 0.693$, whatever the data.
#
# This lesson finds weights that make $J$ small. There are 785 numbers to choose, far too many to
# search, so we need a direction instead: which small change of $w$ lowers $J$ fastest? The
# **gradient** answers it. Its component $\partial J / \partial w_j$ says how fast $J$ changes
# when $w_j$ alone moves. For a small step $\delta$,
#
# $$J(w + \delta) \approx J(w) + \nabla J(w) \cdot \delta,$$
#
# and among all steps of one small length the dot product is most negative when $\delta$ points
# exactly against $\nabla J$. **Gradient descent** takes that step again and again:
#
# $$w \leftarrow w - \alpha\, \frac{\partial J}{\partial w}, \qquad b \leftarrow b - \alpha\, \frac{\partial J}{\partial b},$$
#
# where the **learning rate** $\alpha > 0$ sets the step's length. You will write three
# functions, in the order this page derives them: a numerical gradient that needs no calculus,
# the exact gradient of the log loss (checked against the numerical one), and the training loop.

# %%
import numpy as np

from fashion_course import data, pages
from fashion_course.figures import lesson3 as fig3

L1, L2, L3 = (pages.reference(n) for n in (1, 2, 3))

# %% tags=["hide-input"]
pages.functions_table(3)

# %% [markdown]
# ## Descent on a surface you can see
#
# With 785 parameters the loss is a surface in 786 dimensions. To see what descent does, take a
# problem with two features and no bias, so the loss $J(w_1, w_2)$ is a landscape over a plane.
# The two features are correlated, as neighbouring pixels are, which stretches the valley. The
# loop below is gradient descent written out, using the reference `logistic_gradients`:

# %%
rng = np.random.default_rng(3)
y2 = (rng.random(200) < 0.5).astype(float)
mix = np.array([[1.0, 0.9], [0.0, 0.45]])
X2 = rng.normal(size=(200, 2)) @ mix + np.outer(2 * y2 - 1, [0.5, 0.7])


def descend(lr, steps=40, start=(0.0, 0.0)):
    w = np.array(start, dtype=float)  # (2,)
    visited = [w]
    for _ in range(steps):
        dw, _ = L3.logistic_gradients(X2, y2, w, 0.0)
        w = w - lr * dw
        visited.append(w)
    return np.array(visited)


def cost(w):
    return L2.log_loss(L2.predict_proba(X2, w, 0.0), y2)


paths = {lr: descend(lr) for lr in (0.5, 5, 12)}  # learning rate -> weights visited
costs = {lr: [cost(w) for w in path] for lr, path in paths.items()}
bottom = descend(5, steps=2000)[-1]  # where a long run ends: the bottom of the valley

# %% tags=["hide-input"]
pages.figure(
    (fig3.descent_paths(X2, y2, paths, bottom), fig3.cost_by_learning_rate(costs, cost(bottom))),
    "Left: contours of the log loss of a two-weight model and the first 40 steps of gradient descent "
    "from zero at three learning rates; the star is the bottom of the valley. "
    "Right: the cost after each of those steps.",
)

# %% [markdown]
# Each contour joins weights of equal loss, and the gradient is perpendicular to the contours.
# Three learning rates, three behaviours:
#
# - **Too small** ($\alpha = 0.5$): every step is safe but short. After 40 steps the path has
#   only reached the floor of the valley, far from the bottom, and the cost is still falling slowly.
# - **About right** ($\alpha = 5$): the first step overshoots the floor of the valley and lands on
#   the far wall, though still lower than the start; the path comes back down, and then runs along
#   the floor, nearly to the bottom.
# - **Too large** ($\alpha = 12$): the first step overshoots the floor of the valley and lands on
#   the opposite wall, higher than where it started. From then on the path zigzags across the
#   valley and the cost bounces up and down, never reaching the bottom.
#
# Why a threshold? Close up, a valley looks like a bowl. Near its bottom $w^*$ the loss is, up to
# a constant, $\frac12 (w - w^*)^\top H (w - w^*)$, where $H$ is the matrix of second derivatives
# of $J$; its gradient is $H (w - w^*)$, so one step of gradient descent turns the distance
# $d = w - w^*$ into
#
# $$d \leftarrow d - \alpha H d = (I - \alpha H)\, d.$$
#
# A bowl has **principal axes**: the eigenvectors $v_k$ of $H$, each with its own curvature
# $\lambda_k$, the eigenvalue, which is the second derivative of $J$ along $v_k$. Along an axis,
# $H v_k = \lambda_k v_k$, so one step multiplies the distance by $(1 - \alpha\lambda_k)$ and keeps
# its direction (or reverses it, when $1 - \alpha\lambda_k < 0$: the step overshoots the bottom).
# Along any other direction it does not: write $d$ as a sum of the axes, and each part is
# multiplied by its own factor, so the step turns $d$ as well as shrinking it. The distance shrinks
# along every axis only if $|1 - \alpha\lambda_k| < 1$ for every $k$, that is
# $\alpha < 2 / \lambda_{\max}$. One real step of rate 5, from a point $10^{-3}$ away from the
# bottom of the valley in the figure, along each axis and along the direction $(1, 0)$: the
# factor it multiplies the distance by, and the angle, in degrees, by which it turns it.


# %%
def hessian_at(w):
    """The log loss's second-derivative matrix at w: X^T diag(p(1 - p)) X / m, shape (2, 2)."""
    p = L2.predict_proba(X2, w, 0.0)
    return X2.T @ (X2 * (p * (1 - p))[:, None]) / len(X2)


axes_curvatures, axes = np.linalg.eigh(hessian_at(bottom))  # (2,) smallest first, (2, 2) one axis per column
one_step = {}  # direction -> (factor by which the distance shrinks, angle it turns in degrees)
for label, direction in (("axis 1", axes[:, 0]), ("axis 2", axes[:, 1]), ("(1, 0)", np.array([1.0, 0.0]))):
    d = 1e-3 * direction  # (2,) the distance from the bottom
    moved = descend(5, steps=1, start=bottom + d)[-1] - bottom  # the distance after one step
    cosine = moved @ d / (np.linalg.norm(moved) * np.linalg.norm(d))
    one_step[label] = (
        np.linalg.norm(moved) / np.linalg.norm(d),
        np.degrees(np.arccos(np.clip(cosine, -1, 1))),
    )
    line = f"{label}  {one_step[label][0]:7.4f}  {one_step[label][1]:6.0f}"
    if label.startswith("axis"):
        curvature = axes_curvatures[int(label[-1]) - 1]
        line += f"  {curvature:6.3f}  {abs(1 - 5 * curvature):7.4f}"
    if label == "axis 1":
        print(f"{'':6}  {'factor':>7}  {'turned':>6}  {'λ':>6}  {'|1-5λ|':>7}")
    print(line)

# %% tags=["claim"]
for k, label in enumerate(("axis 1", "axis 2")):
    factor, turned = one_step[label]
    assert abs(factor - abs(1 - 5 * axes_curvatures[k])) < 0.01, (
        f"along {label} the step multiplies by 1 - αλ"
    )
    assert min(turned, 180 - turned) < 1, f"along {label} the step keeps (or reverses) the direction"
assert one_step["axis 1"][1] < 1 and one_step["axis 2"][1] > 179, (
    "the flat axis keeps, the steep one reverses"
)
assert 10 < one_step["(1, 0)"][1] < 170, "along a direction that is no axis, the step turns the distance"

# %% [markdown]
# Along the flat axis the step keeps its direction and shrinks the distance by $1 - 5\lambda$,
# as the bowl predicts; along the steep axis it overshoots, reverses the distance (a turn of 180
# degrees) and shrinks it by $|1 - 5\lambda|$, up to the bowl's small error at this distance.
# Along $(1, 0)$, which is neither axis, the distance turns by 52 degrees: it mixes the two axes,
# and the step shrinks each by its own factor. The steep axis across the valley has the largest
# $\lambda$ and sets the limit; the flat axis along the floor has the smallest and sets how long
# the trip takes.
#
# The curvatures of the log loss are the eigenvalues of its second-derivative matrix
# $H = X^\top \mathrm{diag}\big(p(1 - p)\big) X / m$, and they change from place to place through
# $p(1 - p)$: at $w = 0$ every $p$ is $\tfrac12$ and every $p(1 - p)$ takes its largest value,
# $\tfrac14$, while near the bottom many examples are confidently right and weigh less. Along a
# unit direction $v$ the curvature is
# $v^\top H v = \frac1m \sum_i p_i (1 - p_i) (x_i \cdot v)^2$, never more than at $w = 0$, so no
# curvature anywhere is larger than the largest at the start, $\lambda_{\max}$, and the limit is
# lowest there. That gives a promise the bowl alone does not. Along a step against the gradient
# $g$, $J$ curves by at most $\lambda_{\max}$, so by Taylor's theorem
#
# $$\begin{aligned} J(w - \alpha g) &\le J(w) - \alpha \lVert g \rVert^2 + \tfrac{\alpha^2}{2} \lambda_{\max} \lVert g \rVert^2 \\ &= J(w) - \alpha \big(1 - \tfrac{\alpha \lambda_{\max}}{2}\big) \lVert g \rVert^2, \end{aligned}$$
#
# which is below $J(w)$ whenever $\alpha < 2 / \lambda_{\max}$: a rate below the start's limit
# lowers the cost at every step, wherever the run has got to. (Lesson 1 measured this start limit
# for the real T-shirts and trousers, in "What centring does, measured", and it comes back at the
# end of this page.) At the start, at the bottom, and along the path of rate 5:


# %%
def curvatures_at(w):
    """The eigenvalues of the log loss's second-derivative matrix H at w, smallest first."""
    return np.linalg.eigvalsh(hessian_at(w))


for where, w in (("start", np.zeros(2)), ("bottom", bottom)):
    curvatures = curvatures_at(w)
    ratio, limit = curvatures.max() / curvatures.min(), 2 / curvatures.max()
    print(f"{where:6}  curvatures {curvatures.round(3)}  ratio {ratio:.0f}  2 / λ_max = {limit:.1f}")
along = [2 / curvatures_at(w).max() for w in paths[5][:5]]
print("2 / λ_max after steps 0 to 4 of rate 5:", " ".join(f"{v:.1f}" for v in along))

# %% tags=["claim"]
limit_at_start = 2 / curvatures_at(np.zeros(2)).max()
limits_along = {lr: [2 / curvatures_at(w).max() for w in path] for lr, path in paths.items()}
assert all(min(v) >= limit_at_start - 1e-9 for v in limits_along.values()), "the limit is lowest at the start"
assert min(limits_along[5][1:]) > 5, "from then on the limit stays above 5"
assert np.all(np.diff(costs[0.5]) < 0), "rate 0.5, below the start's limit, lowers the cost at every step"
assert np.linalg.norm(paths[0.5][-1] - bottom) > 0.5 * np.linalg.norm(bottom), "rate 0.5: far from the bottom"
assert costs[5][1] < costs[5][0], "rate 5's first step lands lower than the start"
assert costs[12][1] > costs[12][0], "rate 12's first step lands higher than where it started"
bounces = np.diff(costs[12][-20:])
assert np.all(bounces[:-1] * bounces[1:] < 0), "rate 12: the cost bounces up and down to the end"
assert min(costs[12][-20:]) > cost(bottom) + 0.02, "rate 12 never reaches the bottom"

# %% [markdown]
# Rate 12 is above the limit at the start and at the bottom (9.3), and zigzags for good. Rate 5
# is below the limit at the bottom but above it at the start, 2.8: that is its first step in the
# figure, which overshoots the floor of the valley. The overshoot does not grow, as it would in a
# bowl of one curvature everywhere, because the far wall where the step lands is curved far less:
# there the model is already confident about many images, and the limit is 49.5. From then on
# the limit stays above 5, and the path settles onto the floor and runs along it. (The cost still
# fell at that first step: the overshoot crossed the floor, it did not climb above the start.)
#
# The ratio of the largest to the smallest curvature (the valley's *condition number*, 21 at the
# bottom) is why even the good rate needs many steps: a rate small enough for the steep direction
# crawls along the flat one. Lesson 6 meets this problem again, and fixes it with momentum and
# Adam.
#
# ## Measuring a gradient without calculus
#
# Before deriving anything, here is a way to get the gradient of *any* function
# $f: \mathbb{R}^n \to \mathbb{R}$ by measuring it. Let $e_i$ be the array that is 1 at element
# $i$ and 0 elsewhere. Taylor's theorem expands $f$ along $e_i$:
#
# $$f(x + \varepsilon e_i) = f(x) + \varepsilon f'_i + \tfrac{\varepsilon^2}{2} f''_i + \tfrac{\varepsilon^3}{6} f'''_i + \dots$$
#
# where $f'_i = \partial f / \partial x_i$ is what we want and $f''_i$, $f'''_i$ are the higher
# derivatives along the same direction. Rearranged, the **forward difference** is
#
# $$\frac{f(x + \varepsilon e_i) - f(x)}{\varepsilon} = f'_i + \tfrac{\varepsilon}{2} f''_i + \dots,$$
#
# wrong by a term proportional to $\varepsilon$. Subtract the expansion at $-\varepsilon$ from
# the one at $+\varepsilon$ instead: the even powers cancel, and the **central difference** is
#
# $$g_i = \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon} = f'_i + \tfrac{\varepsilon^2}{6} f'''_i + \dots,$$
#
# wrong by a term proportional to $\varepsilon^2$: with $\varepsilon = 10^{-5}$ that is about
# $10^{-10}$ instead of $10^{-5}$. That is what `numerical_gradient` computes, for every element
# of an array of any shape.
#
# Why not make $\varepsilon$ tiny? Because the computer rounds. A float64 number carries about 16
# significant digits, so $f(x \pm \varepsilon e_i)$ are each off by about $10^{-16}$ of their
# size, and dividing their difference by $2\varepsilon$ magnifies that to about
# $10^{-16} / \varepsilon$. The total error, $\varepsilon^2 + 10^{-16}/\varepsilon$ up to
# constants, is smallest near $\varepsilon = 10^{-5}$. Measured on the log loss of a small
# problem:

# %%
rng = np.random.default_rng(0)
X_small, y_small = rng.normal(size=(6, 3)), (rng.random(6) < 0.5).astype(float)
w_small = rng.normal(size=3)


def loss_of_w(v):
    return L2.log_loss(L2.predict_proba(X_small, v, 0.0), y_small)


exact, _ = L3.logistic_gradients(X_small, y_small, w_small, 0.0)

# %% tags=["hide-input"]
pages.figure(
    fig3.difference_errors(loss_of_w, w_small, exact),
    "Relative error of forward and central differences of the log loss, against the step ε, in float64. "
    "Right of the minimum the truncation error (ε or ε²) dominates; left of it, rounding (about 1e-16 / ε).",
)

# %% tags=["claim"]
central = L3.numerical_gradient(loss_of_w, w_small)
assert np.max(np.abs(central - exact)) / np.max(np.abs(exact)) < 1e-9, "at ε = 1e-5: about ten digits"

# %% [markdown]
# The two slopes on the right are the derivation made visible: the forward difference's error
# falls one decade per decade of $\varepsilon$, the central one's two. On the left both rise
# again as rounding takes over. At the default $\varepsilon = 10^{-5}$ the central difference
# agrees with the exact gradient to about ten digits.
#
# The numerical gradient is slow: it calls $f$ twice per element, so for 784 weights it computes
# the loss over the whole training set 1,568 times, where the derivation below costs about as
# much as one evaluation. It is a *check*, never the way to train.

# %% tags=["exercise"]
# exercise: numerical_gradient

# %% [markdown]
# ## Deriving the gradient of the log loss
#
# Write the model for one example $i$ with $x_i$ the $i$-th row of $X$:
# $z_i = x_i \cdot w + b$, $p_i = \sigma(z_i)$, and its loss
# $\ell_i = -\big[y_i \log p_i + (1 - y_i) \log (1 - p_i)\big]$, so that
# $J = \frac{1}{m} \sum_i \ell_i$. The chain rule takes four steps.
#
# **Step 1: the slope of the sigmoid.** With $\sigma(z) = 1 / (1 + e^{-z})$,
#
# $$\sigma'(z) = \frac{e^{-z}}{(1 + e^{-z})^2} = \frac{1}{1 + e^{-z}} \cdot \frac{e^{-z}}{1 + e^{-z}} = \sigma(z)\,\big(1 - \sigma(z)\big),$$
#
# because $e^{-z} / (1 + e^{-z}) = 1 - 1/(1 + e^{-z})$. So $dp/dz = p(1 - p)$: largest, $\tfrac14$,
# at $z = 0$ and nearly zero when the model is sure either way.
#
# **Step 2: the slope of the loss in $p$.**
#
# $$\frac{d\ell}{dp} = -\frac{y}{p} + \frac{1 - y}{1 - p} = \frac{-y(1 - p) + (1 - y)p}{p(1 - p)} = \frac{p - y}{p(1 - p)}.$$
#
# **Step 3: chain them.** The factor $p(1 - p)$ cancels:
#
# $$\frac{d\ell}{dz} = \frac{d\ell}{dp} \cdot \frac{dp}{dz} = \frac{p - y}{p(1 - p)} \cdot p(1 - p) = p - y.$$
#
# The loss's push on the score is just the error: negative when the model says too little,
# positive when it says too much. Since $J$ averages $m$ such losses, and $z_i$ appears only in
# $\ell_i$,
#
# $$\frac{\partial J}{\partial z_i} = \frac{p_i - y_i}{m},$$
#
# or, for all the examples at once, $\partial J / \partial z = (p - y)/m$, of shape $(m,)$.
#
# **Step 4: from scores to weights.** Since $z_i = \sum_j X_{ij} w_j + b$, moving $w_j$ moves
# every $z_i$ by $X_{ij}$, and moving $b$ moves every $z_i$ by 1. Summing the effects over the
# examples:
#
# $$\frac{\partial J}{\partial w_j} = \sum_{i=1}^{m} X_{ij}\, \frac{p_i - y_i}{m}, \qquad \frac{\partial J}{\partial b} = \sum_{i=1}^{m} \frac{p_i - y_i}{m}.$$
#
# The sum over $i$ of $X_{ij}$ times something indexed by $i$ is the matrix product with $X$'s
# transpose. With the shapes written under each factor:
#
# $$\underbrace{\frac{\partial J}{\partial w}}_{(n,)} = \frac{1}{m}\, \underbrace{X^\top}_{(n,\, m)}\, \underbrace{(p - y)}_{(m,)}, \qquad \underbrace{\frac{\partial J}{\partial b}}_{\text{a number}} = \frac{1}{m} \sum_i (p_i - y_i).$$
#
# Read it as a vote: each example pulls $w$ along its own pixels $x_i$, in proportion to its
# error $p_i - y_i$. A correctly confident example pulls almost nothing. The pull is proportional
# to $x$, which is why lesson 1 scaled the pixels into $[0, 1]$: for the same probabilities $p$,
# pixels up to 255 would make this gradient 255 times longer, and the curvature in $w$ (the
# matrix $H$ above, which holds $x$ twice) $255^2$ times larger, so the learning rate would have to
# shrink to match.
#
# ### Why the log loss, and not squared error
#
# Had we used the squared error $\ell = \tfrac12 (p - y)^2$, step 2 would give
# $d\ell/dp = p - y$ and nothing would cancel in step 3:
# $d\ell/dz = (p - y)\,p(1 - p)$. When the model is confidently wrong ($y = 1$ but $z$ very
# negative, so $p \approx 0$), the factor $p(1 - p)$ is nearly zero: the example that most needs
# correcting pushes least.

# %% tags=["hide-input"]
pages.figure(
    fig3.slope_by_loss(np.linspace(-8, 8, 321)),
    "The gradient of one example's loss with respect to its score z, when its label is 1. "
    "The log loss pushes hardest when the model is most wrong; squared error after a sigmoid barely pushes there.",
)

# %% [markdown]
# ### A worked example to check by hand
#
# Take $m = 2$ examples with $n = 2$ features, $X = \begin{bmatrix} 1 & 2 \\ -1 & 0 \end{bmatrix}$,
# $y = (1, 0)$, and start at $w = (0, 0)$, $b = 0$. Then $z = (0, 0)$, $p = (\tfrac12, \tfrac12)$,
# $p - y = (-\tfrac12, \tfrac12)$, and dividing by $m = 2$ gives
# $\partial J / \partial z = (-\tfrac14, \tfrac14)$. Multiply by
# $X^\top = \begin{bmatrix} 1 & -1 \\ 2 & 0 \end{bmatrix}$:
#
# $$\frac{\partial J}{\partial w} = \begin{bmatrix} 1 \cdot (-\tfrac14) + (-1) \cdot \tfrac14 \\ 2 \cdot (-\tfrac14) + 0 \cdot \tfrac14 \end{bmatrix} = \begin{bmatrix} -\tfrac12 \\ -\tfrac12 \end{bmatrix},$$
#
# and $\partial J / \partial b = -\tfrac14 + \tfrac14 = 0$.
#
# Both weights should grow, which raises the first example's score (a 1) and lowers the
# second's (a 0). The reference code, and the numerical gradient, agree:

# %%
X_hand, y_hand = np.array([[1.0, 2.0], [-1.0, 0.0]]), np.array([1.0, 0.0])
dw, db = L3.logistic_gradients(X_hand, y_hand, np.zeros(2), 0.0)
loss_hand = lambda v: L2.log_loss(L2.predict_proba(X_hand, v, 0.0), y_hand)  # noqa: E731
numeric = L3.numerical_gradient(loss_hand, np.zeros(2))
print("dw =", dw, " db =", db)
print("numerical dw =", numeric)

# %% tags=["exercise"]
# exercise: logistic_gradients

# %% [markdown]
# ## Checking a derivation
#
# A derivation can be wrong in a dozen quiet ways: a missing $1/m$, a $y - p$ where $p - y$
# belongs, a sum over the wrong axis. The check compares the analytic gradient $a$ with the
# numerical one $g$ by their **relative error**,
#
# $$\frac{\max_i |a_i - g_i|}{\max_i \big(|a_i| + |g_i|\big)},$$
#
# which does not care whether the gradient is large or small. In float64, a correct gradient of
# a smooth function gives about $10^{-9}$ or less; around $10^{-6}$ deserves a look (a kink, or an
# $\varepsilon$ too large); a real mistake gives something near 1. On a random problem:

# %%
rng = np.random.default_rng(0)
X = rng.normal(size=(20, 5))
y = (rng.random(20) < 0.5).astype(float)
w, b = rng.normal(size=5), 0.3
dw, db = L3.logistic_gradients(X, y, w, b)


def relative_error(a, g):
    return np.max(np.abs(a - g)) / np.max(np.abs(a) + np.abs(g))


numeric = L3.numerical_gradient(lambda v: L2.log_loss(L2.predict_proba(X, v, b), y), w)
print(f"float64 relative error: {relative_error(dw, numeric):.1e}")

# %% [markdown]
# **Check in float64.** The same check on float32 data, where every loss value carries only about
# 7 significant digits, is swamped by rounding: $10^{-7} / 10^{-5}$ is already $10^{-2}$.

# %%
X32, y32 = X.astype(np.float32), y.astype(np.float32)
numeric32 = L3.numerical_gradient(
    lambda v: L2.log_loss(L2.predict_proba(X32, v.astype(np.float32), np.float32(b)), y32), w
)
print(f"float32 relative error: {relative_error(dw, numeric32):.1e}")

# %% [markdown]
# A float32 check would pass wrong gradients and fail right ones. This is why
# `numerical_gradient` returns float64, and why the grader checks gradients in float64. It checks
# yours this way on several random problems, and names the classic mistakes when it recognises
# them. A forgotten $1/m$:

# %% tags=["hide-input"]
pages.grader_says(
    3,
    "def logistic_gradients(X, y, w, b):\n    dz = predict_proba(X, w, b) - y\n    return X.T @ dz, float(dz.sum())",
)

# %% [markdown]
# The error with its sign flipped, which would make "descent" climb:

# %% tags=["hide-input"]
pages.grader_says(
    3,
    "def logistic_gradients(X, y, w, b):\n    dz = (y - predict_proba(X, w, b)) / len(X)\n"
    "    return X.T @ dz, float(dz.sum())",
)

# %% [markdown]
# And a numerical gradient by forward differences, whose $O(\varepsilon)$ error the grader
# detects with $\varepsilon = 0.1$ on $f(x) = \sum x^3$, where the central difference is exactly
# $3x^2 + \varepsilon^2$:

# %% tags=["hide-input"]
pages.grader_says(
    3,
    "def numerical_gradient(f, x, eps=1e-5):\n    x = x.astype(float)\n    g = np.zeros_like(x)\n"
    "    for i in np.ndindex(x.shape):\n        e = np.zeros_like(x)\n        e[i] = eps\n"
    "        g[i] = (f(x + e) - f(x)) / eps\n    return g",
)

# %% [markdown]
# ## The training loop
#
# `gradient_descent` starts from $w = 0$, $b = 0$ and repeats the update `steps` times, using your
# `logistic_gradients`. Zero is a fine start for logistic regression: its loss is convex (one
# valley, no other dips to get stuck in), so wherever descent starts, it heads down the same
# valley.
#
# While it trains it keeps a **history**: at step 0, every `log_every` steps and after the last,
# the cost and the training accuracy (and the dev accuracy when a dev set is given). Each log
# evaluates the whole training set again: one product `X @ w`, where a step makes two (`X @ w`
# and $X^\top (p - y)$). Logging every step would add about half as much work again, for no
# benefit. On the sample's T-shirts and trousers:

# %%
images, labels = data.load("train", data.locate("sample"))
X, y = L1.select_classes(L1.preprocess(images), labels, [0, 1])
w, b, history = L3.gradient_descent(X, y, lr=0.5, steps=200, log_every=50)
for step, cost, acc in zip(history["step"], history["cost"], history["train_accuracy"]):
    print(f"step {step:4d}  cost {cost:.4f}  accuracy {acc:.3f}")

# %% [markdown]
# ### Sanity checks a practitioner runs
#
# 1. **The first cost is known.** At $w = 0$ every $p = \tfrac12$, so the cost at step 0 must be
#    $\log 2 = 0.6931$, as above. Anything else means the loss or the start is wrong.
# 2. **The cost falls.** With a learning rate below the limit every logged cost is lower than the
#    one before. A cost that rises or bounces means the rate is too large (the zigzag above); a
#    cost that barely moves means it is too small, or the gradient is mostly zeros.
# 3. **A handful of images can be learned perfectly.** Ten images and 785 parameters: the model
#    can fit them exactly, so the cost must head to zero. If it cannot, there is a bug that has
#    nothing to do with how hard the real problem is.

# %%
_, _, tiny = L3.gradient_descent(X[:10], y[:10], lr=1.0, steps=300, log_every=100)
for step, cost in zip(tiny["step"], tiny["cost"]):
    print(f"10 images, step {step:3d}  cost {cost:.4f}")

# %% [markdown]
# 4. **Gradients are checked in float64**, as above, on a problem small enough to check fast.

# %% tags=["exercise"]
# exercise: gradient_descent

# %% [markdown]
# ## The original challenge, reproduced on the full data
#
# The original trained on 12,000 T-shirts and trousers with zero initialisation, learning rate
# 0.009 and 2,000 full-batch steps, and reported 98 % test accuracy and cost 0.075. `binary` runs
# exactly that; `binary-tuned` changes only the learning rate, chosen on a development split
# (a part of the training set held out for choosing settings, so that the test set stays unseen).

# %% tags=["hide-input"]
pages.results_table("binary", "binary-tuned")

# %% tags=["hide-input"]
pages.learning_curves("binary", caption="binary: the original's settings on the full data")

# %% tags=["hide-input"]
pages.learning_curves("binary-tuned", caption="binary-tuned: the learning rate chosen on a dev split")

# %% [markdown]
# At learning rate 0.009 the cost is still falling when the 2,000 steps run out: the rate is
# on the "too small" side of the figure at the top of this page. A rate about a hundred times
# larger, chosen on the dev split, reaches a lower cost in the same steps.

# %% tags=["claim"]
saved = pages.results()
assert np.all(np.diff(saved["binary"].history["cost"][-10:]) < 0), "0.009: still falling at step 2,000"
assert round(saved["binary-tuned"].config["lr"] / saved["binary"].config["lr"], -2) == 100, (
    "about a hundred times"
)
assert saved["binary-tuned"].cost < saved["binary"].cost, (
    "the tuned rate reaches a lower cost in the same steps"
)

# %% [markdown]
# ### Why 0.009 crawls
#
# Lesson 1 measured the limit of this very problem ("What centring does, measured"). Pixels are
# never negative, so every image has a large component along the mean image, and the log loss has
# one steep direction there: at $w = 0$ its largest curvature puts $2 / \lambda_{\max}$ at 0.066
# on the sample, and since no curvature anywhere is larger, any rate below 0.066 lowers the cost
# at every step. The original's 0.009 is seven times below even that, and every other direction is
# far flatter than the steep one, so along them its steps are tiny. Centring the pixels removes
# the steep direction and raises the limit eightfold. The same 200 steps from zero on the sample's
# T-shirts and trousers, at the original's rate, just below each version's limit, and at the tuned
# rate, 1.0; for each run, its highest cost and the step it came at, how many steps raised the
# cost, and the cost at step 200:


# %%
def start_limit(inputs):
    """2 / λ_max at w = 0, b = 0, where H = [X 1]^T [X 1] / (4m) holds the largest curvatures."""
    A = np.hstack([inputs.astype(np.float64), np.ones((len(inputs), 1))])  # (m, 785)
    return 2 / np.linalg.eigvalsh(A.T @ A / (4 * len(A)))[-1]


versions = {"pixels / 255": X, "centred": X - X.mean(axis=0)}  # (500, 784) each
version_limits, version_costs = {}, {}
for name, rates in (("pixels / 255", (0.009, 0.06, 1.0)), ("centred", (0.009, 0.5, 1.0))):
    version_limits[name] = start_limit(versions[name])
    print(f"{name}, 2 / λ_max = {version_limits[name]:.3f}:")
    print("   rate  highest  step  rises  at 200")
    for lr in rates:
        run = L3.gradient_descent(versions[name], y, lr=lr, steps=200, log_every=1)[2]["cost"]
        version_costs[name, lr] = run
        rises = int(np.sum(np.diff(run) > 0))
        print(f"  {lr:5g}  {max(run):7.2f}  {int(np.argmax(run)):4d}  {rises:5d}  {run[-1]:6.4f}")

# %% tags=["claim"]
raw_limit = version_limits["pixels / 255"]
assert round(raw_limit / 0.009) == 7 and round(1.0 / raw_limit) == 15, (
    "seven times below; 1.0 is fifteen times"
)
assert round(version_limits["centred"] / raw_limit) == 8, "centring raises the limit eightfold"
A_start = np.hstack([X.astype(np.float64), np.ones((len(X), 1))])  # (500, 785)
start_curvatures = np.linalg.eigvalsh(A_start.T @ A_start / (4 * len(X)))  # smallest first
assert start_curvatures[-2] < start_curvatures[-1] / 5, (
    "every other direction is far flatter than the steep one"
)
for (name, lr), run in version_costs.items():
    if lr < version_limits[name]:
        assert np.all(np.diff(run) < 0), f"{name}, rate {lr}: below the limit, every step lowers the cost"
assert np.all(np.diff(version_costs["centred", 1.0]) < 0), "centred, 1.0 is above its limit yet never rises"
assert min(version_costs, key=lambda k: version_costs[k][-1]) == ("pixels / 255", 1.0), (
    "1.0 ends lowest of all"
)
full_source = data.locate(download=False)
if full_source.full:  # "on the full data too, logged every step, its cost leaps in the first ten steps"
    full_images, full_labels = data.load("train", full_source)
    X_full, y_full = L1.select_classes(L1.preprocess(full_images), full_labels, [0, 1])
    leap = L3.gradient_descent(X_full, y_full, lr=1.0, steps=10, log_every=1)[2]["cost"]
    assert max(leap) > 7, "binary-tuned's rate leaps in its first ten steps on the full data"
    del full_images, X_full

# %% [markdown]
# At 0.009 the two versions crawl alike, to 0.154 and 0.152: so far below both limits the rate is
# safe either way, and what is slow is the progress along the flat directions, which centring
# barely changes (the figure in lesson 1's section). Just below its limit, each version does far
# better, 0.071 on pixels / 255 and 0.023 centred, and neither cost ever rises. Above its limit a rate has no such promise, but it can still be faster: at 1.0, fifteen
# times the limit of pixels / 255, the cost leaps to 7.97 at step 3 before it comes down, and by
# step 200 it is the lowest of all, 0.013. On the full data, too, this rate's cost leaps within
# the first ten steps, which the curve of `binary-tuned` above, logged every 10 steps, does not
# show. Centred, rate 1.0 is about twice that version's limit and its cost falls at every step
# all the same: the limit promises that a rate below it is safe, not that a rate above it fails.
#
# So 0.009 crawled because a rate that stays safe for the one steep direction, the one the mean
# image makes, is slow along all the others, and the original's rate stayed seven times below even
# that limit. The dev split found a faster rate above the limit, which pays with a leap in its
# first steps.

# %% [markdown]
# ## Check yourself
#
# <details class="question"><summary>A training set has 30 % trousers (label 1). At $w = 0$, $b = 0$, what are the cost and $\partial J / \partial b$?</summary>
#
# Every $p_i = \tfrac12$, so the cost is $\log 2 \approx 0.693$ whatever the labels, and
# $\partial J / \partial b = \frac1m \sum_i (p_i - y_i) = 0.5 - 0.3 = 0.2$. It is positive, so
# the first step lowers $b$: the model starts leaning towards the majority class, T-shirts.
#
# </details>
#
# <details class="question"><summary>On the 12,000 training images, your <code>dw</code> is exactly 12,000 times the numerical gradient. What is wrong?</summary>
#
# The $1/m$: you computed the gradient of the *sum* of the losses, while $J$ is their *mean*.
# Training would still move in the right direction, but every step would be $m$ times longer,
# so the learning rate that works would depend on the size of the data set.
#
# </details>
#
# <details class="question"><summary>Why central differences rather than forward ones, and why not $\varepsilon = 10^{-12}$ to make them more exact?</summary>
#
# The forward difference is off by about $\tfrac{\varepsilon}{2} f''$, the central one by about
# $\tfrac{\varepsilon^2}{6} f'''$: at $\varepsilon = 10^{-5}$, roughly $10^{-5}$ against $10^{-10}$.
# A tiny $\varepsilon$ does not help, because the two loss values are each rounded at about
# $10^{-16}$ and their difference is divided by $2\varepsilon$: at $\varepsilon = 10^{-12}$ the
# rounding error is about $10^{-4}$, worse than at $10^{-5}$ (see the figure).
#
# </details>
#
# <details class="question"><summary>Your cost goes down, then alternates between two values for the rest of training. What happened, and what do you change?</summary>
#
# The learning rate is above $2/\lambda$ for the steepest direction of the valley: each step
# jumps across the valley to a point as high as the last. Lower the learning rate (halving it is
# a good first try) until the logged cost falls every time.
#
# </details>
#
# <details class="question"><summary>Why not train with <code>numerical_gradient</code>, since it needs no derivation?</summary>
#
# It evaluates the loss on the whole training set twice per parameter: 1,568 full passes for one
# step of 784 weights, against roughly one pass for the derived gradient. And it is only accurate
# to about ten digits. It is for checking, on a small problem.
#
# </details>
#
# <details class="question"><summary>With squared error instead of the log loss, an image of a trouser scored $z = -6$ would barely move the weights. Why?</summary>
#
# Its gradient with respect to $z$ is $(p - y)\,p(1 - p)$ with $p = \sigma(-6) \approx 0.0025$:
# about $-1 \times 0.0025$, so almost nothing, although the model is badly wrong. The log loss's
# $p - y \approx -1$ pushes it at full strength.
#
# </details>
#
# <div class="admonition example"><p class="admonition-title">Try it</p>
#
# Once `course check 3` passes, explore learning rates with your own `gradient_descent` on the
# sample's T-shirts and trousers (`X`, `y` as in the training loop above). Hold out a dev set,
# `X_tr, X_dev, y_tr, y_dev = train_dev_split(X, y, 100, np.random.default_rng(0))` with lesson 1's
# function, train on the other 400 images and pass `X_dev=X_dev, y_dev=y_dev`. Log every step
# (`log_every=1`) for 100 steps at learning rates 0.01, 0.1, 1, 10 and 100, and for each count
# how often the cost *rose* (`np.sum(np.diff(history["cost"]) > 0)`), and note the cost at
# step 5 and the last dev accuracy (`history["dev_accuracy"][-1]`). Then repeat on unscaled
# pixels, `X_tr * 255` and `X_dev * 255`. Which rates are too small, which too large, and what
# did scaling change? Why can the dev accuracy still end high when the cost misbehaves? (Hint:
# how hard is this pair of classes?)
#
# <details class="question"><summary>What you should see</summary>
#
# With the reference functions (a split that shuffles with `rng.permutation`, as lesson 1's
# reference does; another split gives other digits but the same picture):
#
# | pixels | rate | rises | cost, step 5 | cost, step 100 | dev acc. |
# | --- | ---: | ---: | ---: | ---: | ---: |
# | / 255 | 0.01 | 0 | 0.588 | 0.199 | 0.97 |
# | / 255 | 0.1 | 0 | 0.276 | 0.073 | 0.97 |
# | / 255 | 1 | 2 | 0.215 | 0.018 | 0.97 |
# | / 255 | 10 | 4 | 8.011 | 0.043 | 0.95 |
# | / 255 | 100 | 47 | 8.011 | 0.120 | 0.95 |
# | raw | 0.01 | 45 | 8.011 | 0.399 | 0.95 |
# | raw | 0.1 to 100 | 38 | 8.011 | 0.399 | 0.95 |
#
# On scaled pixels 0.01 is too small: it never rises, but after 100 steps its cost is still
# 0.199. 0.1 is safe and 1 is the best of the five: its cost rises twice early on and ends
# lowest. 10 and 100 are too large: by step 5 the cost is 8.011, half the float32 cap of
# lesson 2 ($-\log \varepsilon \approx 15.94$): about half the images are confidently wrong,
# and at 100 the cost rises on about every other step.
#
# On raw pixels every rate is too large, even 0.01: multiplying the pixels by 255 multiplies the
# curvature by $255^2 = 65{,}025$, so 0.01 on raw pixels is like 650 on scaled ones. From 0.1 up
# the four runs give the same numbers: after the first step nearly every $p$ is an exact 0 or 1,
# and then each example's push $p - y$ is $-1$, 0 or 1 whatever the rate; a larger rate only
# makes $w$ and $b$ proportionally larger, which changes no prediction. Where a run is this
# chaotic, a different order of the same arithmetic can move the count of rises by a few.
#
# Yet the dev accuracy ends at 0.95 or more in every run: T-shirts and trousers are nearly
# separable by a weighted sum of pixels, and the accuracy asks only on which side of the line an
# image falls, which a jumpy, overconfident run still mostly gets right. The cost also charges
# for confidence, and a confident mistake costs up to 15.94. For the same reason the dev
# accuracy is a poor judge of a learning rate on this pair: it cannot tell 0.01 from 1, whose
# costs differ tenfold.
#
# </details>
#
# </div>
#
# ## Next: ten classes, and layers
#
# Two classes that differ as much as T-shirts and trousers are nearly separable by a single
# weighted sum of pixels. The real task has ten classes, several of which (shirts, T-shirts,
# pullovers, coats) look alike. Lesson 4 replaces the sigmoid by a *softmax* over ten scores,
# derives its gradient the same way, and stacks layers with a ReLU between them, so that the model
# can draw boundaries a single weighted sum cannot. The derivation grows, and your
# `numerical_gradient` is how you will know it is right.
