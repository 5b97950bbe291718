"""The plain-data channel between the checks and a student's code, and the student side's server.

The checks run in a trusted process; a lesson's student functions run in another, sandboxed
one, which runs this file as a script (it imports nothing but the standard library, NumPy and
a copy of `fashion_course/tracebacks.py` beside it, so the sandbox holds no other part of the
course). They talk over the student process's stdin and stdout in frames:

    8-byte header length, 8-byte data length (big-endian) | JSON header | raw array bytes

The header is the message with each array replaced by `{"$array": [dtype, shape, offset]}`.
Other tags: `$tuple`, `$dict` (keys of any plain type), `$scalar` (a NumPy scalar), `$rng` (a
Generator's state), `$callable` (a function of the checks that the student's code may call
back) and `$opaque` (a value of any other type, by its type's name only). Nothing is ever
unpickled: arrays are rebuilt from raw bytes, and only boolean, numeric and string dtypes are
accepted. `decode` raises `WireError` on anything malformed or larger than the caps, in time
linear in the frame's size: a dict may hold at most `MAX_OTHER_KEYS` keys that are not strings
(the contract's dicts are keyed by strings, whose hashes are salted per process, while numbers
and tuples can be chosen to hash alike, and a dict of n such keys takes n * n steps to build).

Identity survives the crossing within a message: an array, list, dict or Generator met a second
time is sent as `{"$same": n}`, the n-th such value completed before it, and decodes as that very
object, so `state["m"] is state["v"]` holds on one side exactly when it held on the other (two
views of one buffer are two objects, and arrive as two arrays). A reference can only name a
value already complete, so no message can make a cycle; it counts against the caps as the value
written out in full would, so sharing never makes a message bigger than one without it.

A session, as the server sees it: it loads NumPy and the earlier lessons, waits for `import`,
imports the student's lesson, says `ready` (or `import failed`),
then answers each `call` with `result` (the value, the arguments it changed in place, whether
NumPy's global random state moved, and whether the process is `cramped` for memory) or
`exception`; during a call it may send `callback` and wait for `return` (or `raise`). After
`fork`, the next `call` carries the
reference's code of the functions the called one calls (`standins`), and is answered by a child
process (`Server.fork`), after which the server says `ended` with the child's exit code.
"""

from __future__ import annotations

import copy
import json
import math
import mmap
import os
import struct
import sys
import types
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import numpy as np

try:
    from fashion_course.tracebacks import describe_exception, import_problem, locate
except ImportError:  # the sandbox's script: the package is hidden there, a copy of the module lies beside it
    import importlib.util

    _spec = importlib.util.spec_from_file_location("tracebacks", Path(__file__).with_name("tracebacks.py"))
    _tracebacks = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_tracebacks)
    describe_exception, import_problem, locate = (
        _tracebacks.describe_exception,
        _tracebacks.import_problem,
        _tracebacks.locate,
    )

MAX_HEADER_BYTES = 16 * 1024**2
MAX_DATA_BYTES = 256 * 1024**2
MAX_DEPTH = 32
MAX_ITEMS = 1_000_000  # values in one message, counting every element of every list, and a `$same` in full
MAX_OTHER_KEYS = 256  # keys of one dict that are not strings: numbers and tuples can be made to hash alike
ARRAY_KINDS = "biufcU"  # bool, int, uint, float, complex, str: no objects, no structured records
PREFIX = struct.Struct(">QQ")
ALIGNMENT = 64  # bytes: where each array starts, counted from the frame's start


class WireError(ValueError):
    """A message that is malformed, of an unexpected kind, or too large."""


SHAREABLE_TAGS = ("$array", "$dict", "$rng")  # with JSON lists: the values a `$same` may name


def _shareable(encoded: Any) -> bool:
    """Whether a value in its encoded form is one that is numbered, for a later `$same` to name."""
    return isinstance(encoded, list) or (
        isinstance(encoded, dict) and len(encoded) == 1 and next(iter(encoded)) in SHAREABLE_TAGS
    )


class _Extent(NamedTuple):
    """What a value counts against the caps, written out in full: its values, how deep it nests
    below itself, and its arrays' bytes."""

    items: int
    height: int
    nbytes: int


