"""The lesson registry: the one place that says what each lesson is.

The grader, the `course` command and the docs all read `LESSONS`. A lesson's exercise file,
reference solution and autograder checks share one file name, derived from its number and slug:

    exercises/lesson3_gradient_descent.py     the stubs a student fills in
    solutions/lesson3_gradient_descent.py     the reference solution
    tests/checks/test_lesson3_gradient_descent.py   the checks (pytest tests)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lesson:
    number: int
    slug: str
    title: str
    learns: str
    hints: dict[str, tuple[str, ...]]  # function -> its hints, gentlest first; in writing order

    @property
    def functions(self) -> tuple[str, ...]:
        """The functions a student writes, in the order they should be written."""
        return tuple(self.hints)

    @property
    def formulas(self) -> dict[str, str]:
        """What each function computes, as Markdown with TeX math, for the lesson's page."""
        return {name: FORMULAS[name] for name in self.functions}

    @property
    def module_name(self) -> str:
        """`lesson3_gradient_descent`: the module name of the exercise and the solution."""
        return f"lesson{self.number}_{self.slug.replace('-', '_')}"

    @property
    def file_name(self) -> str:
        return f"{self.module_name}.py"

    @property
    def check_file(self) -> str:
        return f"test_{self.module_name}.py"

    @property
    def label(self) -> str:
        return f"lesson {self.number} ({self.slug})"


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        1,
        "data",
        "Data: images as vectors",
        "images as vectors, scaling, label encodings, honest splits",
        {
            "preprocess": (
                "Two things happen: each 28 x 28 image becomes a row of 784 numbers, and each number is divided by 255.",
                "images.reshape(len(images), -1) flattens row by row; convert with .astype(np.float32) before dividing.",
                "Divide by 255, the largest pixel value: not by 256, and not by each image's own maximum.",
            ),
            "select_classes": (
                "np.isin(y, classes) gives a boolean mask of the rows to keep; X[mask] and y[mask] keep them in order.",
                "The new label of an example is the position of its old label in `classes`: classes[j] becomes j.",
                "One vectorised way: (y_kept[:, None] == np.asarray(classes)).argmax(axis=1).",
            ),
            "one_hot": (
                "Row i has a single 1, in column y[i]; the width is num_classes, not the largest label.",
                "Compare y[:, None] with np.arange(num_classes) and convert the booleans with .astype(np.float32).",
            ),
            "train_dev_split": (
                "Shuffle indices, not rows: order = rng.permutation(m). The first d indices are the dev set.",
                "A float dev_size is a fraction: d = int(round(dev_size * m)); an int is a count.",
                "Index X and y with the same index arrays, so every label stays with its image; never call np.random.*.",
            ),
        },
    ),
    Lesson(
        2,
        "logistic-regression",
        "Logistic regression",
        "the model, a stable sigmoid, a loss that never returns inf",
        {
            "sigmoid": (
                "1 / (1 + np.exp(-z)) is right mathematically, but np.exp(-z) overflows for z = -1000.",
                "e = np.exp(-np.abs(z)) never overflows. For z >= 0, sigmoid is 1 / (1 + e); for z < 0 it is e / (1 + e).",
                "np.where(z >= 0, 1 / (1 + e), e / (1 + e)) picks the right formula per element.",
            ),
            "init_zeros": (
                "Return a pair: a vector of zeros and the number 0.0.",
                "np.zeros(n_features, dtype=np.float32), 0.0",
            ),
            "predict_proba": (
                "The score of each example is the dot product of its row with w, plus b.",
                "sigmoid(X @ w + b) gives all m probabilities at once.",
            ),
            "log_loss": (
                "The loss is a mean over examples of -(y log p + (1 - y) log(1 - p)).",
                "log(0) is -inf: clip p into [eps, 1 - eps] first, with np.clip.",
                "Take eps = np.finfo(p.dtype).eps: in float32, 1 - 1e-12 is exactly 1.0 and the clip would do nothing.",
            ),
            "predict": (
                "Threshold the probabilities: p >= threshold is class 1.",
                "(predict_proba(X, w, b) >= threshold).astype(int)",
            ),
            "accuracy": (
                "The fraction of positions where the two label arrays agree: np.mean(y_pred == y_true).",
                "If one array is a column (m, 1), == broadcasts to (m, m); flatten both with np.ravel first.",
            ),
        },
    ),
    Lesson(
        3,
        "gradient-descent",
        "Gradient descent",
        "deriving and checking a gradient; the training loop; learning curves",
        {
            "logistic_gradients": (
                "With p = sigmoid(X w + b), the derivative of the mean log loss with respect to z = X w + b is (p - y) / m.",
                "dw = X.T @ (p - y) / m sums over the examples; db = np.sum(p - y) / m.",
                "Check the sign (p - y, not y - p) and the 1/m; course check compares with a numerical gradient.",
            ),
            "numerical_gradient": (
                "Nudge one element of x at a time by +eps and -eps, and measure (f(x + eps) - f(x - eps)) / (2 eps).",
                "Work on a float64 copy, loop over np.ndindex(x.shape), and put each element back after probing it.",
            ),
            "gradient_descent": (
                "Start from init_zeros; each step computes logistic_gradients and moves w and b against them, times lr.",
                "Log at step 0, every log_every steps and after the last: loop for step in range(steps + 1).",
                "Convert y to X's dtype once, before the loop, so float32 stays float32.",
            ),
        },
    ),
    Lesson(
        4,
        "softmax",
        "A softmax network from scratch",
        "a multi-layer network from scratch, any depth",
        {
            "softmax": (
                "Exponentiate, then divide each row by its sum: rows, so axis=1 with keepdims=True.",
                "Subtract each row's maximum before np.exp: the result is the same and nothing overflows.",
            ),
            "cross_entropy": (
                "Only the log-probability of the true class counts: sum Y * log(P), then divide by the number of rows.",
                "Clip P from below with np.maximum(P, np.finfo(P.dtype).eps) so log never sees a 0.",
            ),
            "relu": (
                "Negative values become 0, positive ones stay.",
                "np.maximum(Z, 0)",
            ),
            "relu_backward": (
                "The ReLU passes the gradient where its input was positive and blocks it elsewhere.",
                "dA * (Z > 0): the mask comes from Z, the pre-activation, whatever the sign of dA.",
            ),
            "init_params": (
                "Layer l maps layer_dims[l-1] inputs to layer_dims[l] outputs: W has shape (n_in, n_out).",
                "rng.standard_normal((n_in, n_out)) * scale for weights, np.zeros(n_out) for biases (1-D).",
            ),
            "forward": (
                "Loop over the layers: Z = A @ W + b, then relu for hidden layers and softmax for the last.",
                "Keep every A and Z in the cache: backward needs A_{l-1} for dW_l and Z_l for the ReLU mask.",
            ),
            "backward": (
                "Start at the top with dZ = (P - Y) / m; then dW = A_prev.T @ dZ and db = dZ.sum(axis=0).",
                "Going down a layer: dA = dZ @ W.T, then dZ = relu_backward(dA, Z) with that layer's Z.",
                "course check 4 names the first layer whose gradient is wrong: compare that layer with the formula.",
            ),
            "sgd_step": (
                "Every parameter moves against its gradient: params[k] -= lr * grads['d' + k].",
                "Return params, even if you updated it in place.",
            ),
        },
    ),
    Lesson(
        5,
        "he-init",
        "He initialisation",
        "why 0.01 * randn stalls learning, and what fixes it",
        {
            "he_init": (
                "Like init_params, but each layer's scale depends on its input width, fan_in = layer_dims[l-1].",
                "The variance is 2 / fan_in, so multiply standard normals by np.sqrt(2 / fan_in).",
            ),
            "xavier_init": (
                "The same as he_init, with variance 2 / (fan_in + fan_out) instead of 2 / fan_in.",
                "Write one helper that takes the variance as a function of (fan_in, fan_out) and call it from both.",
            ),
            "activation_stats": (
                "Run the hidden layers only: A = relu(A @ W + b) for l = 1 .. L-1, starting from A = X.",
                "Append float(A.std()) after each hidden layer; the output layer is left out.",
            ),
        },
    ),
    Lesson(
        6,
        "adam",
        "Mini-batches and Adam",
        "mini-batches, momentum and RMS scaling, bias correction",
        {
            "minibatches": (
                "Shuffle the indices once per call with rng.permutation(m), then cut them into slices of batch_size.",
                "range(0, m, batch_size) gives the start of every batch, including a last, shorter one.",
            ),
            "init_adam": (
                "The state is a dict: the step count t = 0 and, for every parameter, zero first and second moments.",
                '{"t": 0, "m": {k: np.zeros_like(v) ...}, "v": {k: np.zeros_like(v) ...}}',
            ),
            "adam_step": (
                "Increment t first: the first step uses t = 1, or 1 - beta1**t is zero.",
                "m = beta1 m + (1 - beta1) g and v = beta2 v + (1 - beta2) g**2, then divide by (1 - beta**t) each.",
                "The update is lr * m_hat / (np.sqrt(v_hat) + eps): eps outside the square root.",
            ),
            "train": (
                "Initialise with he_init or init_params, then for each epoch loop over minibatches: forward, backward, step.",
                "Log once per epoch (and once before training): cost and accuracy on all of X, not on each batch.",
                "Accuracy of a softmax network: np.mean(P.argmax(axis=1) == Y.argmax(axis=1)).",
            ),
        },
    ),
)


