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
# # Lesson 6: mini-batches and Adam
#
# *Download this page as a notebook: [lesson6_adam.ipynb](../lesson6_adam.ipynb).
# Write the code in `exercises/lesson6_adam.py`, then run `course check 6`.*
#
# Full-batch gradient descent computes the exact gradient of the whole training set for every
# step. A **mini-batch** of 128 examples gives a noisy but unbiased estimate at a 470th of the cost,
# so an epoch over 60,000 images makes 469 steps instead of one. **Adam** (Kingma and Ba, 2015)
# then scales each parameter's step by running estimates of its gradient's mean and square:
#
# $$m \leftarrow \beta_1 m + (1 - \beta_1) g, \qquad v \leftarrow \beta_2 v + (1 - \beta_2) g^2,$$
# $$\hat m = \frac{m}{1 - \beta_1^t}, \qquad \hat v = \frac{v}{1 - \beta_2^t},$$
#
# $$\theta \leftarrow \theta - \alpha \frac{\hat m}{\sqrt{\hat v} + \varepsilon}.$$
#
# The bias corrections undo the zero start of $m$ and $v$: without them the first steps are far
# too large or too small.

# %%
import numpy as np

from fashion_course import pages, plots

L6 = pages.reference(6)

# %% tags=["hide-input"]
pages.functions_table(6)

# %% [markdown]
# ## Mini-batches
#
# Every call shuffles afresh; every example appears once; the last, partial batch is kept.

# %%
X, Y = np.arange(10.0)[:, None], np.eye(10)
batches = L6.minibatches(X, Y, 4, np.random.default_rng(0))
print([b[0].ravel().astype(int).tolist() for b in batches])

# %% [markdown]
# ## Adam's first step
#
# With bias correction, the first step moves every parameter by almost exactly the learning rate,
# whatever the scale of its gradient:

# %%
params = {"W1": np.array([[1.0, -2.0]]), "b1": np.array([0.0])}
grads = {"dW1": np.array([[1e-3, 50.0]]), "db1": np.array([-0.2])}
state = L6.init_adam(params)
L6.adam_step(params, grads, state, lr=0.1)
print(params)

# %% [markdown]
# Forgetting the correction is the mistake a popular from-scratch repository shipped for years;
# the grader compares your steps with the textbook formula on fixed inputs:

# %% tags=["hide-input"]
pages.grader_says(
    6,
    "def adam_step(params, grads, state, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):\n    state['t'] += 1\n"
    "    for k in params:\n        g = grads['d' + k]\n        state['m'][k] = beta1 * state['m'][k] + (1 - beta1) * g\n"
    "        state['v'][k] = beta2 * state['v'][k] + (1 - beta2) * g * g\n"
    "        params[k] -= lr * state['m'][k] / (np.sqrt(state['v'][k]) + eps)\n    return params, state",
)

# %% [markdown]
# ## The original's last two runs, and ours
#
# The original trained 784-80-40-10 on mini-batches of 128 for 10 epochs with plain gradient
# descent, then with Adam. `mlp-best` is ours, built from the same functions: a wider network,
# Adam with a cosine learning-rate schedule, chosen on a development split
# (`benchmarks/tune_mlp_best.py`), never on the test set.

# %% tags=["hide-input"]
pages.results_table("mlp-sgd", "mlp-adam", "mlp-best")

# %% tags=["hide-input"]
pages.learning_curves("mlp-sgd", "mlp-adam", caption="Mini-batch gradient descent against Adam (full data)")

# %% tags=["hide-input"]
pages.learning_curves("mlp-best", caption="mlp-best: learning curves (full data)")

# %% tags=["hide-input"]
pages.figure(plots.confusion(pages.results()), "mlp-best on the 10,000 test images: which classes it confuses")

# %% tags=["hide-input"]
pages.figure(plots.predictions(pages.results()), "mlp-best: the first 16 test images, mistakes framed in red")
