"""Run the per-file pipeline over many files: read, check (or fix and write).

Below :data:`PARALLEL_THRESHOLD` files everything runs in this process, so a
one-file run never pays for workers. Past it, on Linux, the files are spread
over forked worker processes, one per usable core (:class:`Pool`), in
chunks given to each as it finishes the last; each worker reads, checks,
fixes and writes its own files, and sends back only what the run reports:
findings, the text of a file that has findings, and the small facts the
cross-file rules compare. Results come back in the order of the targets,
whatever the number of workers. A directory search that finds many files
starts the first worker before it has found them all (:meth:`Pool.start`),
so that its warm-up runs beside the rest of the search.
"""

# Annotations are evaluated: NamedTuples compile string ones (CONTRIBUTING.md, Benchmark).
import contextlib
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple, NoReturn

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


def run(
    targets: Sequence[Target], job: Job, pool: "Pool | None" = None, meanwhile: Callable[[], object] | None = None
) -> Iterator[Outcome]:
    """One outcome per target, in order. ``pool``: workers started before the
    targets were known (:meth:`Pool.start`); closed here, used or not.
    ``meanwhile``: work for this process while workers check (run once, in
    any case, before the last outcome)."""
    workers = _workers(len(targets), job.jobs)
    if workers < 2:
        if pool is not None:
            pool.close()
        for target in targets:
            yield check_one(target, job)
            checkpoint()
        if meanwhile is not None:
            meanwhile()
        return
    pool = pool if pool is not None else Pool(job.jobs)
    try:
        for outcome in pool.run(targets, job, workers, meanwhile):
            yield outcome
            checkpoint()
    finally:
        pool.close()


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


def _pack(outcome: Outcome) -> tuple[Any, ...]:
    """An outcome as a worker sends it: without what the parent knows (its
    target, the report's path and platform): half the bytes to pickle."""
    report = outcome.report
    return (None if report is None else (report.findings, report.source, report.facts), *outcome[2:])


def _unpack(target: Target, packed: tuple[Any, ...]) -> Outcome:
    body, *rest = packed
    report = None if body is None else FileReport(target.display, target.platform, body[0], body[1], None, body[2])
    return Outcome(target, report, *rest)


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


#: Targets per message to a worker: small enough to keep every core busy to
#: the end (a worker is given more as it answers), large enough that the
#: messages cost nothing next to the checks.
_CHUNK = 32
#: Chunks a worker holds at once: the next is there when it finishes one.
_AHEAD = 2


class _Worker(NamedTuple):
    #: 0 for a worker that the first one forked (its child, not this process's).
    pid: int
    tasks: int  # the write end of its task pipe (non-blocking)
    results: int  # the read end of its result pipe


#: Workers prepared for at most, when the first one starts early (two pipes each).
_SLOTS = 64