class _Caps:
    """The running count of one message against the caps, where a `$same` counts in full."""

    def __init__(self) -> None:
        self.items = 0
        self.nbytes = 0
        self.deepest = 0  # the deepest level reached in the value being measured

    def count(self, depth: int, items: int = 1, height: int = 0, nbytes: int = 0) -> None:
        """Count a value at `depth` (by default one without arrays or anything below it)."""
        self.items += items
        reach = depth + height
        if reach > self.deepest:
            self.deepest = reach
        if reach > MAX_DEPTH or self.items > MAX_ITEMS:
            raise WireError(f"nested deeper than {MAX_DEPTH} or holds more than {MAX_ITEMS} values")
        if nbytes:
            self.count_bytes(nbytes)

    def count_bytes(self, nbytes: int) -> None:
        self.nbytes += nbytes
        if self.nbytes > MAX_DATA_BYTES:
            raise WireError(f"more than {MAX_DATA_BYTES // 1024**2} MB of arrays")

    def measure(self, make: Callable[[], Any], depth: int) -> tuple[Any, _Extent]:
        """`make()`, which makes the value at `depth`, and the extent of that value."""
        items, nbytes, deepest = self.items, self.nbytes, self.deepest
        self.deepest = depth
        value = make()
        extent = _Extent(self.items - items, self.deepest - depth, self.nbytes - nbytes)
        self.deepest = max(deepest, self.deepest)
        return value, extent


class Opaque:
    """A value the student's side returned that plain data cannot carry: only its type's name."""

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name[:80]

    def __repr__(self) -> str:
        return f"<{self.type_name}>"


# --- encoding ---------------------------------------------------------------------------------


class _Encoder:
    def __init__(self, callables: dict[int, Callable] | None) -> None:
        self.blobs: list[bytes] = []
        self.size = 0
        self.caps = _Caps()
        self.callables = callables  # where functions passed as arguments are registered, if allowed
        self.numbered: dict[int, tuple[int, _Extent]] = {}  # id of a shareable value -> its number, extent
        self.kept: list[Any] = []  # the numbered values, held so that no id is reused while encoding

    def array(self, value: np.ndarray) -> list:
        if self.size % ALIGNMENT:  # NumPy is slow on misaligned data: start each array on a boundary
            padding = ALIGNMENT - self.size % ALIGNMENT
            self.blobs.append(bytes(padding))
            self.size += padding
        offset = self.size
        data = memoryview(np.ascontiguousarray(value)).cast("B")  # C order; a copy only if it is not
        self.blobs.append(data)
        self.size += data.nbytes
        if self.size > MAX_DATA_BYTES:
            raise WireError(f"more than {MAX_DATA_BYTES // 1024**2} MB of arrays")
        self.caps.count_bytes(data.nbytes)
        return [value.dtype.str, list(value.shape), offset]

    def encode(self, value: Any, depth: int = 0) -> Any:
        """`value` as JSON-ready data; a shareable value met before, as `{"$same": n}`."""
        if not isinstance(value, (np.ndarray, list, dict, np.random.Generator)):  # never shared
            return self.encode_anew(value, depth)
        if id(value) in self.numbered:
            number, extent = self.numbered[id(value)]
            self.caps.count(depth, *extent)
            return {"$same": number}
        encoded, extent = self.caps.measure(lambda: self.encode_anew(value, depth), depth)
        if _shareable(encoded):
            self.numbered[id(value)] = (len(self.kept), extent)
            self.kept.append(value)
        return encoded

    def encode_anew(self, value: Any, depth: int) -> Any:
        self.caps.count(depth)
        if value is None or isinstance(value, (bool, str)) or type(value) is int:
            return value
        if type(value) is float:
            return value if math.isfinite(value) else {"$float": repr(value)}
        if isinstance(value, np.ndarray):
            if value.dtype.kind not in ARRAY_KINDS or value.dtype.fields or value.dtype.subdtype:
                return {"$opaque": f"{value.dtype} array"}
            return {"$array": self.array(value)}
        if isinstance(value, np.generic) and np.dtype(type(value)).kind in ARRAY_KINDS:
            return {"$scalar": self.array(np.asarray(value))}
        if isinstance(value, np.random.Generator) and isinstance(value.bit_generator, np.random.PCG64):
            return {"$rng": value.bit_generator.state}
        if type(value) is list:
            return [self.encode(v, depth + 1) for v in value]
        if type(value) is tuple:
            return {"$tuple": [self.encode(v, depth + 1) for v in value]}
        if type(value) is dict:
            return {
                "$dict": [[self.encode(k, depth + 1), self.encode(v, depth + 1)] for k, v in value.items()]
            }
        number = getattr(value, "callback_number", None)  # a function the checks passed in, going back
        if type(number) is int:
            return {"$callable": number}
        if callable(value) and self.callables is not None:
            self.callables[len(self.callables)] = value
            return {"$callable": len(self.callables) - 1}
        return {"$opaque": type(value).__name__}


