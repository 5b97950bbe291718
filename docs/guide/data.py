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
# # The data
#
# The course uses the real **Fashion-MNIST** (Han Xiao, Kashif Rasul and Roland Vollgraf,
# *Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms*,
# arXiv:1708.07747, 2017), © 2017 Zalando SE, under the MIT licence: 60,000 training and 10,000
# test images of 28 x 28 grey pixels, in ten balanced classes.
#
# ## Where the files come from
#
# The course looks for Zalando's four official files, in this order:
#
# 1. the folder named by the environment variable `FASHION_MNIST_DIR` (gzipped or unzipped);
# 2. your cache, `~/.cache/fashion-course/fashion-mnist` on Linux;
# 3. a download from Zalando's official address into that cache, verified against the MD5s
#    Zalando publishes (with the pooch library);
# 4. the real sample bundled with the package, with a notice that says so.
#
# Every file is checked against its MD5 before it is read, and a file that does not match is never
# used: you get one line naming it, where it was and what to do. `course data` shows which files
# are in use and verifies them.
#
# ## The checksums
#
# From the course's own registry of the files (`fashion_course/data.py`):

# %%
import numpy as np
from IPython.display import Markdown

from fashion_course import data

rows = [
    "| file | split | MD5 of the official .gz | MD5 of the bundled sample's |",
    "| --- | --- | --- | --- |",
]
rows += [f"| `{f.name}` | {f.split} {f.kind} | `{f.md5}` | `{f.sample_md5}` |" for f in data.FILES]

# %% tags=["hide-input"]
Markdown("\n".join(rows))

# %% [markdown]
# ## The bundled sample
#
# So that the course works with no network, the package ships a small real subset: the first
# 250 training and 100 test images of each class, in the official order, as gzipped IDX files
# under the official names. `python -m fashion_course.sample DIR` makes it, byte for byte, from the
# official files in DIR, and a test checks that the shipped files are exactly what it makes.

# %%
source = data.locate("sample")
images, labels = data.load("train", source)
test_images, test_labels = data.load("test", source)
print(source.description)
print("train:", images.shape, "per class:", np.bincount(labels).tolist())
print("test: ", test_images.shape, "per class:", np.bincount(test_labels).tolist())
print("classes:", ", ".join(f"{i} {name}" for i, name in enumerate(data.CLASS_NAMES)))

# %% [markdown]
# ## Licence and attribution
#
# Fashion-MNIST is © 2017 Zalando SE and released under the MIT licence; its licence and this
# attribution ship with the sample in `fashion_course/sample_data/`. The full files are not in the
# repository.