class Pool:
    """Forked worker processes, each given chunks of targets as it answers
    the last ones, each streaming its outcomes back; they are yielded in
    target order as they arrive, so the run holds only what is in flight
    (memory stays flat however many files there are). A few messages per
    chunk: a ``multiprocessing`` pool's per-task messages cost more here than
    the checks they carry, and importing it costs ~10 ms.

    :meth:`start` forks the first worker before the targets are known: while
    this process goes on searching the directories, it loads and warms up
    everything a check uses (~15 ms of imports, rule modules, compiled
    patterns), on the core the search leaves idle. When the targets are
    known, it forks the other workers itself, so that they start warm too
    (its children; it reports their process ids, and waits for them)."""

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = jobs
        self.workers: list[_Worker] = []
        #: The process ids of the workers the first one forked.
        self.grandchildren: list[int] = []
        self.finished = False

    def start(self) -> None:
        """Fork the first worker now, before the targets are known, if a run
        could use workers at all (a directory search calls this once it has
        found :data:`PARALLEL_THRESHOLD` files)."""
        if self.workers or _workers(PARALLEL_THRESHOLD, self.jobs) < 2:
            return
        import gc

        slots = min(_workers(1 << 30, self.jobs), _SLOTS)
        pipes = [(*os.pipe(), *os.pipe()) for _ in range(slots)]  # (tasks r, tasks w, results r, results w)
        gc.freeze()  # what is loaded now is shared, never collected: no worker's collector touches (copies) it
        (tasks, _, _, results), *others = pipes
        pid = _fork_worker(
            tasks,
            results,
            [end for _, tasks_write, results_read, _ in pipes for end in (tasks_write, results_read)],
            warm=True,
            spare=[(other_tasks, other_results) for other_tasks, _, _, other_results in others],
        )
        for index, (tasks_read, tasks_write, results_read, results_write) in enumerate(pipes):
            os.close(tasks_read)
            os.close(results_write)
            os.set_blocking(tasks_write, False)  # a full task pipe never stops this process reading outcomes
            self.workers.append(_Worker(pid if index == 0 else 0, tasks_write, results_read))

    def _fork(self) -> None:
        """A worker forked from this process (when none started early, or
        more are wanted than were prepared for)."""
        import gc

        tasks_read, tasks_write = os.pipe()
        results_read, results_write = os.pipe()
        gc.freeze()
        siblings = [end for sibling in self.workers for end in (sibling.tasks, sibling.results)]  # only ours
        pid = _fork_worker(tasks_read, results_write, [tasks_write, results_read, *siblings])
        os.close(tasks_read)
        os.close(results_write)
        os.set_blocking(tasks_write, False)
        self.workers.append(_Worker(pid, tasks_write, results_read))

    def run(
        self, targets: Sequence[Target], job: Job, workers: int, meanwhile: Callable[[], object] | None = None
    ) -> Iterator[Outcome]:
        import pickle
        import selectors

        early = bool(self.workers)
        for unused in self.workers[workers:]:  # prepared for, not needed
            os.close(unused.tasks)
            os.close(unused.results)
        del self.workers[workers:]
        while len(self.workers) < workers:
            self._fork()
        starts = iter(range(0, len(targets), _CHUNK))
        # The first worker forks the ones prepared for, once it is warm.
        forks = sum(1 for w in self.workers[1:] if w.pid == 0) if early else 0
        outbox = {
            w.tasks: bytearray(_frame(("job", (job, forks if i == 0 else 0)))) for i, w in enumerate(self.workers)
        }
        holding = dict.fromkeys(outbox, 0)  # chunks given and not yet answered, by task pipe
        done: dict[int, list[Outcome]] = {}  # answered chunks, by their first index

        def give(tasks: int) -> None:
            start = next(starts, None)
            if start is None:
                if not holding[tasks]:
                    outbox[tasks] += _END  # nothing left: the worker leaves when it reads this
                return
            outbox[tasks] += _frame(("chunk", (start, targets[start : start + _CHUNK])))
            holding[tasks] += 1

        selector = selectors.DefaultSelector()
        try:
            for worker in self.workers:
                for _ in range(_AHEAD):
                    give(worker.tasks)
                selector.register(worker.results, selectors.EVENT_READ, _Stream(worker.tasks))
            for tasks, pending in outbox.items():  # the first chunks go now: every worker starts at once
                del pending[: _send_some(tasks, pending)]
            if meanwhile is not None:
                meanwhile()
            writing: set[int] = set()
            for index in range(0, len(targets), _CHUNK):
                while index not in done:
                    for tasks, pending in outbox.items():  # watch the task pipes that have something to send
                        if pending and tasks not in writing:
                            selector.register(tasks, selectors.EVENT_WRITE)
                            writing.add(tasks)
                    if len(selector.get_map()) == len(writing):  # no result pipe left open
                        raise RuntimeError("a worker process died")
                    for key, events in selector.select():
                        if events & selectors.EVENT_WRITE:
                            sent = _send_some(key.fd, outbox[key.fd])
                            del outbox[key.fd][:sent]
                            if not outbox[key.fd]:
                                selector.unregister(key.fd)
                                writing.discard(key.fd)
                            continue
                        stream: _Stream = key.data
                        data = os.read(key.fd, 1 << 16)
                        if not data:
                            selector.unregister(key.fd)
                            continue
                        for kind, value in stream.feed(data, pickle.loads):
                            if kind == "pids":
                                self.grandchildren = value
                                continue
                            start, packed = value
                            done[start] = [_unpack(targets[start + i], p) for i, p in enumerate(packed)]
                            holding[stream.tasks] -= 1
                            give(stream.tasks)
                yield from done.pop(index)
            self.finished = True
        finally:
            selector.close()

    def close(self) -> None:
        """Leave no worker behind: each has left, or is stopped (:func:`_reap`)."""
        workers, self.workers = self.workers, []
        for worker in workers:
            for end in (worker.tasks, worker.results):
                with contextlib.suppress(OSError):
                    os.close(end)
        pids = [worker.pid for worker in workers if worker.pid]
        _LEAVING[:] = _waited(_LEAVING, 0.0)  # those an earlier run left leaving: gone by now
        if self.finished:
            # Each has sent everything and is leaving (the first once its own
            # have left): not waited for, which costs a run ~2 ms; reaped when
            # gone, at once or by the next run (or with this process).
            _LEAVING.extend(_waited(pids, 0.0))
            return
        import signal

        for pid in self.grandchildren:  # interrupted or failed: the first worker's children are stopped too
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
        _reap(pids)