def encode(message: dict[str, Any], callables: dict[int, Callable] | None = None) -> bytes:
    """A frame holding `message`. Functions in it are numbered into `callables` when it is given
    (the checks' side), else sent by their type's name only."""
    encoder = _Encoder(callables)
    header = json.dumps(encoder.encode(message), separators=(",", ":")).encode()
    header += b" " * (-(PREFIX.size + len(header)) % ALIGNMENT)  # the arrays start on a boundary
    if len(header) > MAX_HEADER_BYTES:
        raise WireError(f"a header of more than {MAX_HEADER_BYTES // 1024**2} MB")
    return b"".join([PREFIX.pack(len(header), encoder.size), header, *encoder.blobs])


# --- decoding ---------------------------------------------------------------------------------


def _integer(value: Any, what: str) -> int:
    if type(value) is not int:
        raise WireError(f"{what} is not an integer")
    return value


def _rng(state: Any) -> np.random.Generator:
    if not isinstance(state, dict) or state.get("bit_generator") != "PCG64":
        raise WireError("a random generator that is not a PCG64 state")
    inner = state.get("state")
    if (
        not isinstance(inner, dict)
        or set(inner) != {"state", "inc"}
        or set(state)
        != {
            "bit_generator",
            "state",
            "has_uint32",
            "uinteger",
        }
    ):
        raise WireError("a malformed random generator state")
    for name, value in [*inner.items(), ("has_uint32", state["has_uint32"]), ("uinteger", state["uinteger"])]:
        if not 0 <= _integer(value, name) < 2**128:
            raise WireError("a random generator state out of range")
    generator = np.random.Generator(np.random.PCG64())
    try:
        generator.bit_generator.state = state
    except (TypeError, ValueError, KeyError) as error:
        raise WireError(f"a random generator state numpy refuses: {error}") from None
    return generator


