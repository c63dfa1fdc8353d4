"""Run the per-file pipeline over many files: read, check (or fix and write).

Below :data:`PARALLEL_THRESHOLD` files everything runs in this process, so a
one-file run never pays for workers. Past it, on Linux, the files are spread
over forked worker processes, one per usable core; each worker reads,
checks, fixes and writes its own files, and sends back only what the run
reports: findings, the text of a file that has findings, and the small facts
the cross-file rules compare. Results come back in the order of the targets,
whatever the number of workers.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from .config import Options
from .diagnostics import Finding
from .discover import Problem, Target
from .engine import FileReport, check_bytes
from .interrupt import checkpoint, in_worker
from .source import read_file

#: Fewer files than this are checked in this process (forking workers costs a few ms).
PARALLEL_THRESHOLD = 128


class Job(NamedTuple):
    options: Options
    fix: bool = False
    unsafe: bool = False
    write: bool = True
    #: Worker processes; None: one per usable core, when there are enough files.
    jobs: int | None = None
    #: Collect what the cross-file rules compare (not for a one-file run).
    facts: bool = True


class Outcome(NamedTuple):
    target: Target
    #: None when the file could not be read (then ``problem`` says why).
    report: FileReport | None
    applied: tuple[Finding, ...] = ()  # findings whose fixes were applied
    new: bytes | None = None  # the fixed bytes, when fixing changed the file
    old: bytes | None = None  # the bytes before, when fixing changed the file
    problem: Problem | None = None


def run(targets: Sequence[Target], job: Job) -> Iterator[Outcome]:
    """One outcome per target, in order."""
    workers = _workers(len(targets), job.jobs)
    if workers < 2:
        for target in targets:
            yield check_one(target, job)
            checkpoint()
        return
    for outcome in _pooled(targets, job, workers):
        yield outcome
        checkpoint()


def check_one(target: Target, job: Job) -> Outcome:
    if target.options is not None:  # its own configuration file's
        job = job._replace(options=target.options)
    try:
        data = read_file(target.path)
    except OSError as exc:
        return Outcome(target, None, problem=Problem(target.display, f"cannot read: {exc.strerror or exc}"))
    if not job.fix:
        return Outcome(target, _slim(check_bytes(target.display, data, target.platform, job.options, facts=job.facts)))
    from .fixer import fix_bytes

    fixed = fix_bytes(target.display, data, target.platform, job.options, unsafe=job.unsafe, facts=job.facts)
    if not fixed.changed:
        return Outcome(target, _slim(fixed.report))
    problem = _write_fixed(target, fixed.fixed, data) if job.write else None
    if problem is not None:  # nothing was fixed: report the file as it still is
        report = check_bytes(target.display, data, target.platform, job.options, facts=job.facts)
        return Outcome(target, _slim(report), problem=problem)
    return Outcome(target, _slim(fixed.report), _detach(fixed.applied), fixed.fixed, data, problem)


def _slim(report: FileReport) -> FileReport:
    """What a report must carry back: no parsed data, and text only where a finding points."""
    return report._replace(
        findings=_detach(report.findings),
        source=report.source if report.findings else None,
        context=None,
    )


def _detach(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    # A fix's edit is a closure over the parsed file, and what it touches
    # matters only to the fixer: the run is done with both.
    return tuple(
        f._replace(fix=f.fix._replace(edit=_applied_elsewhere, touches=())) if f.fix is not None else f
        for f in findings
    )


def _applied_elsewhere(document: Any) -> None:
    raise RuntimeError("this finding's fix was detached from its file; use fix_text() to apply fixes")


def _workers(files: int, jobs: int | None = None) -> int:
    if jobs == 1 or files < 2 or not sys.platform.startswith("linux"):
        return 1
    if jobs is None and files < PARALLEL_THRESHOLD:
        return 1
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return 1  # forking a process that runs threads is not safe
    if jobs is not None:
        return min(jobs, files)
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return min(cores, files // (PARALLEL_THRESHOLD // 2))


def _pooled(targets: Sequence[Target], job: Job, workers: int) -> Iterator[Outcome]:
    """Fork ``workers`` processes; worker ``w`` checks targets ``w``, ``w + workers``,
    ... and streams its outcomes back through a pipe in batches. Outcomes are
    yielded in target order as they arrive, so the run holds only what is in
    flight (memory stays flat however many files there are). A few messages
    per worker: a ``multiprocessing`` pool's per-task messages cost more here
    than the checks they carry, and importing it costs ~10 ms."""
    import pickle  # noqa: F401  # the parent reads what the workers write with it: imported once, before the fork
    import selectors

    from .rules import file_rules, project_rules
    from .shape import root

    # Load everything the workers need once, before the fork, so they share it.
    for platform in ("blaxel", "cerebrium"):
        file_rules(platform)
        root(platform)
    project_rules()
    children: dict[int, int] = {}  # read end -> pid
    selector = selectors.DefaultSelector()
    try:
        queues: list[deque[Outcome]] = [deque() for _ in range(workers)]
        import gc

        gc.freeze()  # what is loaded now is shared, never collected: no worker's collector touches (copies) it
        for first in range(workers):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: never returns
                in_worker()
                os.close(read_end)
                for sibling in children:  # the earlier workers' read ends: only the parent reads them
                    os.close(sibling)
                _work(targets, range(first, len(targets), workers), job, write_end)
            os.close(write_end)
            children[read_end] = pid
            selector.register(read_end, selectors.EVENT_READ, _Stream(first))
        for index in range(len(targets)):
            queue = queues[index % workers]
            while not queue:
                if not selector.get_map():
                    raise RuntimeError("a worker process died")
                for key, _ in selector.select():
                    stream: _Stream = key.data
                    chunk = os.read(key.fd, 1 << 16)
                    if not chunk:
                        selector.unregister(key.fd)
                        continue
                    for batch in stream.feed(chunk):
                        queues[stream.worker].extend(batch)
            yield queue.popleft()
    finally:
        selector.close()
        for read_end in children:
            os.close(read_end)
        _reap(list(children.values()))


def _reap(pids: list[int]) -> None:
    """Leave no worker behind, done, interrupted or failed: SIGTERM (a worker
    takes it at once, or just after the write in progress), then SIGKILL for
    one still there after two seconds. Never waits forever."""
    import signal
    import time

    running = []
    for pid in pids:
        try:
            if os.waitpid(pid, os.WNOHANG) == (0, 0):
                os.kill(pid, signal.SIGTERM)
                running.append(pid)
        except OSError:
            pass
    deadline = time.monotonic() + 2.0
    while running:
        for pid in list(running):
            try:
                if os.waitpid(pid, os.WNOHANG) != (0, 0):
                    running.remove(pid)
            except OSError:
                running.remove(pid)
        if running and time.monotonic() > deadline:
            for pid in running:
                try:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                except OSError:
                    pass
            return
        if running:
            time.sleep(0.005)


class _Stream:
    """Frames (a 4-byte length, then a pickle) from one worker's pipe."""

    def __init__(self, worker: int) -> None:
        self.worker = worker
        self.buffer = bytearray()

    def feed(self, chunk: bytes) -> Iterator[list[Outcome]]:
        import pickle

        self.buffer += chunk
        while len(self.buffer) >= 4:
            size = int.from_bytes(self.buffer[:4], "big")
            if len(self.buffer) < 4 + size:
                return
            status, value = pickle.loads(self.buffer[4 : 4 + size])
            del self.buffer[: 4 + size]
            if status != "ok":
                raise RuntimeError(f"a worker process failed: {value}")
            yield value


