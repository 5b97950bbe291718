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
# # Lesson 1: images as vectors

# %% [markdown] tags=["site-only"]
# *Work on this lesson in Jupyter: `course init --notebooks` writes it as an exercise notebook,
# `lesson1_data.ipynb` ([or download it](../lesson1_data.ipynb)), with each function
# to write where this page derives it and a check beside it. Or write the code in
# `lesson1_data.py` and run `course check 1`.*

# %% [markdown]
# Every model in this course is a function of a vector of numbers. Fashion-MNIST gives us
# something else: grey images of 28 by 28 bytes, and a label from 0 to 9 naming what each one
# shows. Before any learning can happen the images must become vectors, the labels must become
# what a loss can compare a prediction with, and some of the data must be set aside so that we
# can later measure what the model learned rather than what it memorised.
#
# This lesson builds that pipeline, one function at a time, and says *why* each choice is made:
# why the pixels are divided by 255 (the reason is not the one often given), why labels are
# relabelled or one-hot encoded, and why a development split must be shuffled and disjoint.
# Throughout, **examples are rows**: $m$ images make a matrix $X$ of shape $(m, 784)$, and their
# labels a vector $y$ of shape $(m,)$.

# %%
import numpy as np

from fashion_course import data, pages, plots
from fashion_course.figures import lesson1 as fig1

L1 = pages.reference(1)
source = data.locate("sample")  # the bundled sample: 250 train, 100 test per class
images, labels = data.load("train", source)
print("images:", images.dtype, images.shape)
print("labels:", labels.dtype, labels.shape)

# %% [markdown]
# ## What you write

# %% tags=["hide-input"]
pages.functions_table(1)

# %% [markdown]
# ## The data
#
# Ten classes of clothing, 6,000 training and 1,000 test images of each in the full set. The
# original challenge began by showing the images with their labels, and so should you: it is the
# first sanity check of any project (are the labels right? is the image upright? is it white on
# black or black on white?). Here are the first images of every class in the training set (the
# sample bundled with the course holds the same first images as the full set):

# %% tags=["hide-input"]
pages.figure(plots.samples(), "The first six training images of each class, with its label and name")

# %% tags=["claim"]
full_source = data.locate(download=False)
if full_source.full:  # "the sample bundled with the course holds the same first images as the full set"
    full_images, full_labels = data.load("train", full_source)
    for c in range(10):
        assert np.array_equal(images[labels == c], full_images[full_labels == c][:250]), f"class {c}"
    del full_images, full_labels

# %% [markdown]
# The page itself runs on that sample. Before anything else, check what came in: the dtype and
# range of the pixels, and how many examples each class has.

# %%
print("pixel range:", images.min(), "to", images.max())
print("images per class:")
print(np.bincount(labels))

# %% [markdown]
# The classes are balanced, so a model that always answers the most common class is right about
# one time in ten. That is the **chance baseline** every model must beat; for a pair of balanced
# classes it is one time in two.

# %% [markdown]
# ## Images as vectors
#
# `preprocess` turns a stack of images, shape $(m, 28, 28)$, into a matrix of shape $(m, 784)$.
# Read each image row by row, left to right, like a page of text. Row $r$ (counting from 0) starts
# after $r$ full rows of 28 pixels, so pixel $(r, c)$ lands in column
#
# $$j = 28r + c, \qquad 0 \le r, c \le 27,$$
#
# so $j$ runs from 0 to 783. To check by hand on something smaller: an image of 2 rows and 3
# columns becomes a row of 6 where pixel $(r, c)$ sits at $3r + c$. Below, each pixel's value
# names its place: 10, 11, 12 along the first row, 20, 21, 22 along the second. Pixel $(1, 0)$,
# the first of the second row, holds 20 and goes to column 3:

# %%
tiny = np.array([[[10, 11, 12], [20, 21, 22]]], dtype=np.uint8)  # (1, 2, 3)
print(tiny.reshape(1, -1))  # (1, 6): row 0, then row 1

# %% [markdown]
# This is the order NumPy uses by default (called C order, or row-major). The other order,
# column by column, would put pixel $(r, c)$ in column $28c + r$. A linear model does not care
# which order you choose, because it gives every column its own weight: any fixed shuffle of the
# columns gives an equally good model. What matters is that the order is **the same for every
# image**, in training and at test time, and that everyone who reads the weights (lesson 2 draws
# them as an image) knows it. The course fixes it at $28r + c$.
#
# Here is one image and the 784 numbers it becomes; row 10 of the image is the stretch of 28
# columns from $28 \cdot 10 = 280$ to 307:

# %%
X = L1.preprocess(images)
print(X.dtype, X.shape, f"range [{X.min()}, {X.max()}]")
r, c = 10, 14
assert X[0, 28 * r + c] == images[0, r, c] / np.float32(255)

# %% tags=["hide-input"]
pages.figure(
    fig1.flattening(X[0].reshape(28, 28), X[0], row=r),
    "An image and its row of X: row 10 of the image (framed) is columns 280 to 307 of the row (shaded)",
)

# %% [markdown]
# Flattening throws away which pixels are neighbours: to the model, column 280 is no closer to
# column 281 than to column 5. The networks of this course learn from the pixel values alone;
# convolutional networks, which keep the grid, are the next step after it.

