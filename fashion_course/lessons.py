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

    def checked_with(self, function: str) -> tuple[str, ...]:
        """The student's own functions of the lesson that the checks of `function` use."""
        return CHECKED_WITH.get(function, ())

    def standins(self, function: str) -> tuple[str, ...]:
        """The lesson's functions that are the reference's while `function` is checked: those it
        calls, and those they call, and those the student's functions its checks use call; in
        the lesson's order."""
        own = {function, *self.checked_with(function)}
        found: set[str] = set()
        reached = [*own]
        while reached:
            for called in CALLS.get(reached.pop(), ()):
                if called not in found and called not in own:
                    found.add(called)
                    reached.append(called)
        return tuple(name for name in self.functions if name in found)

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
                "`reshape` with -1 for the width lets NumPy work out the 784; convert to float32 with `.astype` before dividing, since a uint8 array divided by 255 gives float64.",
            ),
            "select_classes": (
                "Keep the rows whose label is one of `classes`, in their original order; then rename their labels.",
                "The new label of an example is the position of its old label in `classes`: classes[j] becomes j.",
                "`np.isin` gives the mask of rows to keep. For the new labels, compare the kept labels as a column with `classes` as a row: each row of that table has its one True at the new label, and `argmax(axis=1)` finds it.",
            ),
            "one_hot": (
                "Row i has a single 1, in column y[i]; the width is num_classes, not the largest label.",
                "Y[i, c] = 1 if y[i] == c else 0: compare every label with every class number 0 .. C-1.",
                "Compare a column of labels, shape (m, 1), with a row of class numbers from `np.arange(num_classes)`: broadcasting makes the (m, C) table of matches, and `.astype` turns its booleans into float32.",
            ),
            "train_dev_split": (
                "Shuffle the row numbers once, then cut them in two: the first d are the dev set, the rest train.",
                "A float dev_size is a fraction: d = int(round(dev_size * m)), the nearest integer (int() alone would cut 100 * 0.29 = 28.999999999999996 down to 28); an int is a count.",
                "`rng.permutation` shuffles the row numbers 0 .. m-1 once; index X and y with the same first d of them for dev and the same rest for train. Use only `rng`, never `np.random.*`.",
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
                "Compute e once for the whole array with `np.abs` and `np.exp`; `np.where(z >= 0, ..., ...)` then picks, element by element, which of the two fractions to return (it computes both everywhere, which is safe here: neither can overflow).",
            ),
            "predict_proba": (
                "The score of each example is the dot product of its row with w, plus b; the probability is its sigmoid.",
                "p_i = sigmoid(x_i . w + b) for every row i: (m, n) times (n,) gives (m,).",
                "`X @ w` multiplies every row by w at once and gives shape (m,); adding the Python float b keeps float32; hand the scores to your own `sigmoid`.",
            ),
            "log_loss": (
                "The loss is a mean over examples of -(y log p + (1 - y) log(1 - p)): the surprise at the true label.",
                "log(0) is -inf: clip p into [eps, 1 - eps] before taking logs, with eps small but not too small for the dtype.",
                "`np.finfo(p.dtype).eps` is the dtype's machine epsilon; `np.clip` bounds p on both sides; `np.log1p(-p)` is an accurate log(1 - p); return a Python float. In float32, 1 - 1e-12 rounds to exactly 1.0, so a fixed tiny eps does not help.",
            ),
            "init_zeros": (
                "Return a pair: a vector of n_features zeros, and the bias zero.",
                "w is float32 (the course's dtype); b is the Python float 0.0, which keeps X @ w + b in float32.",
                "`np.zeros` takes the length and a `dtype`: ask for float32 (NumPy's default is float64). The bias is a plain Python float, not an array.",
            ),
            "predict": (
                "Threshold the probabilities: p >= threshold is class 1, anything below is class 0.",
                "y_hat_i = 1 if p_i >= threshold else 0, as integers (not booleans or floats).",
                "Compare the probabilities with the threshold using >= (so exactly 0.5 is class 1), then turn the booleans into integers with `.astype`.",
            ),
            "accuracy": (
                "The fraction of positions where the two label arrays agree.",
                "If one array is a column (m, 1), == broadcasts it against a row (m,) to an (m, m) table: flatten both first.",
                "`np.ravel` makes either array shape (m,); the mean of a boolean array is the fraction of Trues; wrap it in `float(...)` to return a Python float.",
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
                "Probe a float64 copy of x (`astype` copies), visit every position with `np.ndindex(x.shape)`, and put each element back after its two evaluations, so f always sees x changed in one place only; collect the slopes in an array shaped like x.",
            ),
            "logistic_gradients": (
                "Chain rule through p = sigmoid(z), z = X w + b: the factor p(1 - p) of the sigmoid's slope cancels, leaving the error p - y per example.",
                "dJ/dz = (p - y) / m; then dJ/dw = X^T (p - y) / m, shape (n,), and dJ/db = sum_i (p_i - y_i) / m.",
                "Make the error vector p - y, shape (m,), once and divide it by m; `X.T @` that vector sums each feature's share into shape (n,), and its sum is db, as a Python float. Check the sign: p - y, not y - p.",
            ),
            "gradient_descent": (
                "Start from init_zeros; each step computes logistic_gradients and moves w and b against them.",
                "w <- w - lr * dw and b <- b - lr * db; log at step 0, every log_every steps, and after the last step.",
                "Loop over step = 0 .. steps inclusive: log first (when step is a multiple of log_every, or the last step), then update unless it is the last; convert y to X's dtype once, before the loop, so that p - y stays float32.",
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
                "`Z.max(axis=1, keepdims=True)` is each row's maximum as an (m, 1) column that broadcasts against Z; subtract it, exponentiate, and divide by the row sums, taken the same way. Rows are examples: axis=1.",
            ),
            "cross_entropy": (
                "Only the log-probability of each example's true class counts; average over the examples, the rows.",
                "J = -(1/m) sum_i sum_c Y_ic log P_ic, with P clipped below at the dtype's machine epsilon so log never sees a 0.",
                "Multiplying Y by the log of P keeps only the true class's log-probability in each row; `np.maximum` with `np.finfo(P.dtype).eps` keeps log away from 0; sum it all, divide by the number of rows, and return a Python float.",
            ),
            "relu": (
                "Negative values become 0, positive ones stay, element by element.",
                "relu(z) = max(z, 0); NumPy's elementwise maximum against 0 keeps the dtype.",
                "`np.maximum` compares element by element and broadcasts a scalar against the array; comparing with the Python int 0 keeps Z's dtype.",
            ),
            "relu_backward": (
                "The ReLU passes the gradient where its input was positive and blocks it elsewhere.",
                "dJ/dZ = dJ/dA ⊙ [Z > 0]: slope 1 where Z > 0, 0 where Z <= 0; the mask comes from Z, whatever the sign of dA.",
                "`Z > 0` is a boolean mask shaped like Z; multiplying dA by it zeroes the gradient where the unit was off, and keeps dA's dtype.",
            ),
            "init_params": (
                "Layer l maps layer_dims[l-1] inputs to layer_dims[l] outputs: W has shape (n_in, n_out), b has shape (n_out,).",
                "W_l = scale * N(0, 1) draws from the rng you are given; b_l = 0; all float32.",
                "`zip(layer_dims[:-1], layer_dims[1:])` gives each layer's (n_in, n_out); draw W with `rng.standard_normal` of that shape, scale it, cast it to float32; the keys are 'W1', 'b1', 'W2', ... counting from 1.",
            ),
            "forward": (
                "Loop over the layers: an affine map, then relu for hidden layers and softmax for the last.",
                "Z_l = A_{l-1} W_l + b_l with A_0 = X; keep every A and Z in the cache: backward needs A_{l-1} for dW_l and Z_l for the ReLU mask.",
                "The number of layers L is half the number of entries in params. Keep A as the running activation, starting at X; only the last layer takes softmax. Put 'A0' = X in the cache too: backward needs it for dW1.",
            ),
            "backward": (
                "Start at the top with the gradient of the loss with respect to Z_L, then apply the dense-layer and ReLU rules from the top layer down.",
                "G_L = (P - Y) / m; dW_l = A_{l-1}^T G_l, db_l = column sums of G_l; G_{l-1} = (G_l W_l^T) ⊙ [Z_{l-1} > 0].",
                "Walk the layers from L down to 1 (`range(L, 0, -1)`): dW from the cached A of the layer below, db by summing over axis 0; move dZ down through the transposed W and relu_backward with the cached Z below, except under the first layer.",
            ),
            "sgd_step": (
                "Every parameter, weights and biases, moves against its own gradient.",
                "theta <- theta - lr * dtheta, where the gradient of params[k] is grads['d' + k].",
                "Loop over the keys of params and update each array in place with -=, so the caller's dict sees the change; the gradient of 'W1' is grads['dW1']. Return params.",
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
                "The standard deviation is `np.sqrt(2 / fan_in)`; scale a `rng.standard_normal` draw of shape (fan_in, fan_out) by it and cast to float32; biases are float32 zeros of shape (fan_out,).",
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
                "Measure `A.std()` after each hidden layer, as a Python float; the output layer is left out.",
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
                "`range(0, m, batch_size)` gives each batch's first position in the shuffled order; a slice of batch_size from there is its indices (Python shortens the last one by itself); index X and Y with the same indices.",
            ),
            "init_adam": (
                "Adam keeps, for every parameter, two running averages (of its gradient and of the gradient's square), and one step count shared by all; everything starts at zero.",
                "The state is a dict: 't' is 0, and 'm' and 'v' are each a dict with the keys of params ('W1', 'b1', ...), holding zeros of that parameter's shape and dtype.",
                "`np.zeros_like` copies a shape and a dtype; build each moment dict with a comprehension over `params.items()`, and give m and v arrays of their own (adam_step updates them in place).",
            ),
            "adam_step": (
                "Average the gradients (momentum) and their squares (RMS), correct both for their zero start, "
                "and step by their ratio. Increment t first: the first step uses t = 1.",
                "m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g², m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t), "
                "θ -= lr m_hat / (√v_hat + eps).",
                "Loop over the keys of params; the gradient of key is grads['d' + key], and its moments are "
                "state['m'][key] and state['v'][key]: update those arrays in place (*= and +=), then the "
                "parameter with -=. eps goes outside the square root, and t is a Python int.",
            ),
            "train": (
                "Draw the initial parameters from rng first, before any shuffle (he_init, or init_params for 'small', with the rng you were given); then for each epoch loop over minibatches(X, Y, batch_size, rng): forward, backward, step.",
                "Log once before training and once after each epoch: the cost and accuracy on all of X (and on the dev set, when one is given), not on each batch; the learning rate stays the same throughout.",
                "The accuracy of a softmax network compares the `argmax(axis=1)` of P with that of Y; for Adam, make the state with init_adam once, before the first epoch, and pass the same state to every adam_step.",
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

# Which of a lesson's functions each one calls (in the reference, and as a student would). While
# a function is checked, these and what they call are the reference's (`Lesson.standins`), so
# its verdict depends on its own code alone.
CALLS: dict[str, tuple[str, ...]] = {
    "predict_proba": ("sigmoid",),
    "predict": ("predict_proba",),
    "gradient_descent": ("logistic_gradients",),
    "forward": ("relu", "softmax"),
    "backward": ("relu_backward",),
    "train": ("minibatches", "init_adam", "adam_step"),
}
# The student's own functions a function's checks must use: backward is given the cache of the
# student's forward, whose layout is the student's to choose; when both fail, the grader says to
# fix forward first.
CHECKED_WITH: dict[str, tuple[str, ...]] = {"backward": ("forward",)}

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
