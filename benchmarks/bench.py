"""Speed benchmarks: how fast the grader answers and the reference solutions train.

    python benchmarks/bench.py            every section
    python benchmarks/bench.py check      `course check 1` wall time, on the stubs and the solutions
    python benchmarks/bench.py binary     the binary run in float32 and float64 against its matvecs
    python benchmarks/bench.py network    an Adam epoch of 784-128-10 against its matmuls (and PyTorch)
    python benchmarks/bench.py fullbatch  a full-batch step of 784-70-10 against its matmuls: what
                                          `course plots` spends on the original's two long runs
    python benchmarks/bench.py grade [N]  `course grade` on N generated submissions (default 200)
    python benchmarks/bench.py cluster [N] `course grade` of N submissions here and on a 2-worker Dask LocalCluster
    python benchmarks/bench.py notebook   `check(N)` from a live Jupyter kernel, per lesson, on the
                                          stubs and the solutions (the first call starts the checker)
    python benchmarks/bench.py similarity [N]  the copy report of N generated submissions (default
                                          200): the reference, disguised copies, independent solutions
    python benchmarks/bench.py notebook-parse [N]  a notebook cell of N assignments (default
                                          100,000, 1.9 MB) turned into a lesson file: linear, not quadratic
    python benchmarks/bench.py yours      lesson 3's own run in a live kernel (`your_run(3)`): the cell
                                          on the sample, and on the full data against `course run binary`

A number after a section overrides its count: rounds, or submissions for `grade`.
Each figure is the median of several rounds in this one process (or fresh processes, for the
command), so ratios compare like with like. Uses the full data when FASHION_MNIST_DIR or the
cache has it, else the bundled sample, and says which.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from fashion_course import data
from fashion_course.experiments import find_experiment, keep_freed_memory, prepare
from fashion_course.lessons import find_lesson
from fashion_course.workspace import SOLUTIONS, load_lesson


def median_seconds(work: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# The environment that hides bubblewrap, so the grader falls back to process limits.
WITHOUT_SANDBOX = {**os.environ, "PATH": str(Path(sys.executable).parent)}


def bench_check(rounds: int = 5) -> None:
    print("## course check 1 (fresh process each time, wall clock): what the sandbox costs")
    for isolation, environment in (("bubblewrap", None), ("process limits", WITHOUT_SANDBOX)):
        for flag, what in (([], "untouched stubs"), (["--solutions"], "reference solutions")):
            command = [sys.executable, "-m", "fashion_course", "check", "1", *flag]
            seconds = median_seconds(
                lambda c=command, e=environment: subprocess.run(c, capture_output=True, env=e), rounds
            )
            print(f"  {isolation:15s} {what:20s} {seconds:6.2f} s  (median of {rounds})")


def bench_binary(rounds: int = 3) -> None:
    experiment = find_experiment("binary")
    source = data.locate(download=False)
    X, y, X_test, y_test = prepare(experiment, SOLUTIONS, source, use_dev=False)
    steps = experiment.epochs
    lesson3 = load_lesson(find_lesson(3), SOLUTIONS)
    print(f"## binary: {X.shape[0]:,} x {X.shape[1]} ({source.kind} data), {steps:,} steps")
    results = {}
    for dtype in (np.float32, np.float64):
        X_d, X_test_d = X.astype(dtype), X_test.astype(dtype)
        w = np.zeros(X.shape[1], dtype=dtype)
        dz = np.ones(X.shape[0], dtype=dtype)

        def matvecs_alone(X_d=X_d, w=w, dz=dz) -> None:
            for _ in range(steps):
                X_d @ w  # the forward product
                X_d.T @ dz  # the gradient's product

        def training(X_d=X_d, X_test_d=X_test_d) -> None:
            lesson3.gradient_descent(X_d, y, experiment.lr, steps, X_dev=X_test_d, y_dev=y_test, log_every=10)

        training()  # warm up the allocator and caches
        results[dtype] = (median_seconds(training, rounds), median_seconds(matvecs_alone, rounds))
    for dtype, (train_s, matvec_s) in results.items():
        name = np.dtype(dtype).name
        print(
            f"  {name}: training {train_s:.2f} s ({steps / train_s:,.0f} steps/s), its matvecs alone "
            f"{matvec_s:.2f} s, ratio {train_s / matvec_s:.2f}"
        )
    speedup = results[np.float64][0] / results[np.float32][0]
    print(f"  float32 trains {speedup:.2f}x as fast as float64")


def torch_epoch_function(
    X: np.ndarray, labels: np.ndarray, batch: int
) -> tuple[str, Callable[[], None]] | None:
    """The same network, batch and optimiser in PyTorch on the CPU, if PyTorch is installed."""
    try:
        import torch
    except ImportError:
        return None
    X_t, y_t = torch.from_numpy(np.ascontiguousarray(X)), torch.from_numpy(labels.astype(np.int64))
    model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, foreach=True)
    generator = torch.Generator().manual_seed(0)

    def epoch() -> None:
        order = torch.randperm(len(X_t), generator=generator)
        for start in range(0, len(X_t), batch):
            idx = order[start : start + batch]
            optimizer.zero_grad(set_to_none=True)
            torch.nn.functional.cross_entropy(model(X_t[idx]), y_t[idx]).backward()
            optimizer.step()

    return f"PyTorch {torch.__version__} CPU ({torch.get_num_threads()} threads)", epoch


def matmuls_of_a_step(X: np.ndarray, W1: np.ndarray, W2: np.ndarray, dZ2: np.ndarray) -> None:
    """The five matrix products of one forward and backward pass of a one-hidden-layer network."""
    A1 = X @ W1  # forward, layer 1
    A1 @ W2  # forward, layer 2
    A1.T @ dZ2  # dW2
    dZ1 = dZ2 @ W2.T  # dA1
    X.T @ dZ1  # dW1


def minor_page_faults() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def bench_network(rounds: int = 7) -> None:
    """One epoch of 784-128-10, Adam, batches of 128, on 60,000 examples (or the sample).

    The NumPy epoch, its matmuls alone and PyTorch's epoch are timed in turn within each
    round, so a slow spell of the machine hits all three alike; the medians are compared.
    The process first sets glibc's allocator up as `course run` and `course plots` do before
    training (experiments.keep_freed_memory): without it, whether the epoch's 0.4 MB
    temporaries are page-faulted back in every step depends on what the process freed
    before (importing PyTorch happens to fix it, a PyTorch epoch undoes it), and the NumPy
    epoch swings by 30 %. The minor page faults of each contender are printed to show the state.
    """
    keep_freed_memory()
    source = data.locate(download=False)
    X, Y, _, _ = prepare(find_experiment("mlp-adam"), SOLUTIONS, source, use_dev=False)  # all ten classes
    lesson6 = load_lesson(find_lesson(6), SOLUTIONS)
    dims, batch = [784, 128, 10], 128
    print(
        f"## network: {dims}, Adam, batch {batch}, one epoch of {len(X):,} examples ({source.kind} data), float32"
    )
    rng = np.random.default_rng(0)
    W1 = rng.standard_normal((784, 128), dtype=np.float32)
    W2 = rng.standard_normal((128, 10), dtype=np.float32)
    X_b, dZ2 = X[:batch], rng.standard_normal((batch, 10), dtype=np.float32)
    steps = -(-len(X) // batch)

    def matmuls_alone() -> None:
        for _ in range(steps):
            matmuls_of_a_step(X_b, W1, W2, dZ2)

    params = lesson6.he_init(dims, rng)
    state = lesson6.init_adam(params)

    def numpy_epoch() -> None:  # what `train` does in an epoch, without its evaluations of the whole set
        for X_batch, Y_batch in lesson6.minibatches(X, Y, batch, rng):
            lesson6.train_step(X_batch, Y_batch, params, state, 1e-3)

    contenders = {"NumPy epoch": numpy_epoch, "its matmuls alone": matmuls_alone}
    torch_contender = torch_epoch_function(X, Y.argmax(axis=1), batch)
    if torch_contender:
        contenders[torch_contender[0]] = torch_contender[1]
    times: dict[str, list[float]] = {name: [] for name in contenders}
    faults: dict[str, list[int]] = {name: [] for name in contenders}
    for work in contenders.values():
        work()  # warm up: the allocator keeps its blocks, the caches fill
    for _ in range(rounds):
        for name, work in contenders.items():
            before = minor_page_faults()
            times[name].append(median_seconds(work, 1))
            faults[name].append(minor_page_faults() - before)
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, seconds in medians.items():
        print(
            f"  {name}: {seconds:.3f} s (median of {rounds}; fastest {min(times[name]):.3f} s; "
            f"{statistics.median(faults[name]):,.0f} minor page faults)"
        )
    numpy_s = medians["NumPy epoch"]
    print(f"  NumPy epoch / its matmuls: {numpy_s / medians['its matmuls alone']:.2f}")
    if torch_contender:
        print(f"  NumPy epoch / PyTorch epoch: {numpy_s / medians[torch_contender[0]]:.2f}")
    else:
        print("  PyTorch is not installed: no comparison (pip install torch to add one)")


def bench_fullbatch(rounds: int = 15) -> None:
    """One full-batch gradient-descent step of 784-70-10 (mlp-small-init and mlp-he), in float32.

    Timed against its matrix products alone, and projected over the original's 6,000 + 2,000
    steps: the matrix products of those steps are the floor under `course plots`.
    """
    keep_freed_memory()  # as `course plots` trains
    source = data.locate(download=False)
    experiments = [find_experiment(name) for name in ("mlp-small-init", "mlp-he")]
    X, Y, _, _ = prepare(experiments[0], SOLUTIONS, source, use_dev=False)
    lesson6 = load_lesson(find_lesson(6), SOLUTIONS)
    dims = list(experiments[0].layer_dims)
    print(
        f"## full batch: {dims}, plain gradient descent, {len(X):,} examples a step ({source.kind} data), float32"
    )
    rng = np.random.default_rng(0)
    params = lesson6.he_init(dims, rng)
    W1, W2 = params["W1"], params["W2"]
    dZ2 = rng.standard_normal((len(X), dims[2]), dtype=np.float32)
    dZ1 = rng.standard_normal((len(X), dims[1]), dtype=np.float32)
    square = rng.standard_normal((2048, 2048), dtype=np.float32)
    big_gemms = {"X @ W1": lambda: X @ W1, "X.T @ dZ1": lambda: X.T @ dZ1}

    def step() -> None:
        lesson6.train_step(X, Y, params, None, experiments[0].lr)

    step_s = median_seconds(step, rounds)
    matmul_s = median_seconds(lambda: matmuls_of_a_step(X, W1, W2, dZ2), rounds)
    flops = 2 * len(X) * dims[0] * dims[1]
    for name, product in big_gemms.items():
        seconds = median_seconds(product, rounds)
        print(f"  {name}: {seconds * 1e3:.1f} ms, {flops / seconds / 1e9:.0f} GFLOP/s")
    seconds = median_seconds(lambda: square @ square, 5)
    print(f"  for scale, 2048 x 2048 @ 2048 x 2048: {2 * 2048**3 / seconds / 1e9:.0f} GFLOP/s")
    print(
        f"  one step: {step_s * 1e3:.1f} ms; its matmuls alone {matmul_s * 1e3:.1f} ms; ratio {step_s / matmul_s:.2f}"
    )
    steps = sum(e.epochs for e in experiments)
    print(
        f"  the original's {steps:,} full-batch steps: {steps * step_s:.0f} s of training, of which "
        f"{steps * matmul_s:.0f} s is matrix products (evaluations every {experiments[0].log_every} steps not included)"
    )


# What a generated hostile submission does to one function (lesson number, code appended).
HOSTILE = [
    (1, "def one_hot(y, num_classes):\n    while True:\n        pass"),
    (2, "import os\ndef accuracy(y_pred, y_true):\n    os._exit(1)"),
    (3, "def gradient_descent(*args, **kwargs):\n    print('x' * 10**7)\n    return None"),
    (4, "def softmax(Z):\n    return np.ones((10**5, 10**5))"),
    (5, "import sys\ndef he_init(layer_dims, rng):\n    sys.exit(2)"),
    (6, "def minibatches(X, Y, batch_size, rng):\n    return minibatches(X, Y, batch_size, rng)"),
    (2, "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))"),
    (4, "def backward(Y, params, cache):\n    return {}"),
]


def make_submissions(folder: Path, count: int) -> dict[str, int]:
    """`count` student folders: 50% correct, 20% untouched stubs, 30% with one hostile function."""
    import shutil

    from fashion_course.lessons import LESSONS
    from fashion_course.workspace import STUBS

    kinds = {"correct": 0, "stubs": 0, "hostile": 0}
    for i in range(count):
        student = folder / f"student{i:03d}"
        kind = "correct" if i % 10 < 5 else "stubs" if i % 10 < 7 else "hostile"
        shutil.copytree(
            SOLUTIONS if kind != "stubs" else STUBS, student, ignore=shutil.ignore_patterns("__pycache__")
        )
        if kind == "hostile":
            number, code = HOSTILE[i % len(HOSTILE)]
            path = student / LESSONS[number - 1].file_name
            path.write_text(path.read_text() + "\n\n" + code + "\n")
        kinds[kind] += 1
    return kinds


def bench_grade(count: int = 200) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        kinds = make_submissions(Path(tmp) / "submissions", count)
        print(f"## course grade: {count} generated submissions of all six lessons {kinds}")
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "fashion_course", "grade", str(Path(tmp) / "submissions")],
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        print(f"  {seconds:.0f} s wall ({seconds / count:.2f} s per submission); {result.stdout.strip()}")


def bench_cluster(count: int = 200) -> None:
    """The same class graded here (one checker per core) and through a 2-worker Dask LocalCluster."""
    import tempfile

    from distributed import LocalCluster

    with tempfile.TemporaryDirectory() as tmp:
        kinds = make_submissions(Path(tmp) / "submissions", count)
        print(f"## course grade, here and on a 2-worker LocalCluster: {count} submissions {kinds}")
        with LocalCluster(
            n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        ) as cluster:
            seconds = {}
            for how, extra in (("here", []), ("cluster", ["--scheduler", cluster.scheduler_address])):
                start = time.perf_counter()
                command = [sys.executable, "-m", "fashion_course", "grade", str(Path(tmp) / "submissions")]
                subprocess.run(
                    [*command, "--out", str(Path(tmp) / how), *extra], capture_output=True, check=True
                )
                seconds[how] = time.perf_counter() - start
                print(f"  {how:8s}: {seconds[how]:.0f} s wall, {count / seconds[how]:.2f} submissions/s")
        overhead = (seconds["cluster"] - seconds["here"]) / count
        print(
            f"  Dask adds {overhead:+.3f} s per submission ({seconds['cluster'] / seconds['here']:.2f}x the time)"
        )


def kernel_latencies(kernel, lesson, rounds: int) -> tuple[list[float], int]:
    """Seconds of each of `rounds + 1` calls of `check(N)` in a live kernel, measured inside it (the
    first starts the lesson's checker); and how many functions passed."""
    code = (
        "import time as _t\n"
        f"_times = []\nfor _ in range({rounds + 1}):\n"
        f"    _s = _t.perf_counter(); _v = check({lesson.number}); _times.append(_t.perf_counter() - _s)\n"
        "print(_times, _v.report.passed)"
    )
    printed: list[str] = []
    reply = kernel.execute_interactive(
        code, timeout=600, output_hook=lambda m: printed.append(m["content"].get("text", ""))
    )
    assert reply["content"]["status"] == "ok", reply["content"]
    times, passed = "".join(printed).rsplit("]", 1)
    return [float(t) for t in times.strip("[ \n").split(",")], int(passed)


def bench_notebook(rounds: int = 5) -> None:
    """A check from a live kernel, as a student runs a check cell: median of `rounds` per lesson."""
    from jupyter_client.manager import start_new_kernel

    from fashion_course.lessons import LESSONS
    from fashion_course.workspace import STUBS

    print(f"check(N) from a live kernel, median of {rounds} after the first (sandbox: {isolation_name()}):")
    for folder, label in ((STUBS, "stubs"), (SOLUTIONS, "solutions")):
        manager, kernel = start_new_kernel(kernel_name="python3")
        try:
            for lesson in LESSONS:
                setup = (
                    "from fashion_course.notebook.kernel import check\n"
                    + (folder / lesson.file_name).read_text()
                )
                kernel.execute_interactive(
                    setup.replace("from __future__ import annotations", ""), timeout=120
                )
                times, passed = kernel_latencies(kernel, lesson, rounds)
                print(
                    f"  lesson {lesson.number} on the {label:9s}: {statistics.median(times[1:]):.2f} s "
                    f"(max {max(times[1:]):.2f} s; the first call, starting the checker, {times[0]:.2f} s), "
                    f"{passed} of {len(lesson.functions)} pass"
                )
        finally:
            kernel.stop_channels()
            manager.shutdown_kernel(now=True)


def bench_notebook_parse(count: int = 100_000) -> None:
    """The trusted side's conversion of an untrusted cell: it must grow linearly with its size."""
    from fashion_course.submission import Cell, chapter_cells, lesson_from_cells
    from fashion_course.workspace import STUBS

    stub = (STUBS / find_lesson(1).file_name).read_text()
    chapter_cells()  # read once per process (the lesson pages), not part of the conversion
    print("A notebook cell of n assignments `x_k = k + 1` turned into a lesson file:")
    for n in (count // 4, count // 2, count):
        cell = Cell("".join(f"x_{k} = {k} + 1\n" for k in range(n)), 1)
        seconds = median_seconds(lambda cell=cell: lesson_from_cells([cell], stub, "bench.ipynb"), 1)
        print(f"  n = {n:7,d} ({len(cell.source) / 1e6:.2f} MB): {seconds:.2f} s")


def bench_stop(rounds: int = 3, count: int = 20) -> None:
    """Ctrl-C during `course grade` of `count` generated submissions, here and on a 2-worker Dask
    LocalCluster: the seconds from the signal to the command's exit (the target is 2 s)."""
    import signal
    import tempfile

    from distributed import LocalCluster

    with tempfile.TemporaryDirectory() as tmp, LocalCluster(
        n_workers=2, threads_per_worker=2, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        make_submissions(Path(tmp) / "submissions", count)
        print(f"## Ctrl-C during course grade of {count} submissions, once one is graded: seconds to exit")
        for where, options in (("here", []), ("dask", ["--scheduler", cluster.scheduler_address])):
            took = []
            for round in range(rounds):
                command = [sys.executable, "-m", "fashion_course", "grade", str(Path(tmp) / "submissions")]
                command += ["--out", str(Path(tmp) / f"book-{where}-{round}"), *options]
                grading = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
                while not (Path(tmp) / f"book-{where}-{round}" / "gradebook.csv").exists():
                    time.sleep(0.05)
                time.sleep(1)  # a second into grading the next students
                grading.send_signal(signal.SIGINT)
                start = time.perf_counter()
                output = grading.communicate()[0]
                last = output[output.find("Stopped:") :].split(".")[0]
                took.append(time.perf_counter() - start)
            print(f"  {where}: {', '.join(f'{t:.2f}' for t in took)} s (exit {grading.returncode}: {last})")


def mixed_lesson(first: str, second: str, rng) -> str:
    """A lesson file with each lesson function taken from `first` or `second` at random (their
    helpers and imports all kept): a student between two ways of writing it."""
    import ast

    trees = [ast.parse(first), ast.parse(second)]
    header = [node for tree in trees for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    functions = [{n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)} for tree in trees]
    chosen = {name: functions[rng.randrange(2)].get(name) or node for name, node in functions[0].items()}
    helpers = [n for found in functions for name, n in found.items() if name not in chosen]
    return ast.unparse(ast.Module([*header, *helpers, *chosen.values()], []))


def similarity_class(folder: Path, count: int) -> dict[str, int]:
    """`count` student folders of all six lessons for the copy report: a quarter paste the reference;
    a third hand in the reference disguised (one to three of the usual disguises, at random); a
    third mix two independent solutions function by function, a third of those disguised too; the
    rest are the stubs."""
    import random

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from similarity.disguises import DISGUISES

    from fashion_course.lessons import LESSONS
    from fashion_course.workspace import STUBS

    honest = Path(__file__).resolve().parents[1] / "tests" / "similarity"
    rng, kinds = random.Random(0), {"reference": 0, "disguised reference": 0, "independent": 0, "stubs": 0}
    disguises = [name for name in DISGUISES if name != "all at once"]
    for i in range(count):
        student = folder / f"student{i:03d}"
        student.mkdir(parents=True)
        kind = list(kinds)[0 if i % 20 < 5 else 1 if i % 20 < 12 else 2 if i % 20 < 19 else 3]
        kinds[kind] += 1
        for lesson in LESSONS:
            name, own = lesson.file_name, f"_helpers{lesson.number}"  # each lesson its own helper file
            if kind == "stubs":
                text = (STUBS / name).read_text()
            elif kind == "independent":
                text = mixed_lesson((honest / "ines" / name).read_text(), (honest / "omar" / name).read_text(), rng)
            else:
                text = (SOLUTIONS / name).read_text()
            if kind == "disguised reference" or (kind == "independent" and rng.random() < 1 / 3):
                for disguise in rng.sample(disguises, rng.randint(1, 3)):
                    text = DISGUISES[disguise](text)
            for module, helper in getattr(text, "modules", {}).items():
                (student / module.replace("_helpers", own)).write_text(helper.replace("_helpers", own))
            (student / name).write_text(str(text).replace("_helpers", own))
    return kinds


def bench_similarity(count: int = 200) -> None:
    """The copy report of a class (`similarity_class`) of `count // 2` and `count` students: reading
    each student's lessons as `course grade` does, then `gradebook.write_similarity`
    (similarity.csv and similarity.html)."""
    import tempfile

    from fashion_course.grader import gradebook
    from fashion_course.grader.similarity import lesson_source
    from fashion_course.lessons import LESSONS
    from fashion_course.submission import Submission
    from fashion_course.workspace import STUBS

    for size in (count // 2, count):
        with tempfile.TemporaryDirectory() as tmp:
            kinds = similarity_class(Path(tmp) / "class", size)
            print(f"## the copy report: {size} generated submissions of all six lessons {kinds}")
            start = time.perf_counter()
            sources = {}
            for folder in sorted((Path(tmp) / "class").iterdir()):
                submission = Submission.read(folder)
                sources[folder.name] = {n.number: lesson_source(submission, n, STUBS) for n in LESSONS}
            read = time.perf_counter() - start
            start, cpu = time.perf_counter(), time.process_time()
            report = gradebook.write_similarity(sources, list(LESSONS), Path(tmp))
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            page = (Path(tmp) / "similarity.html").stat().st_size / 1e6
            print(
                f"  reading the lessons {read:.1f} s; the report {seconds:.1f} s wall, {cpu:.1f} s CPU "
                f"({cpu / size * 1000:.0f} ms CPU a submission): {len(report.reference)} flags against "
                f"the reference, {len(report.pairs)} between students; similarity.html {page:.1f} MB"
            )


def bench_yours(rounds: int = 3) -> None:
    """Lesson 3's own run of the original challenge in a live kernel, the reference functions pasted
    in and checked once (as a student's notebook has them): `your_run(3)` on the sample, the whole
    cell (grading, training, the reference's run, the figure and the table), timed inside the
    kernel; then, round by round so that a busy spell of the machine hits all three alike,
    `your_run(3, "full")` on the full data, `course run binary --data full` (a fresh process) and
    the reference's training alone (`experiments.run`, in this process)."""
    import json
    import tempfile

    from jupyter_client.manager import start_new_kernel

    from fashion_course.experiments import run

    lesson = find_lesson(3)
    setup = "from fashion_course.notebook.kernel import check\n" + (SOLUTIONS / lesson.file_name).read_text()
    cell = (
        "import time as _t, json as _json\nfrom fashion_course.notebook.yours import your_run\n"
        "_s = _t.perf_counter(); _r = your_run(3, {data!r}); _r._repr_html_()\n"
        "print(_json.dumps([_t.perf_counter() - _s, _r.pairs[0].yours.seconds]))"
    )
    source = data.locate("full", download=False)
    measured: dict[str, list] = {"sample": [], "full": [], "course run": [], "reference": []}
    manager, kernel = start_new_kernel(kernel_name="python3")

    def in_kernel(data_set: str) -> list[float]:
        printed: list[str] = []
        reply = kernel.execute_interactive(
            cell.format(data=data_set),
            timeout=1800,
            output_hook=lambda m: printed.append(m["content"].get("text", "")),
        )
        assert reply["content"]["status"] == "ok", reply["content"]
        return json.loads("".join(printed).strip().splitlines()[-1])

    try:
        quiet = {"timeout": 120, "output_hook": lambda message: None}
        kernel.execute_interactive(setup.replace("from __future__ import annotations", ""), **quiet)
        kernel.execute_interactive("check(3)", **quiet)  # the checker is warm, as after the check cells
        measured["sample"] = [in_kernel("sample") for _ in range(rounds + 1)]
        with tempfile.TemporaryDirectory() as out:
            command = [sys.executable, "-m", "fashion_course", "run", "binary", "--data", "full", "--out", out]
            for _ in range(rounds):
                measured["full"].append(in_kernel("full"))
                measured["course run"].append(median_seconds(lambda: subprocess.run(command, check=True, capture_output=True), 1))
                measured["reference"].append(run(find_experiment("binary"), SOLUTIONS, source).seconds)
    finally:
        kernel.stop_channels()
        manager.shutdown_kernel(now=True)
    (first, _), *rest = measured["sample"]
    print(f"## your_run(3) in a live kernel, reference functions pasted in (sandbox: {isolation_name()})")
    print(
        f"  sample: the cell {statistics.median(t for t, _ in rest):.2f} s (median of {rounds}; max "
        f"{max(t for t, _ in rest):.2f} s; the first, which may train the reference once, {first:.2f} s), "
        f"of which training yours {statistics.median(t for _, t in rest):.2f} s"
    )
    full = measured["full"]
    print(
        f"  full data, median of {rounds}: the cell {statistics.median(t for t, _ in full):.2f} s, of which "
        f"training yours {statistics.median(t for _, t in full):.2f} s; `course run binary --data full` "
        f"{statistics.median(measured['course run']):.2f} s (a fresh process), the reference's training "
        f"alone {statistics.median(measured['reference']):.2f} s"
    )


def isolation_name() -> str:
    from fashion_course.grader.sandbox import isolation

    return isolation().name


SECTIONS = {
    "check": bench_check,
    "binary": bench_binary,
    "network": bench_network,
    "fullbatch": bench_fullbatch,
    "grade": bench_grade,
    "notebook": bench_notebook,
    "notebook-parse": bench_notebook_parse,
    "yours": bench_yours,
    "cluster": bench_cluster,
    "similarity": bench_similarity,
    "stop": bench_stop,
}

if __name__ == "__main__":
    if len(sys.argv) > 1:
        SECTIONS[sys.argv[1]](*map(int, sys.argv[2:]))  # a count of rounds or submissions
    else:
        for section in SECTIONS.values():
            section()
