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
# # Lesson 5: He initialisation
#
# *Download this page as a notebook: [lesson5_he_init.ipynb](../lesson5_he_init.ipynb).
# Write the code in `exercises/lesson5_he_init.py`, then run `course check 5`.*
#
# With weights of $0.01 \times \mathcal{N}(0, 1)$, each layer multiplies the spread of its input by
# roughly $0.01 \sqrt{n/2}$: for $n = 256$ that is about 0.11, so after a few layers the signal, and
# with it every gradient, has all but vanished. He et al. (2015) choose the variance so that the
# spread survives a ReLU layer: half of the units are zeroed, so the weights need twice the variance
# that keeps a linear layer's output variance equal to its input's,
#
# $$W_l \sim \mathcal{N}\!\left(0, \frac{2}{n_{l-1}}\right) \quad \text{(He)},$$
#
# $$W_l \sim \mathcal{N}\!\left(0, \frac{2}{n_{l-1} + n_l}\right) \quad \text{(Xavier, after Glorot and Bengio, 2010)}.$$

# %%
import json

from fashion_course import figures, pages

L5 = pages.reference(5)

# %% tags=["hide-input"]
pages.functions_table(5)

# %% [markdown]
# ## Watching the signal die
#
# `activation_stats` measures the standard deviation of each hidden layer's activations. Through
# eight ReLU layers of width 256, on 1,000 real images (the numbers `course plots` measured on the
# full data):

# %%
stats = json.loads((pages.RESULTS / "activation-spread.json").read_text())
for label, values in stats.items():
    print(f"{figures.CONCEPTS[label].label:18s}", " ".join(f"{v:.0e}" for v in values))

# %% tags=["hide-input"]
pages.figure(
    figures.activation_spread(stats), "The spread of the activations, layer by layer, under three initialisations"
)

# %% [markdown]
# The grader checks your initialisers statistically, so any correct way of drawing the numbers
# passes; a He initialisation that divides by `fan_out` does not:

# %% tags=["hide-input"]
pages.grader_says(
    5,
    "def he_init(layer_dims, rng):\n    p = normal_init(layer_dims, rng, lambda i, o: 2 / i)\n"
    "    return {k: v * np.sqrt(v.shape[0] / v.shape[1]) if k[0] == 'W' else v for k, v in p.items()}",
)

# %% [markdown]
# ## Better in a third of the steps
#
# The original's second run changed only the initialisation of its 784-70-10 network and
# reported, after 2,000 steps, a better cost than small initialisation after 6,000. On the full
# data here, He is far ahead at equal steps, and small initialisation needs more than twice as
# many steps to catch up, though not the three times the original saw:

# %%
small, he = (
    json.loads((pages.RESULTS / f"{name}.json").read_text())["history"]
    for name in ("mlp-small-init", "mlp-he")
)
catch_up = next(step for step, cost in zip(small["epoch"], small["cost"]) if cost <= he["cost"][-1])
at_2000 = small["epoch"].index(2000)
print(f"after 2,000 steps: He cost {he['cost'][-1]:.3f}, small init {small['cost'][at_2000]:.3f}")
print(f"small init reaches He's cost after {catch_up:,.0f} steps")

# %% tags=["hide-input"]
pages.results_table("mlp-small-init", "mlp-he")

# %% tags=["hide-input"]
pages.learning_curves("mlp-small-init", "mlp-he", caption="Small initialisation against He, on the same axes (full data)")