class _Decoder:
    def __init__(self, data: bytes, callables: Callable[[int], Any]) -> None:
        self.data = data
        self.callables = callables
        self.caps = _Caps()
        self.numbered: list[tuple[Any, _Extent]] = []  # the shareable values completed so far, in order

    def array(self, spec: Any) -> np.ndarray:
        if not (isinstance(spec, list) and len(spec) == 3 and isinstance(spec[0], str)):
            raise WireError("a malformed array")
        dtype_name, shape, offset = spec
        try:
            dtype = np.dtype(dtype_name)
        except (TypeError, ValueError):
            raise WireError(f"an unknown dtype {dtype_name[:20]!r}") from None
        if dtype.kind not in ARRAY_KINDS or dtype.fields or dtype.subdtype or dtype.itemsize == 0:
            raise WireError(f"an array of dtype {dtype} (only numbers, booleans and strings are accepted)")
        if not isinstance(shape, list) or len(shape) > MAX_DEPTH:
            raise WireError("a malformed array shape")
        count = 1
        for length in shape:
            count *= _integer(length, "an array's length")
            if length < 0:
                raise WireError("a negative array length")
        start = _integer(offset, "an array's offset")
        end = start + count * dtype.itemsize
        if not 0 <= start <= end <= len(self.data):
            raise WireError("an array whose bytes are missing")
        self.caps.count_bytes(end - start)
        try:
            array = np.frombuffer(self.data, dtype, count, start).reshape(shape)  # shares the frame's bytes
        except ValueError as error:  # an empty array with a huge other dimension
            raise WireError(f"an array shape numpy refuses ({error})") from None
        return array if array.flags.aligned else array.copy()

    def decode(self, value: Any, depth: int = 0) -> Any:
        """The value `value` encodes; a `$same`, the very object it names."""
        if not isinstance(value, (list, dict)):  # a number, a string, None: never shared
            return self.decode_anew(value, depth)
        if isinstance(value, dict) and len(value) == 1 and "$same" in value:
            number = _integer(value["$same"], "a reference")
            if not 0 <= number < len(self.numbered):
                raise WireError("a reference to no value completed before it")
            same, extent = self.numbered[number]
            self.caps.count(depth, *extent)
            return same
        if not _shareable(value):
            return self.decode_anew(value, depth)
        decoded, extent = self.caps.measure(lambda: self.decode_anew(value, depth), depth)
        self.numbered.append((decoded, extent))
        return decoded

    def decode_anew(self, value: Any, depth: int) -> Any:
        self.caps.count(depth)
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        if isinstance(value, list):
            return [self.decode(v, depth + 1) for v in value]
        if not isinstance(value, dict) or len(value) != 1:
            raise WireError("an unknown value")
        ((tag, body),) = value.items()
        if tag == "$array":
            return self.array(body)
        if tag == "$scalar":
            scalar = self.array(body)
            if scalar.shape != ():
                raise WireError("a scalar with a shape")
            return scalar[()]
        if tag == "$float" and body in ("nan", "inf", "-inf"):
            return float(body)
        if tag == "$tuple" and isinstance(body, list):
            return tuple(self.decode(v, depth + 1) for v in body)
        if tag == "$dict" and isinstance(body, list):
            pairs, other_keys = {}, 0
            for pair in body:
                if not isinstance(pair, list) or len(pair) != 2:
                    raise WireError("a malformed dict")
                key = self.decode(pair[0], depth + 1)
                if not isinstance(key, str):
                    other_keys += 1
                    if not isinstance(key, (int, float, bool, tuple, type(None))):
                        raise WireError("a dict key that is not a plain value")
                    if other_keys > MAX_OTHER_KEYS:
                        raise WireError(f"a dict with more than {MAX_OTHER_KEYS} keys that are not strings")
                    try:
                        hash(key)
                    except TypeError:  # a tuple holding a list, an array or a dict
                        raise WireError("a dict key that cannot be hashed") from None
                pairs[key] = self.decode(pair[1], depth + 1)
            return pairs
        if tag == "$rng":
            return _rng(body)
        if tag == "$callable":
            return self.callables(_integer(body, "a callable's number"))
        if tag == "$opaque" and isinstance(body, str):
            return Opaque(body)
        raise WireError(f"an unknown tag {tag[:20]!r}")


def decode(frame: bytes | bytearray, callables: Callable[[int], Any]) -> dict[str, Any]:
    """The message in `frame`; `callables(n)` gives the n-th function. Its arrays share the
    frame's memory (writable when the frame is a bytearray)."""
    header_size, data_size = PREFIX.unpack_from(frame)
    view = memoryview(frame)
    header = bytes(view[PREFIX.size : PREFIX.size + header_size])
    try:
        message = json.loads(header)
    except (ValueError, RecursionError) as error:
        raise WireError(f"a header that is not JSON ({type(error).__name__})") from None
    decoded = _Decoder(view[PREFIX.size + header_size :], callables).decode(message)
    if not isinstance(decoded, dict) or not isinstance(decoded.get("op"), str):
        raise WireError("a message without an operation")
    return decoded


def read_frame(stream: BinaryIO) -> bytearray:
    """One whole frame from `stream`; WireError when it announces too much, EOFError when it ends."""
    frame = bytearray(PREFIX.size)
    _read_into(stream, memoryview(frame))
    header_size, data_size = PREFIX.unpack(frame)
    if header_size > MAX_HEADER_BYTES or data_size > MAX_DATA_BYTES:
        raise WireError(f"a message of more than {MAX_DATA_BYTES // 1024**2} MB")
    frame.extend(bytes(header_size + data_size))
    _read_into(stream, memoryview(frame)[PREFIX.size :])
    return frame


