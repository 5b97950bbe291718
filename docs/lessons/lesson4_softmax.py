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
# *Download this page as a notebook: [lesson4_softmax.ipynb](../lesson4_softmax.ipynb).
# Write the code in `exercises/lesson4_softmax.py`, then run `course check 4`.*
#
# Ten classes need ten scores per example. A network of $L$ dense layers computes, with
# $A_0 = X$,
#
# $$Z_l = A_{l-1} W_l + b_l,$$
#
# $$A_l = \mathrm{relu}(Z_l) \ (l < L), \qquad P = \mathrm{softmax}(Z_L),$$
#
# where $W_l$ has shape $(n_{l-1}, n_l)$, $b_l$ shape $(n_l,)$, and each row of
# $P$ is a probability distribution over the classes. The loss is the mean cross-entropy
# $J = -\frac{1}{m} \sum_i \sum_c Y_{ic} \log P_{ic}$ against one-hot labels $Y$.

# %%
import numpy as np

from fashion_course import pages

L4 = pages.reference(4)

# %% tags=["hide-input"]
pages.functions_table(4)

# %% [markdown]
# ## A stable softmax
#
# $\mathrm{softmax}(z)_c = e^{z_c} / \sum_j e^{z_j}$ does not change when a constant is subtracted
# from every $z_j$. Subtracting each row's maximum makes the largest exponent $e^0 = 1$, so nothing
# overflows; without it, float32 logits of 89 already give NaN.

# %%
Z = np.array([[1e4, 0.0, -1e4], [89.0, 88.0, 0.0]], dtype=np.float32)
print(L4.softmax(Z))

# %% [markdown]
# ## Backpropagation
#
# Softmax and cross-entropy together give the simplest possible top gradient,
# $\partial J / \partial Z_L = (P - Y) / m$. From there, layer by layer downwards:
#
# $$\frac{\partial J}{\partial W_l} = A_{l-1}^\top \frac{\partial J}{\partial Z_l}, \qquad \frac{\partial J}{\partial b_l} = \sum_i \frac{\partial J}{\partial Z_{l,i}},$$
#
# $$\frac{\partial J}{\partial Z_{l-1}} = \Big(\frac{\partial J}{\partial Z_l} W_l^\top\Big) \odot [Z_{l-1} > 0].$$
#
# The grader compares every gradient with a numerical one on networks of depth 1 to 3 and names the
# first layer that is wrong. The same check, here, on a network of depth 3:

# %%
L3 = pages.reference(3)
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
# A backward pass that gets the first layer wrong (here scaled by 1.5) is caught at that layer:

# %% tags=["hide-input"]
pages.grader_says(
    4,
    "_reference_backward = backward\n"
    "def backward(Y, params, cache):\n    grads = _reference_backward(Y, params, cache)\n"
    "    grads['dW1'] = grads['dW1'] * 1.5\n    return grads",
)

# %% [markdown]
# ## The original's first network
#
# The original trained 784-70-10 with weights drawn as $0.01 \times \mathcal{N}(0, 1)$, full-batch
# gradient descent, learning rate 0.009, for 6,000 steps. Reproduced on the full data, with the
# cost creeping down for hundreds of steps before the network starts to learn (lesson 5 explains why):

# %% tags=["hide-input"]
pages.results_table("mlp-small-init")

# %% tags=["hide-input"]
pages.learning_curves("mlp-small-init", caption="mlp-small-init on the full data")
