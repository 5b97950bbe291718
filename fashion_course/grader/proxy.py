"""The checks' side of the channel: `student`, a stand-in for a lesson module that lives elsewhere.

`open_lesson(lesson, folder)` starts the lesson's student process (see `sandbox`) and returns a
`StudentModule`: `student.softmax(Z)` sends `Z` to that process, waits for the answer within the
time limit of the check under way (`time_limit`), and returns it as plain data. A function that
calls others of its lesson (`forward` calls `relu` and `softmax`) is run by a child forked for
the call, where those others are the reference's (`standins`), so its verdict depends on its own
code alone.

The arguments the function changed in place come back too, as a report (`changed_in_place`,
which `expect.call` fails a function for; a student process that hid a change would only hide its
own mistake), so no student's code can change the checks' own data: only the arguments a check
names (`StudentFunction.updating`: the parameters and state that `sgd_step` and `adam_step`
update) have the changes written into the caller's objects. A function the checks pass in
(numerical_gradient's `f`) is called here, on the trusted side, whenever the student's code calls it.

Whatever goes wrong on the student's side becomes one exception for the check to classify:
`StudentCodeError`, `StudentCodeTimeout`, `StudentProcessError` or `StudentAnswerError`. After a
timeout or a death the process is started afresh at the next call.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from fashion_course.grader import sandbox, standins, wire
from fashion_course.lessons import IMPORT_SECONDS, Lesson
from fashion_course.tracebacks import Places

try:
    import fcntl
except ImportError:  # Windows
    pass
F_SETPIPE_SZ = 1031  # Linux's fcntl command to resize a pipe


class StudentCodeTimeout(BaseException):
    """The student's code ran past the check's time limit (a BaseException: checks do not catch it)."""


class StudentCodeError(Exception):
    def __init__(self, function: str, details: dict[str, Any]) -> None:
        super().__init__(f"{function} raised {details.get('type')}")
        self.function = function
        self.type = str(details.get("type", "Exception"))
        self.message = str(details.get("message", ""))
        self.where = str(details.get("where", ""))
        self.raised_here = details.get("raised_here") is True

    def with_advice(self, advice: str) -> StudentCodeError:
        """The same error, saying `advice` after its message and where it was raised."""
        where = f" ({self.where})" if self.where else ""
        details = {"type": self.type, "message": f"{self.message}{where}; {advice}", "where": ""}
        return StudentCodeError(self.function, {**details, "raised_here": self.raised_here})


class MissingFunctionError(Exception):
    """The lesson file defines no function of that name."""


class StudentProcessError(Exception):
    """The student's process exited or was killed during a call."""


class StudentAnswerError(Exception):
    """The student's process sent something that is not a well-formed answer."""