def _read_into(stream: BinaryIO, buffer: memoryview) -> None:
    while buffer:
        count = stream.readinto(buffer)
        if not count:
            raise EOFError("the other side closed the channel")
        buffer = buffer[count:]


# --- the student side -------------------------------------------------------------------------


SCALARS = (bool, int, float, complex, str, np.generic)  # compared by value, NaN equal to NaN


def same(before: Any, after: Any) -> bool:
    """Whether `after` holds what `before` held, down to each number in a list or a dict: what
    tells an argument changed in place."""
    if isinstance(before, np.ndarray):
        return (
            isinstance(after, np.ndarray)
            and before.shape == after.shape
            and before.dtype == after.dtype
            and np.array_equal(before, after, equal_nan=before.dtype.kind in "fc")
        )
    if isinstance(before, dict):
        return (
            isinstance(after, dict)
            and before.keys() == after.keys()
            and all(same(before[k], after[k]) for k in before)
        )
    if isinstance(before, (list, tuple)):
        return type(before) is type(after) and len(before) == len(after) and all(map(same, before, after))
    if isinstance(before, np.random.Generator):
        return (
            isinstance(after, np.random.Generator) and before.bit_generator.state == after.bit_generator.state
        )
    if before is None or isinstance(before, SCALARS):  # an item of a list or a dict
        return type(before) is type(after) and bool(before == after or (before != before and after != after))
    return True  # a function the checks passed in


HEADROOM_BYTES = 1024**3  # of address space, free after a call; with less, the next call gets a new process


def cramped() -> bool:
    """Whether the student's code left this process less than HEADROOM_BYTES of address space to
    reserve (it keeps arrays it made, say), which the next function's checks may need."""
    try:
        mmap.mmap(-1, HEADROOM_BYTES).close()  # reserved, never touched: no memory is used
    except (OSError, ValueError, OverflowError):
        return True
    return False


class Server:
    """Runs a lesson's functions for the checks, one call at a time."""

    def __init__(self, reader: BinaryIO, writer: BinaryIO, folder: Path, places: dict | None = None) -> None:
        self.reader, self.writer, self.folder = reader, writer, folder
        self.places = places or {}  # for a lesson made from a notebook: which cell each line came from
        self.module: Any = None

    def send(self, **message: Any) -> None:
        try:
            frame = encode(message)
        except (WireError, TypeError, ValueError, RecursionError) as error:
            frame = encode({"op": "unsendable", "message": str(error)})
        self.writer.write(frame)
        self.writer.flush()

    def receive(self) -> dict[str, Any]:
        return decode(read_frame(self.reader), self.callback)

    def callback(self, number: int) -> Callable[..., Any]:
        def call_the_checks(*args: Any) -> Any:
            self.send(op="callback", number=number, args=list(args))
            reply = self.receive()
            if reply["op"] == "raise":
                raise ValueError(f"the function you were given raised: {reply['message']}")
            return reply["value"]

        call_the_checks.callback_number = number
        return call_the_checks

    def run(self, name: str, args: list, kwargs: dict) -> None:
        function = getattr(self.module, name, None)
        if not callable(function):
            self.send(op="missing", message=f"{self.module.__name__}.py defines no function {name}")
            return
        global_state = np.random.get_state()[1].copy()
        arguments = copy.deepcopy((args, kwargs))
        try:
            with (
                warnings.catch_warnings(record=True) as caught,
                np.errstate(over="warn", invalid="warn", divide="warn"),
            ):
                warnings.simplefilter("always")
                value = function(*args, **kwargs)
        except BaseException as error:  # noqa: BLE001 (sys.exit, KeyboardInterrupt: all are the student's)
            self.send(op="exception", cramped=cramped(), **describe_exception(error, self.folder, self.places))
            return
        moved = not np.array_equal(global_state, np.random.get_state()[1])
        numeric = [self.warning(w) for w in caught if issubclass(w.category, RuntimeWarning)][:10]
        changed = {
            "args": {
                str(i): new for i, (old, new) in enumerate(zip(arguments[0], args)) if not same(old, new)
            },
            "kwargs": {key: new for key, new in kwargs.items() if not same(arguments[1][key], new)},
        }
        self.send(
            op="result",
            value=value,
            changed=changed,
            global_random_moved=moved,
            warnings=numeric,
            cramped=cramped(),
        )

    def warning(self, caught: warnings.WarningMessage) -> str:
        """A warning's message, and where in the student's files it was raised."""
        text = str(caught.message)[:200]
        if Path(caught.filename).parent == self.folder:
            text += f" ({locate(Path(caught.filename).name, caught.lineno, self.places)})"
        return text

    def serve(self) -> None:
        while True:
            try:
                message = self.receive()
            except EOFError:
                return
            if message["op"] == "call":
                self.run(message["function"], message["args"], message["kwargs"])
            elif message["op"] == "fork":
                self.fork()

    def fork(self) -> None:
        """Answer the next message, a `call` with `standins`, in a child: it runs the stand-ins'
        source (the reference's definitions of the functions the called one calls), puts them in
        its copy of the student's module, makes the call and exits; then say how it `ended`. The
        message is read by the child alone, so this process never holds the reference's code, and
        nothing the call changes outlives it."""
        child = os.fork()
        if child == 0:
            try:
                message = self.receive()
                source, names = message["standins"]
                standins: dict[str, Any] = {"__name__": "_course_standins"}
                exec(compile(source, "standins", "exec"), standins)  # noqa: S102 (the course's own code)
                for name in names:
                    stand_in(self.module, getattr(self.module, name, None), standins[name])
                    setattr(self.module, name, standins[name])
                self.run(message["function"], message["args"], message["kwargs"])
                self.writer.flush()
            finally:
                os._exit(0)
        try:
            code: int | None = os.waitstatus_to_exitcode(os.waitpid(child, 0)[1])
        except ChildProcessError:  # the student's module reaps children itself (SIGCHLD ignored)
            code = None
        self.send(op="ended", code=code)