#: Workers of finished runs that had not left yet (see :meth:`Pool.close`).
_LEAVING: list[int] = []


_END = (0).to_bytes(4, "big")  # an empty frame: no more chunks


def _quiet() -> None:
    """A worker holds none of the run's standard streams (it writes nothing
    there): a caller that reads the run's output until its end, as pre-commit
    does, is not kept waiting by a worker still leaving."""
    null = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(null, stream)
    os.close(null)


def _frame(message: tuple[str, Any]) -> bytes:
    """A message on a pipe: its length in 4 bytes, then its pickle."""
    import pickle

    payload = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    return len(payload).to_bytes(4, "big") + payload


def _send_some(fd: int, data: bytearray) -> int:
    try:
        return os.write(fd, data)
    except BlockingIOError:
        return 0
    except BrokenPipeError:  # the worker is gone: its result pipe says so
        return len(data)


def _reap(pids: list[int]) -> None:
    """Leave no worker behind, interrupted or failed: SIGTERM (a worker takes
    it at once, or just after the write in progress), then SIGKILL to one
    still there after two seconds. Never waits forever."""
    import signal
    import time

    running = _waited(list(pids), 0.0)
    for pid in running:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    for pid in _waited(running, time.monotonic() + 2.0):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _waited(pids: list[int], until: float) -> list[int]:
    """The processes of ``pids`` still running at ``until`` (the others reaped)."""
    import time

    running = list(pids)
    pause = 0.0001  # a worker that has sent everything is gone within a fraction of a millisecond
    while True:
        for pid in list(running):
            try:
                if os.waitpid(pid, os.WNOHANG) != (0, 0):
                    running.remove(pid)
            except OSError:
                running.remove(pid)
        if not running or time.monotonic() >= until:
            return running
        time.sleep(pause)
        pause = min(pause * 2, 0.005)


class _Stream:
    """Frames (a 4-byte length, then a pickle) from one worker's result pipe."""

    def __init__(self, tasks: int) -> None:
        self.tasks = tasks  # the same worker's task pipe
        self.buffer = bytearray()

    def feed(self, data: bytes, loads: Callable[[Any], Any]) -> Iterator[tuple[str, Any]]:
        self.buffer += data
        while len(self.buffer) >= 4:
            size = int.from_bytes(self.buffer[:4], "big")
            if len(self.buffer) < 4 + size:
                return
            status, value = loads(self.buffer[4 : 4 + size])
            del self.buffer[: 4 + size]
            if status == "error":
                raise RuntimeError(f"a worker process failed: {value}")
            yield status, value