#: Outcomes a worker sends in one message.
_BATCH = 256


def _work(targets: Sequence[Target], indices: range, job: Job, write_end: int) -> None:
    import pickle

    code = 0
    with os.fdopen(write_end, "wb") as pipe:

        def send(message: tuple[str, Any]) -> None:
            payload = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
            pipe.write(len(payload).to_bytes(4, "big") + payload)
            pipe.flush()

        try:
            batch = []
            for index in indices:
                batch.append(check_one(targets[index], job))
                if len(batch) == _BATCH:
                    send(("ok", batch))
                    batch = []
            send(("ok", batch))
        except BaseException as exc:
            import traceback

            detail = "".join(traceback.format_exception(exc)) if os.environ.get("TRIGGERCFG_DEBUG") else ""
            code = 1
            with contextlib.suppress(BaseException):
                send(("error", f"{type(exc).__name__}: {exc}\n{detail}".rstrip()))
        finally:
            with contextlib.suppress(BaseException):
                pipe.flush()
            os._exit(code)  # never run the parent's exit handlers or flush its buffers


def _write_fixed(target: Target, new: bytes, old: bytes) -> Problem | None:
    """Write a fixed file, or say why it was left as it was. A symbolic link
    is written through (the link stays a link); a file found by searching a
    directory is written only if it really lies inside that directory."""
    # a search never enters a linked folder: only the file can be a link
    destination = os.path.realpath(target.path) if os.path.islink(target.path) else target.path
    if target.root is not None and destination is not target.path:
        root = os.path.realpath(target.root)
        if os.path.commonpath((root, destination)) != root:
            return Problem(target.display, f"not fixed: it links to {destination}, outside {target.root}")
    try:
        write_atomic(destination, new, expected=old)
    except FileChanged:
        return Problem(target.display, "not fixed: the file changed while it was being fixed (run again)")
    except OSError as exc:
        return Problem(target.display, f"not fixed, the file is unchanged: cannot write: {exc.strerror or exc}")
    return None