# %% [markdown]
# ## Why divide by 255
#
# A pixel is a byte, $0 \dots 255$. `preprocess` divides by 255 so that every value lies in
# $[0, 1]$. It is often said that scaling stops one feature from "dominating by its units", but
# here every pixel already has the same units, brightness from 0 to 255, so that cannot be the
# reason. The reason is the **size of the inputs against the learning rate and the initial
# weights**.
#
# Lesson 2's model scores an image $x$ (a row of 784 numbers) with $z = x \cdot w + b$, and
# lesson 3 trains it by gradient descent: each step moves the weights by the learning rate
# $\alpha$ times the gradient of the loss. That gradient, derived in lesson 3, is
#
# $$\frac{\partial J}{\partial w} = \frac{1}{m} X^\top (p - y),$$
#
# with shapes $(n, m)\,(m,) \to (n,)$, where $p$ holds the model's probabilities and $y$ the labels, both of shape $(m,)$. Its size is
# proportional to the size of $x$. A step changes the weights by
# $\Delta w = -\frac{\alpha}{m} X^\top (p - y)$, and so changes the score of example $i$ by
#
# $$\begin{aligned} \Delta z_i &= x_i \cdot \Delta w \\ &= -\frac{\alpha}{m} \sum_{k=1}^{m} (x_i \cdot x_k)\,(p_k - y_k). \end{aligned}$$
#
# The change is a sum of dot products of two images, each weighted by a **push** $p_k - y_k$.
# Multiply every pixel by 255 and every dot product grows $255^2 = 65{,}025$ times, but the pushes
# do not scale with the pixels: they depend on where the run has got to. At the **first** step
# from $w = 0$ they are the same in both runs (every $p$ is $\frac12$), so that first step moves
# every score exactly 65,025 times further, for the same learning rate. After it the two runs
# stand in different places, their pushes differ, and so does the ratio. On the sample's T-shirts
# and trousers, the squared length $\lVert x \rVert^2 = x \cdot x$ of an image, averaged, and how
# far each of the first four steps of learning rate 0.009 from $w = 0$ moves the scores, on
# average:

# %% tags=["yours"]
L2, L3 = pages.reference(2), pages.reference(3)
X01, y01 = L1.select_classes(L1.preprocess(images), labels, [0, 1])  # (500, 784), (500,)


def descend(inputs, steps, lr=0.009):
    """Gradient descent from w = 0, b = 0 on (inputs, y01): the scores z after each step, (steps + 1, m)."""
    w, b = L2.init_zeros(inputs.shape[1])
    targets = y01.astype(inputs.dtype)  # float32 labels keep the arithmetic in float32
    scores = [inputs @ w + b]
    for _ in range(steps):
        dw, db = L3.logistic_gradients(inputs, targets, w, b)
        w, b = w - lr * dw, b - lr * db
        scores.append(inputs @ w + b)
    return np.array(scores)


runs = {"scaled": X01, "raw": X01 * 255}
scores = {name: descend(inputs, steps=60) for name, inputs in runs.items()}  # (61, 500) each
moved = {name: np.abs(np.diff(z, axis=0)).mean(axis=1) for name, z in scores.items()}  # (60,) each
print("        mean |x|^2   mean |Δz| at steps 1 to 4")
for name, inputs in runs.items():
    size = np.mean(np.sum(inputs**2, axis=1))
    print(f"{name:6}  {size:10,.0f}   " + "  ".join(f"{v:9.3g}" for v in moved[name][:4]))
ratio = moved["raw"] / moved["scaled"]
print("ratio of the moves:", "  ".join(f"{v:,.0f}" for v in ratio[:4]))

# %% tags=["claim"]
p_raw, p_scaled = L2.sigmoid(scores["raw"]), L2.sigmoid(scores["scaled"])  # (61, 500) each
first_raw, first_scaled = scores["raw"][1] - scores["raw"][0], scores["scaled"][1] - scores["scaled"][0]
assert np.allclose(first_raw, 255**2 * first_scaled, rtol=1e-3, atol=1e-3 * np.abs(first_raw).max()), (
    "the first step moves every score exactly 255^2 times further"
)
assert abs(ratio[0] / 255**2 - 1) < 1e-4, "the first step moves the scores 65,025 times further on average"
assert np.all(ratio[1:4] > 1.2 * 255**2), "after the first step the ratio is no longer 255^2"
assert np.mean((p_raw[1] == 0) | (p_raw[1] == 1)) > 0.99, (
    "after one step almost every probability of the raw run is an exact 0 or 1"
)
assert np.all(np.mean(np.isin(np.abs(p_raw[1:4] - y01), (0, 1)), axis=1) > 0.97), (
    "from step 1 on, the raw run's pushes are almost all exactly ±1 or 0"
)
assert np.all(np.abs(np.abs(p_scaled[1:4] - y01) - 0.5) < 0.1), "the scaled run's pushes stay near ±1/2"

# %% [markdown]
# After one step on scaled pixels the scores have moved by a few hundredths: the sigmoid of
# lesson 2 turns that into probabilities a little way from one half, a cautious first step. On raw
# bytes the same step moves them by thousands, exactly 65,025 times as far (the bias moves alike
# in both runs, and on this balanced sample its first step is zero), and almost every probability
# becomes an exact 0 or 1. From the second step on the ratio is no longer $255^2$ but 97,249,
# then 310,970, because the pushes of the two runs now differ: the raw run's are almost all
# exactly $\pm 1$ or 0, the scaled run's still near $\pm \frac12$. That first raw step happens
# to point the right way for most images, but each image it gets wrong now costs the most the
# loss can charge, and the steps that follow are as outsized: they overshoot. Count the images on
# the wrong side of $z = 0$, and the cost, step by step:

# %% tags=["yours"]
cap = -np.log(np.finfo(np.float32).eps)  # lesson 2's largest loss for one float32 example
costs, wrong = {}, {}
for name, z in scores.items():
    p = L2.sigmoid(z)  # (61, 500)
    costs[name] = [L2.log_loss(row, y01) for row in p]
    wrong[name] = np.sum((p >= 0.5) != y01, axis=1)  # (61,) images on the wrong side
p = L2.sigmoid(scores["raw"])
exact = np.mean((p == 0) | (p == 1), axis=1)  # the raw run's share of exact 0s and 1s, per step
print("raw run's highest cost:", round(max(costs["raw"]), 2))
print("half the float32 loss cap:", round(cap / 2, 2))
print("raw run, images on the wrong side")
print("  at steps 0 to 8:", *wrong["raw"][:9])
print("  at step 60:", wrong["raw"][60])
print(f"raw run, steps 1 to 60: exact 0s and 1s in p, at least {exact[1:].min():.1%}")
gap = np.abs(np.array(costs["raw"][1:]) - cap * wrong["raw"][1:] / len(y01)).max()
print(f"  |cost - cap x share wrong|, at most {gap:.2f}")
below = np.flatnonzero(np.array(costs["raw"]) < np.array(costs["scaled"]))
print("raw cost first below the scaled one at step", below[0])

# %% tags=["claim"]
assert wrong["raw"][3] == np.sum(y01 == 1) and wrong["raw"][3] == len(y01) // 2, (
    "at step 3 all the trousers, half the examples, are wrong"
)
assert wrong["raw"][1] < len(y01) / 10, "the first raw step points the right way for most images"
assert np.all(below >= below[0]) and below[0] > 50, "the raw run stays above the scaled run almost to the end"
assert np.all(wrong["raw"][9:] <= 25) and np.all(np.abs(np.diff(wrong["raw"][8:])) <= 3), (
    "after step 8 the raw run creeps, a few images at a time"
)
slow = descend(X01 * 255, steps=60, lr=0.009 / 255**2)
slow_costs = [L2.log_loss(row, y01) for row in L2.sigmoid(slow)]
assert np.max(np.abs(np.array(slow_costs) - costs["scaled"])) < 1e-4, (
    "a learning rate 65,025 times smaller keeps the raw run's cost within 0.0001 of the scaled run's"
)

# %% tags=["hide-input", "yours"]
pages.figure(
    fig1.scaling_costs(costs, lr=0.009),
    "Cost per step of one logistic regression, trained from zero on the sample's T-shirts and"
    " trousers, on raw bytes and on pixels / 255",
)

# %% [markdown]
# Within three steps the raw run's cost leaps to 7.97, exactly half the float32 cap: all 250
# trousers are confidently wrong, each costing the largest loss lesson 2's clipped log loss can
# give, and the 250 T-shirts cost nothing. What brings the cost back down is not the shape of the
# loss but the mistakes. From the first step on, at least 97.2 % of the probabilities are an
# exact 0 or 1 at every step, so an image costs either nothing or the whole cap, and the cost is
# the cap times the share of images on the wrong side, to within 0.07. The pushes follow suit:
# the images on the right side push (almost) nothing, the wrong ones push with
# $p_k - y_k = \pm 1$, so a step adds $\alpha / m$ times the wrongly rejected trousers to $w$ and
# subtracts the wrongly accepted T-shirts, which is the learning rule of Rosenblatt's perceptron
# (1958). Those pushes turn the mistakes around a whole class at a time, from 250 wrong at step 3
# to 21 at step 8, and then the run creeps, a few images at a time. Its cost stays above the
# scaled run's, and jumpier, until step 58, while the scaled run glides.
#
# A learning rate 65,025 times smaller would tame it: the raw run's weights, times 255, would then
# take the scaled run's steps, and only its bias, which multiplies no pixel, would learn 65,025
# times too slowly. On these images its cost stays within 0.0001 of the scaled run's for all 60
# steps. But every suggested setting in the course (and the original challenge's 0.009) assumes
# inputs near 1.
#
# The same holds for **initial weights**. Lessons 4 to 6 start networks from small random weights;
# with $w_j$ of standard deviation $s$, a score $x \cdot w$ has standard deviation
# $s \lVert x \rVert$, so the 255-fold larger inputs give 255-fold larger starting scores, and
# every initialisation rule of lesson 5 assumes inputs of order 1.
#
# Why 255 and not something else? Dividing by a **fixed** number keeps the meaning of a value
# the same in every image: 0.5 is always mid-grey. Dividing each image by its own maximum would
# make a faint image look as bright as a bright one, a change of the data, not of its units.
# Standardising each column (subtract its mean, divide by its standard deviation) is another
# common choice, and on these images its division is delicate: pixels near the border are dark in
# almost every image, so their columns hardly vary. Each column's standard deviation over the
# training images, measured on the sample and, when the page finds it (`FASHION_MNIST_DIR`), on
# the full training set, and what standardising would make of the column that varies least:


# %%
def column_spread(source):
    """Each column's standard deviation over the training images, and what standardising makes of it."""
    train = L1.preprocess(data.load("train", source)[0])  # (m, 784)
    test = L1.preprocess(data.load("test", source)[0])  # (m_test, 784)
    mean, spread = train.mean(axis=0, dtype=np.float64), train.std(axis=0, dtype=np.float64)  # (784,) each
    lit = np.flatnonzero(spread > 0)  # the columns that are not 0 in every training image
    j = lit[np.argmin(spread[lit])]  # the column of the smallest spread that is not 0
    standardised = (test[:, lit] - mean[lit]) / spread[lit]  # (m_test, columns that vary)
    column = lit[np.argmax(standardised.max(axis=0))]
    return {
        "images": len(train),
        "dark": [divmod(int(k), 28) for k in np.flatnonzero(spread == 0)],  # pixels (r, c)
        "smallest": spread[j],
        "at": divmod(int(j), 28),
        "lit in": int(np.sum(train[:, j] > 0)),
        "brightest": round(float(train[:, j].max()) * 255),  # as a byte, 0 to 255
        "train max": (train[:, j].max() - mean[j]) / spread[j],
        "test max": standardised.max(),
        "test at": divmod(int(column), 28),
    }


# The full data where FASHION_MNIST_DIR (or an earlier download) has it; else the sample again.
full = data.locate(download=False)
spreads = {"the sample": column_spread(source)}
if full.full:
    spreads["the full data"] = column_spread(full)
for name, s in spreads.items():
    print(f"{name}, {s['images']:,} training images:")
    print(f"  pixels 0 in every image: {len(s['dark'])}", *s["dark"])
    print(f"  smallest std that is not 0: {s['smallest']:.2g}")
    print(f"    at pixel {s['at']}, lit in {s['lit in']} images")
    print(f"    at most {s['brightest']} of 255; standardised, {s['train max']:.0f}")
    print(f"  largest standardised test value: {s['test max']:.0f}")
    print(f"    at pixel {s['test at']}")

# %% tags=["claim"]
sample_spread = spreads["the sample"]
assert sample_spread["dark"] == [(0, 0)], "in the sample, pixel (0, 0) is 0 in all 2,500 images"
if full.full:  # the sentences about the full training set
    full_spread = spreads["the full data"]
    assert full_spread["images"] == 60_000 and full_spread["dark"] == [], "no pixel is 0 in every image"
    assert f"{full_spread['smallest']:.2g}" == "0.00036" and full_spread["at"] == (0, 0), (
        "0.00036, pixel (0, 0)"
    )
    assert full_spread["lit in"] == 13 and full_spread["brightest"] == 16, (
        "lit, faintly, in 13 (at most 16 of 255)"
    )
    assert round(full_spread["train max"]) == 173, "those 13 specks become values of 173"
    assert round(full_spread["test max"]) == 284 and full_spread["test at"] == (0, 2), "284 in pixel (0, 2)"

# %% [markdown]
# In the sample, pixel $(0, 0)$ is 0 in all 2,500 training images: its standard deviation is 0,
# and standardising it divides 0 by 0. In the full training set no pixel is 0 in every image,
# but pixel $(0, 0)$ is lit in only 13 of the 60,000, faintly (16 of 255 at most), and its
# standard deviation is 0.00036: tiny, but not zero, so nothing warns. Standardised, those 13
# specks become values of 173, in a column that standardising was meant to give a standard
# deviation of 1; and a test image, standardised with the training set's means and deviations,
# gets 284 in pixel $(0, 2)$. A pixel that is almost never lit becomes a huge input the day it is.
# Dividing by 255 is simple and enough.
#
# Finally, convert to `float32` **before** dividing. Dividing bytes by 255 gives `float64`, and
# every matrix product of the course would then run in double precision, on arrays twice the
# size. For the full training set:

# %%
m_full = 60_000
print(f"float32: {m_full * 784 * 4 / 1e6:.0f} MB, float64: {m_full * 784 * 8 / 1e6:.0f} MB")

# %% tags=["exercise"]
# exercise: preprocess

# %% [markdown]
# ## What centring does, measured
#
# `preprocess` leaves every pixel at 0 or above. Standardising would also **centre** each column:
# subtract the mean image $\mu$, shape $(784,)$, the mean of the rows of $X$, from every row. The
# course does not centre, and neither did the original challenge, but what centring would change
# is worth measuring, because it explains the learning rates of lesson 3.
#
# Write $\tilde X = X - \mathbf{1}\mu^\top$ for the centred matrix, with $\mathbf{1}$ a column of
# $m$ ones, so that $X = \tilde X + \mathbf{1}\mu^\top$. Each column of $\tilde X$ sums to zero,
# $\tilde X^\top \mathbf{1} = 0$, so when the product is multiplied out the cross terms vanish,
# and $\mathbf{1}^\top \mathbf{1} = m$ leaves
#
# $$\frac{X^\top X}{m} = \frac{\tilde X^\top \tilde X}{m} + \mu \mu^\top,$$
#
# three matrices of shape $(784, 784)$.
#
# The largest eigenvalue of a symmetric matrix $A$ is the largest $u^\top A u$ over unit vectors
# $u$. Take $u = \mu / \lVert \mu \rVert$: then $u^\top \mu \mu^\top u = \lVert \mu \rVert^2$, and
# $u^\top \tilde X^\top \tilde X u = \lVert \tilde X u \rVert^2 \ge 0$, so $X^\top X / m$ has an
# eigenvalue of at least $\lVert \mu \rVert^2 = \sum_j \mu_j^2$, whatever the images look like.
# Pixels that are never negative make that sum large: no image can cancel another's brightness in
# the mean. On the sample's 2,500 images:

# %%
X64 = X.astype(np.float64)  # (2500, 784); eigenvalues in double precision
mu = X64.mean(axis=0)  # (784,) the mean image
eigenvalues, vectors = {}, {}
for name, A in (("pixels / 255", X64), ("centred", X64 - mu)):
    eigenvalues[name], vectors[name] = np.linalg.eigh(A.T @ A / len(A))  # (784,), (784, 784), smallest first