class UnknownLessonError(ValueError):
    """A lesson name that names no lesson; its message lists the lessons that exist."""


def lesson_names() -> str:
    """One line naming every lesson: `1 data, 2 logistic-regression, ...`."""
    return ", ".join(f"{lesson.number} {lesson.slug}" for lesson in LESSONS)


def find_lesson(name: str | int) -> Lesson:
    """The lesson named by `3`, `lesson3`, `lesson-3`, `gradient-descent` or `gradient_descent`."""
    key = str(name).strip().lower().replace("_", "-")
    number = key.removeprefix("lesson").lstrip("- ")
    for lesson in LESSONS:
        if number == str(lesson.number) or key == lesson.slug:
            return lesson
    raise UnknownLessonError(f"there is no lesson {name!r}; the lessons are {lesson_names()}")


# What each function computes, in the notation of the lesson pages (Markdown with TeX math).
FORMULAS: dict[str, str] = {
    "preprocess": r"$X_{i,\,28r+c} = \mathrm{images}_{irc} / 255$: $(m, 28, 28)$ uint8 $\to (m, 784)$ float32",
    "select_classes": r"the rows whose label is in `classes`, label `classes[j]` renamed $j$",
    "one_hot": r"$Y_{ic} = 1$ if $y_i = c$, else $0$: $(m,) \to (m, C)$",
    "train_dev_split": r"a random permutation of the $m$ rows; the first $d$ are the dev set",
    "sigmoid": r"$\sigma(z) = 1 / (1 + e^{-z})$, elementwise, never overflowing",
    "init_zeros": r"$w = 0 \in \mathbb{R}^n$, $b = 0$",
    "predict_proba": r"$p = \sigma(X w + b)$: $(m, n)\,(n,) \to (m,)$",
    "log_loss": r"$J = -\frac{1}{m} \sum_i \big[y_i \log p_i + (1 - y_i) \log (1 - p_i)\big]$",
    "predict": r"$\hat{y}_i = 1$ if $p_i \ge$ threshold, else $0$",
    "accuracy": r"$\frac{1}{m} \sum_i [\hat{y}_i = y_i]$",
    "logistic_gradients": r"$\partial J / \partial w$, shape $(n,)$, and $\partial J / \partial b$, a number",
    "numerical_gradient": r"$g_i = \big(f(x + \epsilon e_i) - f(x - \epsilon e_i)\big) / 2\epsilon$ for every element $i$",
    "gradient_descent": r"$w \leftarrow w - \alpha\, \partial J / \partial w$, $b \leftarrow b - \alpha\, \partial J / \partial b$, step after step, logging $J$",
    "softmax": r"$P_{ic} = e^{Z_{ic}} / \sum_j e^{Z_{ij}}$, row by row, stable for any logits",
    "cross_entropy": r"$J = -\frac{1}{m} \sum_i \sum_c Y_{ic} \log P_{ic}$",
    "relu": r"$\max(Z, 0)$, elementwise",
    "relu_backward": r"$\partial J / \partial Z$ from $\partial J / \partial A$, where $A = \max(Z, 0)$",
    "init_params": r"$W_l \sim s \cdot \mathcal{N}(0, 1)$ of shape $(n_{l-1}, n_l)$, $b_l = 0$",
    "forward": r"$Z_l = A_{l-1} W_l + b_l$, $A_l = \max(Z_l, 0)$, $P = \mathrm{softmax}(Z_L)$",
    "backward": r"$\partial J / \partial W_l$ and $\partial J / \partial b_l$ for every layer $l$",
    "sgd_step": r"$\theta \leftarrow \theta - \alpha\, \partial J / \partial \theta$ for every parameter",
    "he_init": r"$W_l \sim \mathcal{N}(0,\, 2 / n_{l-1})$, $b_l = 0$",
    "xavier_init": r"$W_l \sim \mathcal{N}\big(0,\, 2 / (n_{l-1} + n_l)\big)$, $b_l = 0$",
    "activation_stats": r"the standard deviation of $A_l$ for every hidden layer $l$",
    "minibatches": r"a fresh permutation cut into batches of $B$ rows, the last one possibly shorter",
    "init_adam": r"$t = 0$, and moments $m = v = 0$ shaped like every parameter",
    "adam_step": r"one Adam update of every parameter, with bias-corrected moments",
    "train": r"a network trained by mini-batch gradient descent or Adam, with its learning curves",
}
