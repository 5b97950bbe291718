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
# The change is proportional to dot products of two images: multiply every pixel by 255 and each
# step moves every score $255^2 = 65{,}025$ times further, for the same learning rate. A learning
# rate that suits pixels in $[0, 1]$ is then 65,025 times too large. On the sample's T-shirts and
# trousers, the squared length $\lVert x \rVert^2 = x \cdot x$ of an image, averaged, and the
# change that one step of learning rate 0.009 from $w = 0$ makes to the scores:

# %%
L2, L3 = pages.reference(2), pages.reference(3)
X01, y01 = L1.select_classes(X, labels, [0, 1])
moved = {}
print("        mean |x|^2   mean |Δz|")
for name, inputs in (("scaled", X01), ("raw", X01 * 255)):
    w, b, _ = L3.gradient_descent(inputs, y01, lr=0.009, steps=1)
    size = np.mean(np.sum(inputs**2, axis=1))
    moved[name] = np.abs(inputs @ w + b).mean()
    print(f"{name:6}  {size:10,.0f}  {moved[name]:10.3g}")
print(f"ratio of the moves: {moved['raw'] / moved['scaled']:,.0f}")

# %% [markdown]
# After one step on scaled pixels the scores have moved by a few hundredths: the sigmoid of
# lesson 2 turns that into probabilities a little way from one half, a cautious first step. On raw
# bytes the same step moves them by thousands, $255^2$ times as far, and almost every probability
# becomes an exact 0 or 1. This first step happens to point the right way for most images, but
# each image it gets wrong now costs the most the loss can charge, and the steps that follow are
# just as outsized: they overshoot. (The bias moves alike in both runs; on this balanced sample
# its first step is zero, so the ratio is exactly $255^2$.) The cost of the two runs, step by step:

# %%
costs = {}
for name, inputs in (("scaled", X01), ("raw", X01 * 255)):
    history = L3.gradient_descent(inputs, y01, lr=0.009, steps=60, log_every=1)[2]
    costs[name] = history["cost"]
print("raw run's highest cost:", round(max(costs["raw"]), 2))
print("half the float32 loss cap:", round(-np.log(np.finfo(np.float32).eps) / 2, 2))

# %% tags=["hide-input"]
pages.figure(
    fig1.scaling_costs(costs, lr=0.009),
    "Cost per step of one logistic regression, trained from zero on the sample's T-shirts and"
    " trousers, on raw bytes and on pixels / 255",
)

# %% [markdown]
# Within three steps the raw run's cost leaps to 7.97, exactly half the float32 cap: half the
# examples are confidently wrong, each costing the largest loss lesson 2's clipped log loss can
# give, and the other half cost nothing. It comes back down after a few steps, because this loss
# is bowl-shaped (lesson 2) and each example's push, $p_k - y_k$, is never larger than 1, but
# almost to the last step it stays above the scaled run, and jumpier, while the scaled run glides. A
# smaller learning rate would tame it, but then you would have to find a learning rate 65,025
# times smaller, and every suggested setting in the course (and the original challenge's 0.009)
# assumes inputs near 1.
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
# common choice; for these images many corner pixels are 0 in every image, so their standard
# deviation is 0 and that division needs care. Dividing by 255 is simple and enough.
#
# Finally, convert to `float32` **before** dividing. Dividing bytes by 255 gives `float64`,
# which holds twice the bytes, and every matrix product of the course would then run in double
# precision, at about half the speed. For the full training set:

# %%
m_full = 60_000
print(f"float32: {m_full * 784 * 4 / 1e6:.0f} MB, float64: {m_full * 784 * 8 / 1e6:.0f} MB")

# %% tags=["exercise"]
# exercise: preprocess

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
# after it, into `float64`, silently doubling memory and time:

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
# to $w$ is proportional to $x$, and the change a step makes to a score is proportional to dot
# products of two inputs, so raw bytes make each step $255^2$ times larger for the same learning
# rate; and a random initial weight of a given size gives scores 255 times larger. Scaling keeps
# the inputs near 1, the size the learning rates and initialisations of the course assume.
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