def stand_in(module: Any, original: Any, reference: Callable) -> None:
    """Put `reference` wherever the module holds `original` (the student's function) at its top
    level: under another name (`_sig = sigmoid`), in a dict or a list (`ACTIVATIONS = {"relu":
    relu}`), or as a function's default argument (`def forward(X, params, act=relu)`)."""
    if not callable(original):
        return

    def swapped(value: Any) -> Any:
        return reference if value is original else value

    for key, value in list(vars(module).items()):
        if value is original:
            setattr(module, key, reference)
        elif isinstance(value, dict):
            value.update({k: reference for k, v in value.items() if v is original})
        elif isinstance(value, list):
            value[:] = map(swapped, value)
        elif isinstance(value, types.FunctionType):
            if value.__defaults__:
                value.__defaults__ = tuple(map(swapped, value.__defaults__))
            if value.__kwdefaults__:
                value.__kwdefaults__ = {k: swapped(v) for k, v in value.__kwdefaults__.items()}


def load(path: Path, module_name: str) -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def main(job: dict[str, Any]) -> None:
    """Set the limits, import the references and then the student's lesson, and serve."""
    import resource

    # The channel gets its own descriptors; the student's prints go nowhere.
    reader = os.fdopen(os.dup(0), "rb", buffering=0)
    writer = os.fdopen(os.dup(1), "wb")
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    for name, value in job["limits"].items():
        limit = getattr(resource, name, None)
        if limit is None:  # not on this platform
            continue
        hard = resource.getrlimit(limit)[1]
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):  # macOS refuses some (RLIMIT_AS): the checks' time limits still hold
            pass
    for name, file in job["references"]:
        load(Path(file), name)
    if job.get("user") is not None and os.getuid() == 0:  # a root sandbox: become nobody for good
        os.setgroups([])
        os.setgid(job["user"])
        os.setuid(job["user"])
    folder = Path(job["folder"])
    server = Server(reader, writer, folder, job.get("places"))
    path = folder / job["file"]
    try:  # the student's code runs only when the checks are ready for it
        if server.receive()["op"] != "import":
            return
    except (EOFError, WireError):
        return
    sys.path.insert(0, str(folder))
    try:
        server.module = load(path, job["module"])
    except BaseException as error:  # noqa: BLE001 (a syntax error, a missing module, sys.exit)
        server.send(op="import failed", message=import_problem(error, path, server.places))
        return
    server.send(op="ready")
    server.serve()


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
