"""fashion-course: a literate NumPy course on Fashion-MNIST, with an autograder.

Modules: `lessons` (the registry), `data` (the data set), `grader` (the autograder), `cli`
(the `course` command). Run `course --help` for the commands.
"""

__version__ = "0.1.0"