_deadline: float | None = None
_limit: float = 0.0


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Every call to student code in the block must finish within `seconds` of its start."""
    global _deadline, _limit
    saved = _deadline, _limit
    _deadline, _limit = time.monotonic() + seconds, seconds
    try:
        yield
    finally:
        _deadline, _limit = saved


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "stopped answering"
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with code {code}"


def update_in_place(original: Any, new: Any) -> bool:
    """Make `original` hold what `new` holds, keeping its identity; False where that cannot be."""
    if isinstance(original, np.ndarray):
        if not isinstance(new, np.ndarray) or new.shape != original.shape or new.dtype != original.dtype:
            return False
        if original.flags.writeable:
            original[...] = new
        return True
    if isinstance(original, dict) and isinstance(new, dict):
        for key in [k for k in original if k not in new]:
            del original[key]
        for key, value in new.items():
            if key not in original or not update_in_place(original[key], value):
                original[key] = value
        return True
    if isinstance(original, list) and isinstance(new, list):
        if len(original) == len(new):
            for position, value in enumerate(new):
                if not update_in_place(original[position], value):
                    original[position] = value
        else:
            original[:] = new
        return True
    if isinstance(original, tuple) and isinstance(new, tuple):
        return len(original) == len(new) and all(map(update_in_place, original, new))
    if isinstance(original, np.random.Generator):
        if isinstance(new, np.random.Generator):
            original.bit_generator.state = new.bit_generator.state
        return True
    return True  # immutable values: numbers, strings, None, the checks' own functions


Argument = int | str  # an argument of a call: its position (from 0) or its keyword


class StudentFunction:
    """One function of the student's lesson, called across the channel. What its code changes in
    its arguments stays on the student's side and is only reported (`changed_in_place`), but for
    the arguments a caller lets it update (`updating`)."""

    def __init__(self, module: StudentModule, name: str) -> None:
        self.module, self.__name__ = module, name
        self.moved_global_random = False  # whether the last call used np.random.* (as its process saw)
        self.warnings: list[str] = []  # NumPy's RuntimeWarnings during the last call
        self.changed_in_place: dict[Argument, Any] = {}  # what the last call changed -> as it left it

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call the function; the caller's arguments stay as they are, whatever its code does."""
        return self.updating((), *args, **kwargs)

    def updating(self, may_update: Collection[Argument], /, *args: Any, **kwargs: Any) -> Any:
        """Call the function, and write what its code changed in place in the arguments named in
        `may_update` into the caller's objects, as a call in one process would: the parameters and
        state that `sgd_step` and `adam_step` update, a Generator the caller draws from again."""
        reply = self.module.call(self.__name__, list(args), kwargs)
        self.moved_global_random = reply.get("global_random_moved") is True
        self.warnings = (
            [str(w) for w in reply.get("warnings", [])][:10]
            if isinstance(reply.get("warnings"), list)
            else []
        )
        self.changed_in_place = _changed_arguments(reply, len(args), kwargs)
        for argument, new in self.changed_in_place.items():
            given = args[argument] if isinstance(argument, int) else kwargs[argument]
            if argument in may_update and not update_in_place(given, new):
                raise AssertionError(
                    f"{self.__name__} changed the shape or dtype of its argument number {argument + 1} in "
                    "place; work on a copy"
                    if isinstance(argument, int)
                    else f"{self.__name__} changed its argument `{argument}` in place; work on a copy"
                )
        return reply.get("value")


def _changed_arguments(reply: dict[str, Any], positions: int, kwargs: dict[str, Any]) -> dict[Argument, Any]:
    """The arguments a `result` says the call changed in place, and their values after it."""
    changed = reply.get("changed")
    if not (
        isinstance(changed, dict)
        and isinstance(changed.get("args"), dict)
        and isinstance(changed.get("kwargs"), dict)
    ):
        raise StudentAnswerError("did not say which arguments it changed")
    arguments: dict[Argument, Any] = {}
    for position, new in changed["args"].items():
        if not (
            isinstance(position, str)
            and position.isascii()
            and position.isdigit()
            and int(position) < positions
        ):
            raise StudentAnswerError("named an argument it was never given")
        arguments[int(position)] = new
    for key, new in changed["kwargs"].items():
        if key not in kwargs:
            raise StudentAnswerError("named an argument it was never given")
        arguments[key] = new
    return arguments


