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

    def time_limit(self, function: str) -> float:
        """Seconds the grader allows one check of `function`, calls to the student's code included."""
        return TIME_LIMITS.get(function, CHECK_SECONDS)

    def calls(self, function: str) -> tuple[str, ...]:
        """The lesson's other functions that `function` (or its check) relies on."""
        return CALLS.get(function, ())

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
                "Pixel (r, c) goes to column 28 * r + c (row by row), and its value becomes pixel / 255, in float32.",
                "images.reshape(len(images), -1) flattens row by row; .astype(np.float32) before dividing by 255.",
            ),
            "select_classes": (
                "Keep the rows whose label is one of `classes`, in their original order; then rename their labels.",
                "The new label of an example is the position of its old label in `classes`: classes[j] becomes j.",
                "mask = np.isin(y, classes); new labels: (y[mask][:, None] == np.asarray(classes)).argmax(axis=1).",
            ),
            "one_hot": (
                "Row i has a single 1, in column y[i]; the width is num_classes, not the largest label.",
                "Y[i, c] = 1 if y[i] == c else 0: compare every label with every class number 0 .. C-1.",
                "(y[:, None] == np.arange(num_classes)).astype(np.float32): a column against a row broadcasts to (m, C).",
            ),
            "train_dev_split": (
                "Shuffle the row numbers once, then cut them in two: the first d are the dev set, the rest train.",
                "A float dev_size is a fraction: d = int(round(dev_size * m)); an int is a count.",
                "order = rng.permutation(m); index X and y with the same order[:d] and order[d:]; never call np.random.*.",
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
                "1 / (1 + exp(-z)) is right mathematically, but exp(-z) overflows for z = -1000: never exponentiate a large positive number.",
                "With e = exp(-|z|), which is at most 1: sigmoid is 1 / (1 + e) for z >= 0, and e / (1 + e) for z < 0.",
                "e = np.exp(-np.abs(z)); np.where(z >= 0, 1 / (1 + e), e / (1 + e)) picks the right form per element.",
            ),
            "predict_proba": (
                "The score of each example is the dot product of its row with w, plus b; the probability is its sigmoid.",
                "p_i = sigmoid(x_i . w + b) for every row i: (m, n) times (n,) gives (m,).",
                "sigmoid(X @ w + b) gives all m probabilities at once.",
            ),
            "log_loss": (
                "The loss is a mean over examples of -(y log p + (1 - y) log(1 - p)): the surprise at the true label.",
                "log(0) is -inf: clip p into [eps, 1 - eps] before taking logs, with eps small but not too small for the dtype.",
                "eps = np.finfo(p.dtype).eps; p = np.clip(p, eps, 1 - eps); return float(-np.mean(...)). In float32, 1 - 1e-12 is 1.0.",
            ),
            "init_zeros": (
                "Return a pair: a vector of n_features zeros, and the bias zero.",
                "w is float32 (the course's dtype); b is the Python float 0.0, which keeps X @ w + b in float32.",
                "return np.zeros(n_features, dtype=np.float32), 0.0",
            ),
            "predict": (
                "Threshold the probabilities: p >= threshold is class 1, anything below is class 0.",
                "y_hat_i = 1 if p_i >= threshold else 0, as integers (not booleans or floats).",
                "(predict_proba(X, w, b) >= threshold).astype(int)",
            ),
            "accuracy": (
                "The fraction of positions where the two label arrays agree.",
                "If one array is a column (m, 1), == broadcasts it against a row (m,) to an (m, m) table: flatten both first.",
                "float(np.mean(np.ravel(y_pred) == np.ravel(y_true)))",
            ),
        },
    ),
    Lesson(
        3,
        "gradient-descent",
        "Gradient descent",
        "deriving and checking a gradient; the training loop; learning curves",
        {
            "numerical_gradient": (
                "Measure the slope along one element at a time: nudge it up and down by eps, evaluate f both times, and leave the rest of x alone.",
                "g_i = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps), where e_i is 1 at element i and 0 elsewhere: its error is O(eps^2).",
                "x_probe = x.astype(np.float64) is a copy; loop `for i in np.ndindex(x.shape)`, set x_probe[i] = saved + eps, then saved - eps, then put saved back.",
            ),
            "logistic_gradients": (
                "Chain rule through p = sigmoid(z), z = X w + b: the factor p(1 - p) of the sigmoid's slope cancels, leaving the error p - y per example.",
                "dJ/dz = (p - y) / m; then dJ/dw = X^T (p - y) / m, shape (n,), and dJ/db = sum_i (p_i - y_i) / m.",
                "dz = (predict_proba(X, w, b) - y) / len(X); return X.T @ dz, float(dz.sum()). Check the sign (p - y) and the 1/m.",
            ),
            "gradient_descent": (
                "Start from init_zeros; each step computes logistic_gradients and moves w and b against them.",
                "w <- w - lr * dw and b <- b - lr * db; log at step 0, every log_every steps, and after the last step.",
                "Loop `for step in range(steps + 1)`: log when step % log_every == 0 or step == steps, update while step < steps; y = y.astype(X.dtype) once, before the loop.",
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
                "Exponentiate every score, then divide each by its row's sum; a constant subtracted from a whole row changes nothing.",
                "P_ic = exp(Z_ic - max_k Z_ik) / sum_j exp(Z_ij - max_k Z_ik): the largest exponent is exp(0) = 1, so nothing overflows.",
                "E = np.exp(Z - Z.max(axis=1, keepdims=True)); return E / E.sum(axis=1, keepdims=True). Rows are examples: axis=1.",
            ),
            "cross_entropy": (
                "Only the log-probability of each example's true class counts; average over the examples, the rows.",
                "J = -(1/m) sum_i sum_c Y_ic log P_ic, with P clipped below at the dtype's machine epsilon so log never sees a 0.",
                "float(-np.sum(Y * np.log(np.maximum(P, np.finfo(P.dtype).eps))) / len(P))",
            ),
            "relu": (
                "Negative values become 0, positive ones stay, element by element.",
                "relu(z) = max(z, 0); NumPy's elementwise maximum against 0 keeps the dtype.",
                "np.maximum(Z, 0)",
            ),
            "relu_backward": (
                "The ReLU passes the gradient where its input was positive and blocks it elsewhere.",
                "dJ/dZ = dJ/dA ⊙ [Z > 0]: slope 1 where Z > 0, 0 where Z <= 0; the mask comes from Z, whatever the sign of dA.",
                "dA * (Z > 0)",
            ),
            "init_params": (
                "Layer l maps layer_dims[l-1] inputs to layer_dims[l] outputs: W has shape (n_in, n_out), b has shape (n_out,).",
                "W_l = scale * N(0, 1) draws from the rng you are given; b_l = 0; all float32.",
                "(rng.standard_normal((n_in, n_out)) * scale).astype(np.float32) and np.zeros(n_out, dtype=np.float32), for each consecutive pair of widths.",
            ),
            "forward": (
                "Loop over the layers: an affine map, then relu for hidden layers and softmax for the last.",
                "Z_l = A_{l-1} W_l + b_l with A_0 = X; keep every A and Z in the cache: backward needs A_{l-1} for dW_l and Z_l for the ReLU mask.",
                "for l in range(1, L + 1): Z = A @ params[f'W{l}'] + params[f'b{l}']; A = relu(Z) if l < L else softmax(Z); cache[f'Z{l}'], cache[f'A{l}'] = Z, A",
            ),
            "backward": (
                "Start at the top with the gradient of the loss with respect to Z_L, then apply the dense-layer and ReLU rules from the top layer down.",
                "G_L = (P - Y) / m; dW_l = A_{l-1}^T G_l, db_l = column sums of G_l; G_{l-1} = (G_l W_l^T) ⊙ [Z_{l-1} > 0].",
                "dZ = (P - Y) / len(Y); grads[f'dW{l}'] = cache[f'A{l-1}'].T @ dZ; grads[f'db{l}'] = dZ.sum(axis=0); dZ = relu_backward(dZ @ W.T, cache[f'Z{l-1}']).",
            ),
            "sgd_step": (
                "Every parameter, weights and biases, moves against its own gradient.",
                "theta <- theta - lr * dtheta, where the gradient of params[k] is grads['d' + k].",
                "for k in params: params[k] -= lr * grads['d' + k]; then return params.",
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
                "Choose the weights' variance so that E[a²] is the same after a ReLU layer as before it: "
                "a sum of fan_in terms multiplies it by fan_in Var(w), and the ReLU halves it.",
                "So Var(W_l) = 2 / fan_in with fan_in = layer_dims[l-1]; the standard deviation is its square root.",
                "rng.standard_normal((fan_in, fan_out)) * np.sqrt(2 / fan_in), cast with .astype(np.float32); "
                "biases np.zeros(fan_out, dtype=np.float32).",
            ),
            "xavier_init": (
                "Glorot keeps the forward signal (fan_in Var(w) = 1) and the backward gradient "
                "(fan_out Var(w) = 1) as well as one variance can: it averages the two widths.",
                "Var(W_l) = 2 / (fan_in + fan_out); everything else is as in he_init.",
                "Write one helper that takes the variance as a function of (fan_in, fan_out), "
                "e.g. lambda fan_in, fan_out: 2 / (fan_in + fan_out), and call it from both.",
            ),
            "activation_stats": (
                "Run the hidden layers only, as forward does, and measure each one's activations on the way.",
                "A_0 = X; A_l = relu(A_{l-1} W_l + b_l) for l = 1 .. L-1, with L = len(params) // 2.",
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
                "Shuffle indices, not rows, once per call; then cut the shuffled indices into consecutive slices.",
                "Batch k holds the examples order[k B : (k + 1) B], with order = rng.permutation(m); "
                "the last slice is shorter when B does not divide m.",
                "[(X[idx], Y[idx]) for idx in (order[i:i + batch_size] for i in range(0, m, batch_size))]",
            ),
            "init_adam": (
                "Adam remembers a step count and two running averages per parameter, all starting at zero.",
                '{"t": 0, "m": {k: np.zeros_like(v) ...}, "v": {k: np.zeros_like(v) ...}} over params.items()',
            ),
            "adam_step": (
                "Average the gradients (momentum) and their squares (RMS), correct both for their zero start, "
                "and step by their ratio. Increment t first: the first step uses t = 1.",
                "m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g², m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t), "
                "θ -= lr m_hat / (√v_hat + eps).",
                "Per key: g = grads['d' + key]; update state['m'][key] and state['v'][key], then "
                "params[key] -= lr * m_hat / (np.sqrt(v_hat) + eps): eps outside the square root.",
            ),
            "train": (
                "Initialise, then for each epoch loop over minibatches(X, Y, batch_size, rng): forward, backward, step.",
                "Log once before training and once after each epoch: the cost and accuracy on all of X, not on each batch.",
                "Accuracy of a softmax network: float(np.mean(P.argmax(axis=1) == Y.argmax(axis=1))).",
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


IMPORT_SECONDS = 10.0  # to import a student's lesson file
CHECK_SECONDS = 5.0  # for one check, unless TIME_LIMITS says otherwise
TIME_LIMITS: dict[str, float] = {"train": 60.0}

# Which of a lesson's functions each one relies on, in the reference and in its checks: when
# both fail, the grader says to fix the one relied on first.
CALLS: dict[str, tuple[str, ...]] = {
    "predict_proba": ("sigmoid",),
    "predict": ("predict_proba",),
    "gradient_descent": ("logistic_gradients",),
    "forward": ("relu", "softmax"),
    "backward": ("relu_backward", "forward"),
    "train": ("minibatches", "init_adam", "adam_step"),
}

# What each function computes, in the notation of the lesson pages (Markdown with TeX math).
FORMULAS: dict[str, str] = {
    "preprocess": r"$X_{i,\,28r+c} = \mathrm{images}_{irc} / 255$: $(m, 28, 28)$ uint8 $\to (m, 784)$ float32",
    "select_classes": r"the rows whose label is in `classes`, label `classes[j]` renamed $j$",
    "one_hot": r"$Y_{ic} = 1$ if $y_i = c$, else $0$: $(m,) \to (m, C)$ float32",
    "train_dev_split": r"a random permutation of the $m$ rows; the first $d$ are the dev set",
    "sigmoid": r"$\sigma(z) = 1 / (1 + e^{-z})$, elementwise, never overflowing",
    "init_zeros": r"$w = 0$, shape $(n,)$ float32, and $b = 0.0$, a Python float",
    "predict_proba": r"$p = \sigma(X w + b)$: $(m, n)\,(n,) \to (m,)$",
    "log_loss": r"$J = -\frac{1}{m} \sum_i \big[y_i \log p_i + (1 - y_i) \log (1 - p_i)\big]$",
    "predict": r"$\hat{y}_i = 1$ if $p_i \ge$ threshold, else $0$",
    "accuracy": r"$\frac{1}{m} \sum_i [\hat{y}_i = y_i]$",
    "numerical_gradient": r"$g_i = \big(f(x + \varepsilon e_i) - f(x - \varepsilon e_i)\big) / 2\varepsilon$ for every element $i$, in float64",
    "logistic_gradients": r"$\partial J / \partial w$, shape $(n,)$, and $\partial J / \partial b$, a number",
    "gradient_descent": r"$w \leftarrow w - \alpha\, \partial J / \partial w$, $b \leftarrow b - \alpha\, \partial J / \partial b$, step after step, logging $J$",
    "softmax": r"$P_{ic} = e^{Z_{ic}} / \sum_j e^{Z_{ij}}$, row by row, stable for any logits",
    "cross_entropy": r"$J = -\frac{1}{m} \sum_i \sum_c Y_{ic} \log P_{ic}$",
    "relu": r"$\max(Z, 0)$, elementwise",
    "relu_backward": r"$\partial J / \partial Z = \partial J / \partial A \odot [Z > 0]$, where $A = \max(Z, 0)$",
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