print(f"|mu|^2 = {mu @ mu:.1f}")
print("largest eigenvalues of X^T X / m:")
for name, values in eigenvalues.items():
    print(f"  {name:12}", "  ".join(f"{v:.1f}" for v in values[::-1][:5]))
u = vectors["pixels / 255"][:, -1]  # the eigenvector of the largest eigenvalue, a unit vector
print(f"its cosine with the mean image: {abs(u @ mu) / np.linalg.norm(mu):.3f}")

# %% [markdown]
# One eigenvalue, 110.5, stands far above the next, 13.5, and its eigenvector is nearly the mean
# image itself (the cosine between them is 0.998). Centring takes away $\mu\mu^\top$ and with it
# that eigenvalue: the largest is then 20.0, of the same size as the rest.
#
# Why it matters: lesson 3 shows that the curvatures of the log loss are the eigenvalues of its
# matrix of second derivatives,
#
# $$H = \frac{1}{m} A^\top \mathrm{diag}\big(p(1 - p)\big) A,$$
#
# where $A = [X \;\; \mathbf{1}]$, of shape $(m, 785)$, is $X$ with a column of ones for the bias
# (the bias is a weight on that column), and that in a bowl, along a principal axis of
# curvature $\lambda$, a step of learning rate $\alpha$ lands further from the bottom than it
# started once $\alpha > 2 / \lambda$. At $w = 0$, $b = 0$ every $p(1 - p)$ is $\frac14$, the
# largest it can be, so there $H = A^\top A / (4m)$: a quarter of the matrix just measured, with
# the bias's column added. And since $p(1 - p) \le \frac14$ everywhere, no curvature anywhere is
# larger than the largest at the start, $\lambda_{\max}$: a learning rate below
# $2 / \lambda_{\max}$ makes every step lower the cost, wherever the run has got to. For the
# sample's T-shirts and trousers, with and without centring:


# %%
def start_curvature(inputs):
    """The largest curvature of the log loss at w = 0, b = 0: the top eigenvalue of A^T A / (4m)."""
    A = np.hstack([inputs.astype(np.float64), np.ones((len(inputs), 1))])  # (m, 785)
    return np.linalg.eigvalsh(A.T @ A / (4 * len(A)))[-1]


pair = {"pixels / 255": X01, "centred": X01 - X01.mean(axis=0)}  # (500, 784) each, float32
limits = {}
print("               largest curvature   2 / λ_max")
for name, inputs in pair.items():
    curvature = start_curvature(inputs)
    limits[name] = 2 / curvature
    print(f"{name:13}  {curvature:12.2f}   {limits[name]:10.3f}")
print(f"centring raises the limit {limits['centred'] / limits['pixels / 255']:.1f}-fold")

# %% [markdown]
# Centring raises that limit eightfold, from 0.066 to 0.530.
# Between the two, at learning rate 0.45, the difference shows: the same gradient descent from
# zero on the two versions of the same images.

# %%
between = 0.45
centred_costs = {
    name: L3.gradient_descent(inputs, y01, lr=between, steps=60, log_every=1)[2]["cost"]
    for name, inputs in pair.items()
}
print(f"{'':13}  highest cost  at step  rises")
for name, cost in centred_costs.items():
    rises = int(np.sum(np.diff(cost) > 0))
    print(f"{name:13}  {max(cost):12.2f}  {int(np.argmax(cost)):7d}  {rises:5d}")

# %% tags=["claim"]
assert 0.98 < abs(u @ mu) / np.linalg.norm(mu), "the top eigenvector is nearly the mean image"
assert eigenvalues["pixels / 255"][-1] >= mu @ mu, "X^T X / m has an eigenvalue of at least |mu|^2"
assert eigenvalues["centred"][-1] < 2 * eigenvalues["centred"][-2], (
    "centred, the largest is of the size of the rest"
)
assert round(limits["centred"] / limits["pixels / 255"]) == 8, "centring raises that limit eightfold"
assert round(limits["pixels / 255"] / 0.009) == 7, "the original's 0.009 sits seven times below the limit"
assert limits["pixels / 255"] < between < limits["centred"], "0.45 lies between the two limits"
for name, inputs in pair.items():  # below 2 / λ_max, every step lowers the cost
    safe = L3.gradient_descent(inputs, y01, lr=0.95 * limits[name], steps=60, log_every=1)[2]["cost"]
    assert np.all(np.diff(safe) < 0), f"{name}: a rate below 2 / λ_max lowers the cost at every step"

# %% tags=["hide-input"]
pages.figure(
    fig1.centring(
        {name: values[::-1][:20] for name, values in eigenvalues.items()},
        centred_costs,
        lr=between,
    ),
    "Left: the 20 largest eigenvalues of XᵀX / m on the sample, for pixels / 255 and centred. Right: the"
    " cost of logistic regression trained from zero on the sample's T-shirts and trousers at learning"
    " rate 0.45, between the two limits",
)

# %% [markdown]
# On pixels / 255 the rate is above the limit, and the cost leaps to 6.35 at step 3 before it
# falls; centred, the cost falls at every step. The course keeps pixels / 255, as the original
# did. Lesson 3 meets this limit again: the original's learning rate, 0.009, sits seven times below
# it, and lesson 3 shows why such a rate crawls.