class StudentModule:
    """The student's lesson module as the checks see it: `student.NAME(...)` runs NAME over there."""

    def __init__(
        self,
        lesson: Lesson,
        folder: Path,
        places: Places | None = None,
        group: sandbox.SubmissionGroup | None = None,
    ) -> None:
        self.lesson, self.folder = lesson, Path(folder).resolve()
        self.group = group  # the control group of the submission's processes, where there is one
        self.places = places or {}  # which cell each line came from, for a lesson made from a notebook
        self.isolation = sandbox.isolation()
        self.workdir = Path(tempfile.mkdtemp(prefix="course-sandbox-"))
        self.process: subprocess.Popen | None = None
        self.import_problem: str | None = None  # why the file does not import, once known
        self.ready = False
        self.pending = bytearray()  # what the student's process sent that is not yet a whole message
        self.callables: dict[int, Callable] = {}  # the checks' functions passed in the call under way
        self.references_sent: set[str] = set()  # functions whose reference code a child of this process was sent
        if not (self.folder / lesson.file_name).is_file():
            self.import_problem = f"{self.folder / lesson.file_name} does not exist"
            return
        try:
            sandbox.prepare(lesson, self.folder, self.workdir)
        except (OSError, sandbox.SubmissionError) as error:
            self.import_problem = str(error)

    def __getattr__(self, name: str) -> StudentFunction:
        if name.startswith("_"):
            raise AttributeError(name)
        return StudentFunction(self, name)

    # --- the process ---

    def start(self) -> None:
        """Start the student's process: it loads Python, NumPy and the earlier lessons while the
        caller does other work, and imports the student's lesson only when `wait_until_imported`
        asks (no student code runs before its lesson's turn)."""
        if self.process is not None or self.import_problem:
            return
        self.process = subprocess.Popen(
            sandbox.command(self.lesson, self.workdir, self.isolation, self.places, self.group is not None),
            cwd=self.workdir / "scratch",
            env=sandbox.environment(self.workdir),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # so a kill reaches whatever the student's code started
            preexec_fn=self.group.join if self.group else None,  # (the forked lesson child has one thread)
        )
        for stream in (self.process.stdin, self.process.stdout):
            try:  # Linux: 1 MB pipes, so a big array crosses in fewer steps
                fcntl.fcntl(stream.fileno(), F_SETPIPE_SZ, 1 << 20)
            except (OSError, NameError):
                pass
        os.set_blocking(self.process.stdin.fileno(), False)
        self.ready, self.pending = False, bytearray()

    def wait_until_imported(self) -> str | None:
        """None once the lesson imported, else why it did not (a timeout included)."""
        self.start()
        if self.import_problem or self.ready:
            return self.import_problem
        deadline = time.monotonic() + IMPORT_SECONDS
        try:
            self.send(wire.encode({"op": "import"}), deadline)
            reply = self.receive(deadline)
        except StudentCodeTimeout:
            self.stop()
            self.import_problem = f"{self.lesson.file_name} did not finish importing within {IMPORT_SECONDS:g} s (a loop at the top level?)"
        except (StudentProcessError, StudentAnswerError) as error:
            self.stop()
            self.import_problem = f"{self.lesson.file_name} could not be imported: the process {error}"
        else:
            if reply["op"] == "ready":
                self.ready = True
            else:
                self.stop()
                message = reply.get("message")
                self.import_problem = (
                    str(message) if reply["op"] == "import failed" else "an unexpected answer"
                )
        return self.import_problem

    def stop(self) -> None:
        """Kill the student's process and everything it started."""
        process, self.process, self.ready = self.process, None, False
        self.references_sent = set()
        if process is None:
            return
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            stream.close()

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    # --- the channel ---

    def send(self, frame: bytes, deadline: float) -> None:
        stream = self.process.stdin
        view = memoryview(frame)
        while view:
            left = deadline - time.monotonic()
            if left <= 0:
                raise StudentCodeTimeout
            _, writable, _ = select.select([], [stream], [], left)
            if writable:
                try:
                    written = os.write(stream.fileno(), view)  # as much as the pipe takes: it never blocks
                except BlockingIOError:
                    continue
                except OSError:
                    raise StudentProcessError(_describe_exit(self.process.wait())) from None
                view = view[written:]

    def receive(self, deadline: float) -> dict[str, Any]:
        """The next message from the student's process, read before `deadline`."""
        stream = self.process.stdout
        needed = wire.PREFIX.size
        while True:
            if len(self.pending) >= wire.PREFIX.size:
                header, data = wire.PREFIX.unpack_from(self.pending)
                if header > wire.MAX_HEADER_BYTES or data > wire.MAX_DATA_BYTES:
                    raise StudentAnswerError(
                        f"sent a message of more than {wire.MAX_DATA_BYTES // 1024**2} MB"
                    )
                needed = wire.PREFIX.size + header + data
                if len(self.pending) >= needed:
                    frame = self.pending[:needed]
                    del self.pending[:needed]
                    try:
                        return wire.decode(frame, self.callable_by_number)
                    except wire.WireError as error:
                        raise StudentAnswerError(f"sent {error}") from None
            left = deadline - time.monotonic()
            if left <= 0:
                raise StudentCodeTimeout
            readable, _, _ = select.select([stream], [], [], left)
            if readable:
                chunk = os.read(stream.fileno(), max(needed - len(self.pending), 1 << 16))
                if not chunk:
                    try:
                        code = self.process.wait(timeout=2)
                    except subprocess.TimeoutExpired:
                        code = None
                    raise StudentProcessError(_describe_exit(code))
                self.pending += chunk

    def callable_by_number(self, number: int) -> Callable[..., Any]:
        try:
            return self.callables[number]
        except KeyError:
            raise wire.WireError("a function the checks never passed") from None

    def call(self, name: str, args: list, kwargs: dict) -> dict[str, Any]:
        """Run `name(*args, **kwargs)` over there; the `result` message (its value, args, kwargs).
        A function that calls others of its lesson runs in a child of the student's process, where
        those others are the reference's (`standins`): its verdict depends on its own code alone."""
        if name in self.references_sent:  # a child may have left the reference's code behind (a file in
            self.stop()  # its scratch folder, a process): a fresh sandbox checks `name` itself
        if self.wait_until_imported():  # after a timeout or a crash, a fresh process imports it again
            raise StudentProcessError(f"could not start: {self.import_problem}")
        deadline = _deadline if _deadline is not None else time.monotonic() + 60
        self.callables = {}
        message = {"op": "call", "function": name, "args": args, "kwargs": kwargs}
        names = self.lesson.standins(name)
        if names:
            message["standins"] = [standins.excerpt(self.lesson, names), list(names)]
            self.references_sent |= set(names)
        try:
            if names:
                self.send(wire.encode({"op": "fork"}), deadline)
            self.send(wire.encode(message, self.callables), deadline)
            while True:
                reply = self.receive(deadline)
                if reply["op"] != "callback":
                    break
                self.send(self.answer_callback(reply), deadline)
            if names and reply["op"] != "ended" and self.receive(deadline)["op"] != "ended":
                raise StudentAnswerError("did not say how the child that answered ended")
        except StudentCodeTimeout:
            self.stop()
            raise StudentCodeTimeout(f"{name} did not finish within {_limit:g} s") from None
        except (StudentProcessError, StudentAnswerError):
            self.stop()
            raise
        if reply.get("cramped") is True and not names:  # what this function keeps, no other pays for
            self.stop()
        if reply["op"] == "ended":  # the child died before it answered; this process serves on
            code = reply.get("code")
            raise StudentProcessError(_describe_exit(code if isinstance(code, int) else None))
        if reply["op"] == "result":
            return reply
        if reply["op"] == "exception":
            error = StudentCodeError(name, reply)
            called = [n for n in names if f"{n}()" in error.message]  # a stand-in refused its arguments
            if error.type == "TypeError" and called:
                raise error.with_advice(
                    f"while {name} is checked, the {called[0]} it calls is the reference's, which takes "
                    f"the arguments of the stub's {called[0]} and no others"
                )
            raise error
        if reply["op"] == "missing":
            raise MissingFunctionError(str(reply.get("message")))
        if reply["op"] == "unsendable":
            raise StudentAnswerError(f"returned something that is not plain data: {reply.get('message')}")
        self.stop()
        raise StudentAnswerError(f"answered with an unexpected {str(reply['op'])[:40]!r}")

    def answer_callback(self, request: dict[str, Any]) -> bytes:
        """Run one of the checks' functions for the student's code; the reply frame."""
        function = (
            self.callables.get(request.get("number")) if isinstance(request.get("number"), int) else None
        )
        if function is None or not isinstance(request.get("args"), list):
            raise StudentAnswerError("asked for a function the checks never passed")
        try:
            value = function(*request["args"])
        except Exception as error:  # noqa: BLE001 (the student's code passed it bad arguments)
            return wire.encode({"op": "raise", "message": f"{type(error).__name__}: {error}"[:500]})
        return wire.encode({"op": "return", "value": value})


_open: dict[tuple[int, Path], StudentModule] = {}


def open_lesson(
    lesson: Lesson, folder: Path, places: Places | None = None, group: sandbox.SubmissionGroup | None = None
) -> StudentModule:
    """The student module for `lesson` in `folder`, started once per process."""
    key = (lesson.number, Path(folder).resolve())
    if key not in _open:
        _open[key] = StudentModule(lesson, folder, places, group)
        _open[key].start()
    return _open[key]


def close(module: StudentModule) -> None:
    """Stop `module`'s process and forget it."""
    module.close()
    for key in [key for key, value in _open.items() if value is module]:
        del _open[key]


def close_all() -> None:
    """Stop every student process this process started, and remove their private folders."""
    while _open:
        _open.popitem()[1].close()
