"""Running a file reader in a child process with a memory and a CPU-time limit.

Reading a workbook is where a crafted file costs memory; done in the web worker, a bad
file takes the worker (and every user it serves) down with it. The reader runs instead in
a child process whose address space and CPU time are capped (setrlimit): a file that needs
more fails there, and comes back as a refusal. Children are forked from a small
"forkserver" process, never from the multi-threaded web worker itself, and start in tens
of milliseconds once it runs. The child returns plain data (its result pickled, refusals
as {field, code, params}); progress messages come back through the same pipe.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import multiprocessing
import pickle
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from data_access.errors import EntryError, ErrorCode, FieldError, ImportRefused
from data_access.importer.refusal import refuse

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
# Preloaded into the fork server so that each child starts warm. "__main__" too: loaded
# there once, the children find it loaded instead of running the main script again.
PRELOAD = ("__main__", "data_access.importer.reading", "openpyxl")
# Seconds between two looks at the child (progress, death, deadline).
_POLL_SECONDS = 0.2
# CPU seconds between the soft limit (SIGXCPU, which ends the child) and the hard one.
_CPU_GRACE_SECONDS = 5


@dataclass(frozen=True)
class ChildLimits:
    """What the child may use: more address space than it starts with, CPU seconds, and
    the size of the result it may send back."""

    memory_bytes: int
    seconds: int
    result_bytes: int


def _address_space() -> int:
    """The current process's virtual memory size in bytes (0 where /proc is missing)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _release_free_memory() -> None:
    """Give the heap's free pages back (glibc), so that they are not counted as mapped
    room the limit would let the reader use on top of its allowance."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)


def _apply_limits(limits: ChildLimits) -> None:
    """Cap this (child) process: memory above what it already maps, and CPU time."""
    _release_free_memory()
    start = _address_space()
    if start:
        # RLIMIT_AS counts the libraries already mapped; the allowance comes on top.
        ceiling = start + limits.memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    used = int(time.process_time())
    resource.setrlimit(resource.RLIMIT_CPU, (used + limits.seconds,
                                             used + limits.seconds + _CPU_GRACE_SECONDS))


def _child(connection: Any, reader: Callable[..., Any], args: tuple, limits: ChildLimits
           ) -> None:
    """Child process: apply the limits, run the reader, send its outcome."""
    def send(message: tuple) -> None:
        connection.send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def progress(phase: str, done: int, total: int) -> None:
        send(("progress", phase, done, total))

    try:
        _apply_limits(limits)
        payload = pickle.dumps(("result", reader(*args, progress=progress)),
                               protocol=pickle.HIGHEST_PROTOCOL)
        if len(payload) > limits.result_bytes:
            raise MemoryError("result too large")
        connection.send_bytes(payload)
    except EntryError as exc:
        send(("refused", [e.as_dict() for e in exc.errors]))
    except MemoryError:
        # The reader's memory is released by now (its frames are gone).
        send(("too_heavy",))
    except Exception as exc:  # noqa: BLE001 - a bug: the parent logs it as a failure
        send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        connection.close()


def _context() -> Any:
    """The multiprocessing context: forkserver where there is one (POSIX), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(PRELOAD))
        return context
    return multiprocessing.get_context("spawn")


def _too_heavy() -> ImportRefused:
    return refuse(ErrorCode.FILE_TOO_HEAVY)


def run_isolated(reader: Callable[..., Any], args: tuple, limits: ChildLimits,
                 progress: Progress | None = None) -> Any:
    """reader(*args, progress=...) run in a limited child; its result, or ImportRefused
    (the reader's own refusals, and FILE_TOO_HEAVY when the child ran out of memory or
    time, or died)."""
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, reader, args, limits),
                            name="jointops-reader", daemon=True)
    child.start()
    sender.close()  # the child holds the only writing end: EOF when it dies
    deadline = time.monotonic() + limits.seconds + 2 * _CPU_GRACE_SECONDS
    try:
        while True:
            if time.monotonic() > deadline:
                log.warning("file reader %s ran out of time", child.pid)
                raise _too_heavy()
            if not receiver.poll(_POLL_SECONDS):
                continue
            try:
                message = pickle.loads(receiver.recv_bytes(limits.result_bytes))
            except (EOFError, OSError):
                # Died without a word (killed: SIGXCPU, SIGKILL from the OOM killer), or
                # sent more than allowed.
                child.join(1)
                log.warning("file reader %s ended with %s", child.pid, child.exitcode)
                raise _too_heavy() from None
            kind = message[0]
            if kind == "progress":
                if progress:
                    progress(*message[1:])
            elif kind == "result":
                return message[1]
            elif kind == "refused":
                raise ImportRefused([FieldError(**e) for e in message[1]])
            elif kind == "failed":
                raise RuntimeError(f"file reader failed: {message[1]}")
            else:
                raise _too_heavy()
    finally:
        receiver.close()
        child.join(1)
        if child.is_alive():
            child.kill()
            child.join(1)
        child.close()

