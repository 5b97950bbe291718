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
#
# *Download this page as a notebook: [lesson1_data.ipynb](../lesson1_data.ipynb). Write the code in
# `exercises/lesson1_data.py`, then run `course check 1`.*
#
# A model in this course is a function of a vector. An image of 28 x 28 pixels becomes a vector of
# 784 numbers, a data set of $m$ images a matrix $X$ of shape $(m, 784)$: **examples are rows**.
# This lesson turns Fashion-MNIST's raw bytes into that matrix, chooses classes, encodes labels, and
# holds out a development set honestly.

# %%
import numpy as np

from fashion_course import data, pages

L1 = pages.reference(1)
source = data.locate("sample")  # the pages are built on the bundled sample; figures come from the full data
images, labels = data.load("train", source)
print(source.description)
print("images:", images.dtype, images.shape, " labels:", labels.dtype, labels.shape)

# %% [markdown]
# ## What you write

# %% tags=["hide-input"]
pages.functions_table(1)

# %% [markdown]
# ## Scaling and flattening
#
# Pixels are bytes, $0 \dots 255$. Dividing by 255 puts every feature in $[0, 1]$, so no pixel
# dominates the dot product $x^\top w$ by its units alone. Flattening reads each image row by row:
# pixel $(r, c)$ goes to column $28r + c$, which is what `reshape` does in NumPy's default (C) order.
# Converting to `float32` *before* dividing keeps the whole course in single precision, which halves
# memory and time against `float64`.

# %%
X = L1.preprocess(images)
print(X.dtype, X.shape, f"range [{X.min()}, {X.max()}]")
r, c = 10, 14
assert X[0, 28 * r + c] == images[0, r, c] / np.float32(255)

# %% [markdown]
# ## Choosing classes, and relabelling them
#
# The first model separates T-shirts/tops (label 0) from trousers (label 1). `select_classes` keeps
# the rows of the classes asked for and relabels them $0, 1, \dots, k-1$ **in the order given**:
# asking for `[7, 5]` (Sneaker, Sandal) makes sneakers 0 and sandals 1.

# %%
X_pair, y_pair = L1.select_classes(X, labels, [7, 5])
print(
    X_pair.shape,
    "new labels:",
    np.bincount(y_pair),
    "first labels before:",
    labels[np.isin(labels, [7, 5])][:6],
    "after:",
    y_pair[:6],
)

# %% [markdown]
# ## One-hot labels
#
# A network with $C$ outputs is trained against one-hot rows: $Y_{ic} = 1$ if $y_i = c$, else 0.

# %%
print(L1.one_hot(np.array([2, 0, 9]), 10))

# %% [markdown]
# ## An honest development split
#
# Choices such as the learning rate are made on a **development set** carved from the training
# data, never on the test set, or the test score stops measuring anything. The split must be
# shuffled (the files are not in random order) and disjoint, and every label must stay with its image.
# Randomness comes in as a `numpy.random.Generator`, so the same seed gives the same split.

# %%
rng = np.random.default_rng(0)
X_train, X_dev, y_train, y_dev = L1.train_dev_split(X, labels, 0.2, rng)
print(X_train.shape, X_dev.shape, "dev classes:", np.bincount(y_dev))

# %% [markdown]
# ## What the grader catches
#
# `course check 1` runs your functions on fixed inputs and on real images and compares them with
# computations of its own. It catches dividing by 256 (or by each image's maximum), flattening
# column by column, `float64` results, relabelling in sorted order, a one-hot as wide as the largest
# label, a split that is not shuffled, overlaps or separates images from their labels, and any
# function that changes its input or uses NumPy's global random state. For example, a `preprocess`
# that flattens column by column:

# %% tags=["hide-input"]
pages.grader_says(
    1,
    "def preprocess(images):\n    return images.reshape(len(images), -1, order='F').astype(np.float32) / 255",
)

# %% [markdown]
# ## The data
#
# Ten classes, 6,000 training and 1,000 test images each in the full set; the first images of
# every class:
#
# ![The first images of each class](../../results/full/samples.png)