def _serve(tasks: int, results: int, *, warm: bool, spare: list[tuple[int, int]] | None = None) -> NoReturn:
    """A worker: checks each chunk of targets it reads and writes back their
    outcomes; leaves at the end of its tasks, or when its parent is gone. The
    first worker (``spare``: the pipe ends of the others prepared for) warms
    up, forks as many others as the job message says, sends their process ids
    and, before it leaves, waits for them."""
    import pickle

    code = 0
    children: list[int] = []
    with os.fdopen(tasks, "rb") as inbox, os.fdopen(results, "wb") as pipe:

        def send(message: tuple[str, Any]) -> None:
            pipe.write(_frame(message))
            pipe.flush()

        try:
            if warm:
                warm_up()
            job: Job | None = None
            while True:
                head = inbox.read(4)
                size = int.from_bytes(head, "big") if len(head) == 4 else 0
                if not size:
                    break  # the end of the tasks, or of the parent
                kind, value = pickle.loads(inbox.read(size))
                if kind == "job":
                    job, forks = value
                    if spare is not None:
                        children = _fork_siblings(spare, forks, (inbox.fileno(), pipe.fileno()))
                        spare = None
                        send(("pids", children))
                    continue
                assert job is not None
                start, chunk = value
                send(("ok", (start, [_pack(check_one(target, job)) for target in chunk])))
        except BaseException as exc:
            import traceback

            detail = "".join(traceback.format_exception(exc)) if os.environ.get("TRIGGERCFG_DEBUG") else ""
            code = 1
            with contextlib.suppress(BaseException):
                send(("error", f"{type(exc).__name__}: {exc}\n{detail}".rstrip()))
        finally:
            with contextlib.suppress(BaseException):
                pipe.flush()
            for child in children:
                with contextlib.suppress(OSError):
                    os.waitpid(child, 0)
            os._exit(code)  # never run the parent's exit handlers or flush its buffers


def _fork_worker(
    tasks: int, results: int, others: list[int], *, warm: bool = False, spare: list[tuple[int, int]] | None = None
) -> int:
    """Fork a worker on ``tasks`` and ``results`` (its ends of its two pipes),
    closing in it ``others`` (ends that only other processes use); its process
    id here. The worker never returns into the code that forked it, whatever
    fails."""
    pid = os.fork()
    if pid == 0:
        try:
            in_worker()
            _quiet()
            for end in others:
                os.close(end)
            _serve(tasks, results, warm=warm, spare=spare)
        finally:
            os._exit(1)
    return pid


def _fork_siblings(spare: list[tuple[int, int]], count: int, own: tuple[int, int]) -> list[int]:
    """The first worker, warm: fork ``count`` workers on the first of the
    ``spare`` pipe ends (they share its loaded modules and caches), and close
    every spare end in this process."""
    import gc

    gc.freeze()
    pids = []
    for index, (tasks, results) in enumerate(spare[:count]):
        others = [end for other, pair in enumerate(spare) if other != index for end in pair]
        pids.append(_fork_worker(tasks, results, [*own, *others]))
    for tasks, results in spare:
        os.close(tasks)
        os.close(results)
    return pids


#: What the first worker checks while the parent searches: a file of each
#: platform that meets most of what a check loads (the parser, the readings,
#: the model's errors, locating, fixes, URLs and secrets).
_WARM_UP = (
    (
        "blaxel",
        'type = "agent"\nname = "warm-up"\n[runtime]\nmemory = "4096"\n[[triggers]]\nid = "a"\ntype = "http_async"\n'
        '[triggers.configuration]\ncallbackUrl = "http://hooks.example.com/done?token=placeholder"\ntimeout = "5m"\n'
        "retry = 1\n",
    ),
    (
        "cerebrium",
        '[cerebrium.deployment]\nname = "warm-up"\npython_version = 3.11\n[cerebrium.hardware]\ncompute = "A10"\n'
        'cpu = "2"\n[cerebrium.scaling]\ncooldown_period = 30\nresponse_grace_period = "900"\n'
        '[cerebrium.dependencies.pip]\ntorch = "latest"\n',
    ),
)


def warm_up() -> None:
    """Load what checks use by checking :data:`_WARM_UP` (the results are dropped)."""
    from .config import Options
    from .platforms import PLATFORMS

    for platform, text in _WARM_UP:
        check_bytes(f"{platform}.toml", text.encode(), PLATFORMS[platform], Options())


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