# %% [markdown]
# ## Choosing classes, and relabelling them
#
# The first model, in lessons 2 and 3, separates T-shirts/tops (label 0) from trousers (label 1):
# a binary problem. `select_classes` keeps the rows whose label is one of `classes`, in their
# original order, and gives them new labels $0, 1, \dots, k-1$ **in the order given**: the label
# `classes[j]` becomes $j$.
#
# Why relabel at all? A binary model outputs one number, the probability $p$ that an example
# belongs to class 1, and its loss (lesson 2) is built from $y \log p + (1 - y) \log(1 - p)$,
# which only makes sense when $y$ is 0 or 1. If you asked for Sneaker (7) and Sandal (5) and kept
# the old labels, $y = 7$ would enter that formula as a nonsense weight. The order given decides
# which class is "1", the one whose probability the model reports: asking for `[7, 5]` makes
# sneakers 0 and sandals 1.

# %%
X_pair, y_pair = L1.select_classes(X, labels, [7, 5])
kept = labels[np.isin(labels, [7, 5])]
print(X_pair.shape, "per new label:", np.bincount(y_pair))
print("old labels:", kept[:6], "new:", y_pair[:6])

# %% tags=["exercise"]
# exercise: select_classes

# %% [markdown]
# ## One-hot labels
#
# With ten classes the label is a *name*, not a quantity: Sandal (5) is not "between" Coat (4)
# and Shirt (6), and a model that predicted 5.5 would mean nothing. A network with $C$ outputs
# instead gives a row of $C$ probabilities, one per class, and we compare that row with the
# **one-hot** row of the true label: a 1 in the column of the true class and 0 elsewhere,
#
# $$Y_{ic} = \begin{cases} 1 & \text{if } y_i = c, \\ 0 & \text{otherwise,} \end{cases}$$
#
# which turns $y$, of shape $(m,)$, into $Y$, of shape $(m, C)$. A one-hot row is itself a probability distribution, the one that is certain of the true class.
# Lesson 4's cross-entropy $-\sum_c Y_{ic} \log P_{ic}$ uses it to pick out the logarithm of the
# probability the model gave the true class, and its gradient $P - Y$ compares the two rows
# entry by entry. The width is $C$, the number of classes, even when the labels you happen to
# have do not reach $C - 1$: a batch of T-shirts and trousers still has ten columns in a
# ten-class network. One way to build $Y$ without a loop is broadcasting: comparing a column of
# labels, shape $(m, 1)$, with the row of class numbers $0 \dots C-1$, shape $(C,)$, gives an
# $(m, C)$ table of true and false.

# %%
print(L1.one_hot(np.array([2, 0, 9]), 10))

# %% [markdown]
# The result is `float32`, the dtype the networks train in. It matters more than it looks: NumPy
# keeps the wider dtype of two arrays, so a `float64` $Y$ would turn $P - Y$, and every gradient
# after it, into `float64`, silently doubling the memory they take:

# %%
P = np.full((2, 3), 1 / 3, dtype=np.float32)
print("float32 - float64 gives", (P - np.eye(3)[[0, 2]]).dtype)

# %% tags=["exercise"]
# exercise: one_hot

# %% [markdown]
# ## An honest development split
#
# Training involves choices: the learning rate, the number of steps, the initialisation. If you
# make them by looking at the test set, the test score stops measuring how the model does on new
# images: it becomes one more number you tuned. So choices are made on a **development set** (also
# called a validation set) carved out of the training data, and the test set is used once, at the
# end. Three things make a split honest:
#
# 1. **Shuffled.** Data files often come in an order (by class, by date, by photographer). Taking
#    the last rows as the dev set would then test on a different population than you trained on.
# 2. **Disjoint.** An image in both sets lets the model score well on dev by remembering it.
# 3. **Rows keep their labels.** Shuffle one list of row numbers and index both $X$ and $y$ with
#    it; shuffling them separately scrambles every label.
#
# Randomness comes in as a `numpy.random.Generator` argument, `rng`: the same seed gives the same
# split, so every result of the course can be reproduced, and nothing else in the program can
# change your split by drawing from NumPy's global random state.

# %%
rng = np.random.default_rng(0)
X_train, X_dev, y_train, y_dev = L1.train_dev_split(X, labels, 0.2, rng)
print(X_train.shape, X_dev.shape)
print("dev images per class:")
print(np.bincount(y_dev))

# %% [markdown]
# How large should the dev set be? An accuracy measured on $d$ examples is itself noisy. If the
# model is right on each new example with probability $a$, independently, the number it gets right
# is binomial with variance $d\,a(1-a)$, so the measured accuracy (that number divided by $d$) has
# standard deviation
#
# $$\sqrt{\frac{a(1-a)}{d}}.$$
#
# For the original challenge's 2,000 test images of T-shirts and trousers at 98&nbsp;%, and for a
# dev set of 1,000 images at 85&nbsp;%:

# %%
for a, d in ((0.98, 2000), (0.85, 1000)):
    print(f"a = {a}, d = {d}: ± {100 * np.sqrt(a * (1 - a) / d):.2f} points")