def _keep_owner(handle: int, status: os.stat_result) -> None:
    """Give the new file the old one's owner and group where this process may
    (root may; a user may keep a group they are in): a fix by an
    administrator does not take someone's file from them."""
    if not hasattr(os, "fchown") or (status.st_uid, status.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.fchown(handle, status.st_uid, status.st_gid)
    except PermissionError:
        with contextlib.suppress(PermissionError):
            os.fchown(handle, -1, status.st_gid)


class FileChanged(Exception):
    """The file on disk is no longer what the fix was computed from."""


def write_atomic(path: str | os.PathLike[str], data: bytes, *, expected: bytes | None = None) -> None:
    """Replace ``path`` with ``data`` via a temporary file in the same directory,
    keeping the file's permission bits. A reader sees the old file or the new
    one, never a part, and a failed write leaves no temporary file behind.
    With ``expected``, the file is replaced only if it still holds those
    bytes (else ``FileChanged``): an editor's save made while the fix was
    computed is not overwritten. Like git's default, it does not fsync: that
    would double the cost of ``--fix`` for a guarantee against power loss only."""
    path = os.fspath(path)
    # An interrupt waits until the file is replaced or the temporary file is
    # gone: SIGINT and SIGTERM are held for the few system calls of a write.
    held = _hold_signals()
    try:
        _write(path, data, expected)
    finally:
        if held is not None:
            import signal

            signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _hold_signals() -> set[int] | None:
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # Windows
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, (signal.SIGINT, signal.SIGTERM))


def _write(path: str, data: bytes, expected: bytes | None) -> None:
    # A rename needs only the folder's permission: a file the user may not
    # write (0444, or another user's) would be replaced all the same.
    if not os.access(path, os.W_OK):
        import errno

        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
    status = os.stat(path)
    mode = stat.S_IMODE(status.st_mode)
    folder, name = os.path.split(path)
    temp = os.path.join(folder, f".{name}.{os.getpid()}.triggercfg.tmp")
    try:
        handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # left by a killed run of this process id: pick a fresh name
        import tempfile

        handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or ".")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            os.fchmod(out.fileno(), mode)
            _keep_owner(out.fileno(), status)
        if expected is not None:
            with open(path, "rb") as stream:
                current = stream.read(max(len(expected), len(data)) + 1)
            if current == data:  # another run wrote the same fix meanwhile
                os.unlink(temp)
                return
            if current != expected:
                raise FileChanged(path)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
