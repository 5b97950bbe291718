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
    functions: tuple[str, ...]  # in the order a student should write them
    learns: str

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
        ("preprocess", "select_classes", "one_hot", "train_dev_split"),
        "images as vectors, scaling, label encodings, honest splits",
    ),
    Lesson(
        2,
        "logistic-regression",
        "Logistic regression",
        ("sigmoid", "init_zeros", "predict_proba", "log_loss", "predict", "accuracy"),
        "the model, a stable sigmoid, a loss that never returns inf",
    ),
    Lesson(
        3,
        "gradient-descent",
        "Gradient descent",
        ("logistic_gradients", "numerical_gradient", "gradient_descent"),
        "deriving and checking a gradient; the training loop; learning curves",
    ),
    Lesson(
        4,
        "softmax",
        "A softmax network from scratch",
        (
            "softmax",
            "cross_entropy",
            "relu",
            "relu_backward",
            "init_params",
            "forward",
            "backward",
            "sgd_step",
        ),
        "a multi-layer network from scratch, any depth",
    ),
    Lesson(
        5,
        "he-init",
        "He initialisation",
        ("he_init", "xavier_init", "activation_stats"),
        "why 0.01 * randn stalls learning, and what fixes it",
    ),
    Lesson(
        6,
        "adam",
        "Mini-batches and Adam",
        ("minibatches", "init_adam", "adam_step", "train"),
        "mini-batches, momentum and RMS scaling, bias correction",
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