# %% [markdown]
# ### Telling two models apart
#
# That is the noise of one accuracy. Two models, say two learning rates, are compared on the
# **same** dev set, and then most of the luck is shared: an image that is easy is easy for both,
# one that is hard is hard for both. Only the images on which they disagree can make one score
# differ from the other. Count them: $n_{10}$ dev images that model A gets right and model B gets
# wrong, $n_{01}$ the other way round. The difference of the two accuracies is exactly
#
# $$a_A - a_B = \frac{n_{10} - n_{01}}{d}.$$
#
# If the two models were equally good, each disagreement would be a fair coin, landing A's way or
# B's way with probability one half. Each coin adds $+1$ or $-1$ to $n_{10} - n_{01}$, with
# variance 1, so $n_{10} - n_{01}$ has mean 0 and variance $n_{01} + n_{10}$, and the difference of
# the accuracies has standard deviation
#
# $$\frac{\sqrt{n_{01} + n_{10}}}{d}.$$
#
# A difference larger than about twice that is unlikely to be luck; a smaller one is not told
# apart by this dev set. (This is McNemar's test.) The noise depends on how many images the two
# models disagree on, not on how accurate they are: two similar models that disagree on a handful
# of images are told apart by a difference smaller than one model's standard deviation, and two
# models that disagree on many are not told apart by a larger one.
#
# Two real models: logistic regressions (lessons 2 and 3) that tell the sneakers from the sandals
# chosen above, each trained for 300 steps on 300 of the sample's 500 such images, one at learning
# rate 0.02 and one at 0.1, and both scored on the same 200 held-out images:

# %%
Xs_train, Xs_dev, ys_train, ys_dev = L1.train_dev_split(X_pair, y_pair, 0.4, np.random.default_rng(0))
right = {}  # learning rate -> (200,) True where that model is right
for lr in (0.02, 0.1):
    w, b, _ = L3.gradient_descent(Xs_train, ys_train, lr=lr, steps=300, log_every=300)
    right[lr] = L2.predict(Xs_dev, w, b) == ys_dev
d = len(ys_dev)
n10 = int(np.sum(right[0.1] & ~right[0.02]))  # right at 0.1, wrong at 0.02
n01 = int(np.sum(~right[0.1] & right[0.02]))  # the other way round
difference, noise = (n10 - n01) / d, np.sqrt(n01 + n10) / d
a = right[0.02].mean()
print(f"d = {d}: accuracy {right[0.02].mean():.1%} at lr 0.02, {right[0.1].mean():.1%} at lr 0.1")
print(f"n10 = {n10}, n01 = {n01}")
print(f"both right: {np.sum(right[0.1] & right[0.02])}, both wrong: {np.sum(~right[0.1] & ~right[0.02])}")
print(f"difference {100 * difference:.1f} points, noise sqrt(n01 + n10) / d = {100 * noise:.2f} points")
print(f"the difference is {difference / noise:.1f} times the noise")
print(f"one model's standard deviation at {a:.0%}: {100 * np.sqrt(a * (1 - a) / d):.2f} points")
print(f"all {n01 + n10} disagreements one way, by luck: {2 / 2 ** (n01 + n10):.1%}")

# %% [markdown]
# The two models disagree on 8 of the 200 images, and learning rate 0.1 is right on all 8. Its
# lead of 4.0 points is 2.8 times the noise of 1.41 points: this dev set does tell them apart.
# With so few disagreements, count exactly: if the models were equally good, 8 fair coins would
# all land the same way (either way) with probability $2 / 2^8$, the 0.8&nbsp;% printed. Set
# against one model's standard deviation instead, 2.12 points, the same lead is less than twice
# it, and would have been dismissed as luck: that measure counts as noise all the luck the two
# models share, the 180 images both get right and the 12 both get wrong.

# %% tags=["exercise"]
# exercise: train_dev_split

# %% [markdown]
# ## Sanity checks before training
#
# A practitioner checks the data before trusting any model trained on it. The ones this lesson
# gives you, each a line of code:
#
# - **Look at images with their labels** (the grid above): a wrong label mapping shows at once.
# - **Shape, dtype and range** of $X$: $(m, 784)$, `float32`, inside $[0, 1]$. A maximum of 255
#   means the scaling was skipped; a maximum far below 1 may mean it happened twice.
# - **Class counts**, and so the chance baseline: any model must beat always-the-majority-class.
# - **The split is a partition**: the two sizes add up to $m$, and the class counts of the dev set
#   look like those of the whole.
#
# For the binary problem of lessons 2 and 3, the baseline a trained model must beat:

# %%
X01, y01 = L1.select_classes(X, labels, [0, 1])
share = np.bincount(y01) / len(y01)
print("shares of T-shirt/top, Trouser:", share)
print("always the majority class:", share.max())

# %% [markdown]
# ## What the grader catches
#
# `course check 1` runs your functions on fixed inputs and on real images and compares them with
# computations of its own. It catches dividing by 256 (or by each image's maximum), flattening
# column by column, `float64` results, relabelling in sorted order, a one-hot as wide as the largest
# label or of the wrong dtype, a split that is not shuffled, overlaps or separates images from
# their labels, and any function that changes its input or uses NumPy's global random state. For
# example, a `preprocess` that flattens column by column:

# %% tags=["hide-input"]
pages.grader_says(
    1,
    "def preprocess(images):\n    return images.reshape(len(images), -1, order='F').astype(np.float32) / 255",
)

# %% [markdown]
# A split that takes the first rows as the dev set, without shuffling:

# %% tags=["hide-input"]
pages.grader_says(
    1,
    "def train_dev_split(X, y, dev_size, rng):\n"
    "    d = int(round(dev_size * len(X))) if isinstance(dev_size, float) else dev_size\n"
    "    return X[d:], X[:d], y[d:], y[:d]",
)

# %% [markdown]
# And a one-hot in `float64`, the dtype NumPy picks when you do not choose:

# %% tags=["hide-input"]
pages.grader_says(1, "def one_hot(y, num_classes):\n    return np.eye(num_classes)[y]")

