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

import os
import signal
import stat
import sys
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from .config import Options
from .diagnostics import Finding
from .discover import Problem, Target
from .engine import FileReport, check_bytes
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
        return
    yield from _pooled(targets, job, workers)


def check_one(target: Target, job: Job) -> Outcome:
    try:
        data = read_file(target.path)
    except OSError as exc:
        return Outcome(target, None, problem=Problem(target.display, f"cannot read: {exc.strerror or exc}"))
    if not job.fix:
        return Outcome(target, _slim(check_bytes(target.display, data, target.platform, job.options)))
    from .fixer import fix_bytes

    fixed = fix_bytes(target.display, data, target.platform, job.options, unsafe=job.unsafe)
    if not fixed.changed:
        return Outcome(target, _slim(fixed.report))
    problem = None
    if job.write:
        try:
            write_atomic(target.path, fixed.fixed)
        except OSError as exc:
            problem = Problem(target.display, f"cannot write: {exc.strerror or exc}")
    return Outcome(target, _slim(fixed.report), _detach(fixed.applied), fixed.fixed, data, problem)


def _slim(report: FileReport) -> FileReport:
    """What a report must carry back: no parsed data, and text only where a finding points."""
    return report._replace(
        findings=_detach(report.findings),
        source=report.source if report.findings else None,
        context=None,
    )


def _detach(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    # A fix's edit is a closure over the parsed file; the run is done with it.
    return tuple(
        f._replace(fix=f.fix._replace(edit=_applied_elsewhere)) if f.fix is not None else f
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
    """Fork ``workers`` processes; each checks every ``workers``-th target and
    sends back all its outcomes at once, through a pipe. One message per
    worker: the per-task messages of a ``multiprocessing`` pool cost more here
    than the checks they carry, and importing it costs ~10 ms."""
    import pickle

    from .rules import file_rules, project_rules
    from .shape import root

    # Load everything the workers need once, before the fork, so they share it.
    for platform in ("blaxel", "cerebrium"):
        file_rules(platform)
        root(platform)
    project_rules()
    children: list[tuple[int, int, range]] = []
    try:
        for first in range(workers):
            indices = range(first, len(targets), workers)
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: never returns
                os.close(read_end)
                _work(targets, indices, job, write_end)
            os.close(write_end)
            children.append((pid, read_end, indices))
        results: list[Outcome | None] = [None] * len(targets)
        while children:
            pid, read_end, indices = children[0]
            with os.fdopen(read_end, "rb") as pipe:
                payload = pipe.read()
            os.waitpid(pid, 0)
            children.pop(0)
            status, value = pickle.loads(payload) if payload else ("error", "a worker process died")
            if status != "ok":
                raise RuntimeError(f"a worker process failed: {value}")
            for index, outcome in zip(indices, value, strict=True):
                results[index] = outcome
    finally:
        for pid, read_end, _ in children:  # interrupted or failed: leave no worker behind
            os.close(read_end)
            try:
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            except OSError:
                pass
    yield from results  # type: ignore[misc]


def _work(targets: Sequence[Target], indices: range, job: Job, write_end: int) -> None:
    import pickle

    code = 0
    try:
        payload = pickle.dumps(("ok", [check_one(targets[i], job) for i in indices]), pickle.HIGHEST_PROTOCOL)
    except BaseException as exc:  # noqa: BLE001 - reported by the parent, which decides
        import traceback

        detail = "".join(traceback.format_exception(exc)) if os.environ.get("TRIGGERCFG_DEBUG") else ""
        payload = pickle.dumps(("error", f"{type(exc).__name__}: {exc}\n{detail}".rstrip()))
        code = 1
    try:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(code)  # never run the parent's exit handlers or flush its buffers


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` via a temporary file in the same directory,
    keeping the file's permission bits. A reader sees the old file or the new
    one, never a part. Like git's default, it does not fsync: that would double
    the cost of ``--fix`` for a guarantee against power loss only."""
    import tempfile

    path = os.fspath(path)
    mode = stat.S_IMODE(os.stat(path).st_mode)
    folder, name = os.path.split(path)
    handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or ".")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