# %% [markdown]
# ## Check yourself
#
# <details class="question"><summary>Pixel $(3, 5)$ of an image: which column of $X$ is it in? And column 100: which pixel?</summary>
#
# Column $28 \cdot 3 + 5 = 89$. Column 100 is row $\lfloor 100 / 28 \rfloor = 3$, column
# $100 - 84 = 16$: pixel $(3, 16)$.
#
# </details>
#
# <details class="question"><summary>Every pixel has the same units. Why scale them at all?</summary>
#
# Because the size of the inputs sets the size of each gradient step. The gradient with respect
# to $w$ is proportional to $x$, and the change a step makes to a score is a sum of dot products
# of two inputs, each times a push $p_k - y_k$. So raw bytes make the first step from zero move
# every score $255^2$ times further for the same learning rate (the pushes are then the same);
# after it the pushes differ, and so does the ratio (97,249 at the second step on the sample).
# And a random initial weight of a given size gives scores 255 times larger. Scaling keeps the
# inputs near 1, the size the learning rates and initialisations of the course assume.
#
# </details>
#
# <details class="question"><summary>On the same 1,000 dev images, learning rate A gets 905 right (90.5&nbsp;%) and B gets 898 (89.8&nbsp;%). A is right on 31 images that B gets wrong, B on 24 that A gets wrong. Is A better? And if the two had disagreed on 9 images only, 8 going A's way and 1 going B's?</summary>
#
# The difference is $(31 - 24) / 1000 = 0.7$ points, and its noise is
# $\sqrt{31 + 24} / 1000 \approx 0.74$ points: the difference is below even one standard
# deviation, so this dev set cannot tell A and B apart. Use a larger dev set, or several splits.
#
# With 8 and 1 the difference is the same 0.7 points ($8 - 1 = 7$ images), but its noise is
# $\sqrt{9} / 1000 = 0.3$ points, and 0.7 is 2.3 times that: now A is better. (The exact count
# agrees: 8 or more of 9 fair coins landing the same way, either way, has probability
# $2 \cdot 10 / 2^9 \approx 4\,\%$.) One model's standard deviation, $\sqrt{0.9 \cdot 0.1 / 1000}
# \approx 0.95$ points, would have said "luck" both times: it is the noise of one accuracy, not of
# the difference between two measured on the same images.
#
# </details>
#
# <details class="question"><summary>You call <code>select_classes(X, y, [5, 7])</code> and then <code>[7, 5]</code>. What changes, and what does not?</summary>
#
# The same rows are kept, in the same order. The labels swap: with `[5, 7]` sandals are 0 and
# sneakers 1, with `[7, 5]` the reverse. A binary model's $p$ is the probability of whichever
# class is 1, so its probabilities become $1 - p$ and its weights change sign.
#
# </details>
#
# <details class="question"><summary>Why must the split take its randomness from <code>rng</code> and not from <code>np.random.shuffle</code>?</summary>
#
# So that the split is reproducible from a seed and independent of everything else: any other
# code that draws from NumPy's global random state (a library, an earlier cell run twice) would
# change which images land in the dev set, and with them every number measured on it.
#
# </details>
#
# <details class="question"><summary>What shape does <code>one_hot(np.array([1, 1, 0]), 4)</code> have, and what are its column sums?</summary>
#
# Shape $(3, 4)$. The column sums count each class: $[1, 2, 0, 0]$. Every row sums to 1.
#
# </details>

# %% [markdown]
# <div class="admonition example"><p class="admonition-title">Try it</p>
#
# With your own `train_dev_split`, hold out 100 images of the sample with seeds 0 to 9, and print
# `np.bincount(y_dev, minlength=10)` each time. The classes are balanced, so each count should be
# near 10. How far does it wander? If each of the 100 dev images is of a given class with
# probability $q = 0.1$, the count is binomial with standard deviation
# $\sqrt{100 \cdot 0.1 \cdot 0.9} = 3$. Do most of your counts fall within 7 to 13?
#
# <details class="question"><summary>What you should see</summary>
#
# With the reference `train_dev_split` (which shuffles with `rng.permutation`), seed 0 gives
# `[12  9 13 11  8 13  3 12 10  9]`: one class has only 3 of its 10 expected images. Over the ten
# seeds the 100 counts run from 3 to 17, with a standard deviation of 2.9, and 77 of them fall
# within 7 to 13. That is what a standard deviation of 3 predicts: a binomial count lands within
# one standard deviation of its mean about three times in four (0.76 for this one). So most of
# the counts, not all of them. (Drawing 100 of 2,500 images without replacement makes the spread
# a touch smaller, $3 \sqrt{2400 / 2499} \approx 2.94$, a difference too small to see here.) A
# split that shuffles differently, say with `rng.shuffle`, gives other counts but the same
# spread.
#
# So a dev set of 100 can hold 3 images of a class that should have 10, and an accuracy for one
# class measured on it is very noisy. On a larger dev set the counts wander more in number but
# less in proportion: the standard deviation grows as $\sqrt{d}$, the expected count as $d$.
#
# </details>
#
# </div>

# %% [markdown]
# ## Next: a model
#
# You now have what every later lesson starts from: a `float32` matrix $X$ of shape $(m, 784)$
# with values in $[0, 1]$, integer labels $y$ (relabelled 0 and 1 for a pair of classes, or
# one-hot rows for ten), and a development set held out honestly. What is still missing is the
# model itself: a function that turns a row of $X$ into a probability, and a way to say how wrong
# that probability is. Lesson 2 builds both, for T-shirts against trousers.
