"""Many files: worker processes give exactly what one process gives, cross-file
rules stay linear, and the steps that cost run only where they must.

Nothing here times anything; it counts what ran.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, unmeasured_env

import triggercfg.locate
import triggercfg.runner
import triggercfg.source
from triggercfg.api import check_paths, fix_text

CLEAN_AGENT = """type = "agent"
name = "{name}"

[[triggers]]
id = "a"
type = "http-async"

[triggers.configuration]
callbackUrl = "https://hooks.example.com/{name}"
timeout = "{timeout}"
"""
CLEAN_APP = """[cerebrium.deployment]
name = "{name}"
python_version = {python}

[cerebrium.scaling]
{cooldown} = 60
"""


def make_tree(root: Path, count: int) -> None:
    """``count`` files: mostly clean, some with findings and fixes, some sharing a name."""
    for index in range(count):
        folder = root / f"team-{index % 7}" / f"svc-{index:04d}"
        folder.mkdir(parents=True)
        if index % 2:
            (folder / "blaxel.toml").write_text(
                CLEAN_AGENT.format(
                    name="shared" if index % 50 == 1 else f"agent-{index}",
                    timeout="20m" if index % 10 == 3 else "15m",
                ),
                encoding="utf-8",
            )
        else:
            (folder / "cerebrium.toml").write_text(
                CLEAN_APP.format(
                    name=f"app-{index}",
                    python="3.10" if index % 10 == 4 else '"3.11"',
                    cooldown="cooldown_period" if index % 10 == 6 else "cooldown",
                ),
                encoding="utf-8",
            )


def summary(result: Any) -> list[tuple[Any, ...]]:
    return [
        (
            f.path,
            f.text,
            f.new_content,
            f.old_content,
            tuple(g.to_dict().items() for g in f.findings),
            tuple(g.to_dict().items() for g in f.fixed),
        )
        for f in result.files
    ]


@pytest.fixture()
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_tree(tmp_path, 300)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture()
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records the number of workers each time the runner forks."""
    calls: list[int] = []
    real = triggercfg.runner.Pool.run

    def counting(pool: Any, targets: Any, job: Any, workers: int, meanwhile: Any = None) -> Any:
        calls.append(workers)
        return real(pool, targets, job, workers, meanwhile)

    monkeypatch.setattr(triggercfg.runner.Pool, "run", counting)
    return calls


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_workers_report_exactly_what_one_process_reports(tree: Path, forks: list[int]) -> None:
    alone = check_paths(["."], jobs=1)
    assert forks == []
    shared = check_paths(["."], jobs=3)
    assert forks == [3]
    assert summary(shared) == summary(alone)
    assert shared.problems == alone.problems
    rules = {f.rule for f in alone.findings}
    assert {"duplicate-app-name", "async-timeout-exceeds-maximum", "python-version-not-string", "unknown-key"} <= rules
    # Text travels back only for files with findings.
    assert all((f.text is not None) == bool(f.findings) for f in shared.files)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_many_files_use_every_core_and_one_file_none(tree: Path, forks: list[int], monkeypatch) -> None:
    monkeypatch.setattr(triggercfg.runner.os, "sched_getaffinity", lambda pid: {0, 1})
    check_paths(["."])
    assert forks == [2]
    check_paths(["team-1/svc-0001/blaxel.toml"])
    check_paths(["team-1"])  # 43 files: under the threshold
    assert forks == [2]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_workers_fix_and_write_what_fix_text_gives(tree: Path) -> None:
    before = {p: p.read_bytes() for p in sorted(tree.rglob("*.toml"))}
    result = check_paths(["."], fix=True, unsafe_fixes=True, jobs=2)
    assert not result.problems
    changed = 0
    for path, data in before.items():
        expected = fix_text(data, path.name.removesuffix(".toml"), unsafe=True).new_content
        assert path.read_bytes() == expected, path
        changed += expected != data
    assert changed == 90  # 30 timeouts, 30 python versions, 30 misspelt keys


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_a_failing_worker_is_reported_not_hung(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(target: Any, job: Any) -> Any:
        raise ValueError(f"cannot check {target.display}")

    monkeypatch.setattr(triggercfg.runner, "check_one", broken)
    with pytest.raises(RuntimeError, match=r"a worker process failed: ValueError: cannot check"):
        check_paths(["."], jobs=2)


def test_cross_file_rules_read_again_only_the_files_they_report(tree: Path, monkeypatch) -> None:
    reads: list[str] = []
    real = triggercfg.source.read_file

    def counting(path: str) -> bytes:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(triggercfg.runner, "read_file", counting)
    monkeypatch.setattr(triggercfg.api, "read_file", counting)
    result = check_paths(["."], jobs=1)
    duplicates = sorted({f.path for f in result.findings if f.rule == "duplicate-app-name"})
    assert len(duplicates) == 6
    assert len(reads) == 300 + 6


def test_duplicate_app_name_is_linear_in_the_files_that_share_a_name(tmp_path: Path, monkeypatch) -> None:
    """A monorepo made from one template: k files, one name. Each file is
    located once, and each finding names three others and a count."""
    for index in range(40):
        folder = tmp_path / f"svc-{index:02d}"
        folder.mkdir()
        (folder / "cerebrium.toml").write_text('[cerebrium.deployment]\nname = "my-app"\n', encoding="utf-8")
    located: list[int] = []
    real = triggercfg.locate.Locations

    def counting(text: str) -> Any:
        located.append(1)
        return real(text)

    monkeypatch.setattr(triggercfg.locate, "Locations", counting)
    monkeypatch.chdir(tmp_path)
    result = check_paths(["."], jobs=1)
    messages = [f.message for f in result.findings]
    assert len(messages) == 40
    assert len(located) == 40
    assert messages[0] == (
        'app name "my-app" is also deployed by svc-01/cerebrium.toml:2, svc-02/cerebrium.toml:2, '
        "svc-03/cerebrium.toml:2 and 36 more files; deploying one overwrites the other"
    )
    assert messages[39] == (
        'app name "my-app" is also deployed by svc-00/cerebrium.toml:2, svc-01/cerebrium.toml:2, '
        "svc-02/cerebrium.toml:2 and 36 more files; deploying one overwrites the other"
    )


_PROBE = """
import json, sys
from triggercfg.cli import main
sys.argv = ["triggercfg", "check", "--fix", *sys.argv[1:]]
try:
    main()
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "tomlkit": "tomlkit" in sys.modules}))
"""


@pytest.mark.parametrize(
    ("text", "uses_tomlkit"),
    [
        (
            '[[triggers]]\nid = "a"\ntype = "http-async"\n\n[triggers.configuration]\ncallbackURL = "https://h.example.com/x"\n',
            False,
        ),
        ('[[triggers]]\nid = "a"\ntype = "HTTP"\n', False),
        # A move, even one that creates its table, is two span replacements.
        ('[[triggers]]\nid = "a"\ntype = "http-async"\ncallbackUrl = "https://h.example.com/x"\n', False),
        # A move into an inline table is text too (tomlkit re-rendered the table, and could reorder tables).
        (
            '[[triggers]]\nid = "a"\ntype = "http-async"\ncallbackUrl = "https://h.example.com/x"\n'
            'configuration = { path = "/x" }\n',
            False,
        ),
    ],
)
def test_renames_and_values_are_fixed_without_tomlkit(tmp_path: Path, text: str, uses_tomlkit: bool) -> None:
    path = tmp_path / "blaxel.toml"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env=unmeasured_env(),
    )
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome == {"code": 0, "tomlkit": uses_tomlkit}
    assert path.read_bytes() == fix_text(text, "blaxel").new_content


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
def test_a_worker_that_ignores_sigterm_is_still_reaped() -> None:
    """The parent never waits forever for a worker (one stuck on a full pipe
    in an earlier design kept a run alive after an interrupt)."""
    import signal

    from triggercfg.runner import _reap

    ready_read, ready_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        os.write(ready_write, b"!")
        while True:
            signal.pause()
    assert os.read(ready_read, 1) == b"!"  # SIGTERM is ignored from here on
    os.close(ready_read)
    os.close(ready_write)
    _reap([pid])
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no such child


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_a_search_that_finds_many_files_starts_a_worker_before_it_ends(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first worker is forked when the search has found 128 files, and
    warms up while the search goes on; once the files are known, it forks
    the others itself (warm), and this process forks none. A small search,
    or --jobs 1, forks nothing."""
    import triggercfg.discover

    monkeypatch.setattr(triggercfg.runner.os, "sched_getaffinity", lambda pid: {0, 1})
    events: list[Any] = []
    real_start, real_fork, real_close = (
        triggercfg.runner.Pool.start,
        triggercfg.runner.Pool._fork,
        triggercfg.runner.Pool.close,
    )
    real_search = triggercfg.discover._search

    def start(pool: Any) -> None:
        real_start(pool)
        events.append(("started", len(pool.workers)))

    def fork(pool: Any) -> None:
        events.append("forked here")
        real_fork(pool)

    def close(pool: Any) -> None:
        events.append(("closed", len(pool.grandchildren), pool.finished))
        real_close(pool)

    def search(*args: Any) -> Any:
        found = real_search(*args)
        events.append(("searched", len(found[0])))
        return found

    monkeypatch.setattr(triggercfg.runner.Pool, "start", start)
    monkeypatch.setattr(triggercfg.runner.Pool, "_fork", fork)
    monkeypatch.setattr(triggercfg.runner.Pool, "close", close)
    monkeypatch.setattr(triggercfg.discover, "_search", search)
    alone = check_paths(["."], jobs=1)
    assert events == [("started", 0), ("searched", 300), ("closed", 0, False)]
    events.clear()
    shared = check_paths(["."])
    # two slots prepared (two cores); the first worker forked the second
    assert events == [("started", 2), ("searched", 300), ("closed", 1, True)]
    assert summary(shared) == summary(alone)
    events.clear()
    check_paths(["team-1"])  # 43 files
    assert events == [("searched", 43), ("closed", 0, False)]
    events.clear()
    check_paths(["."], jobs=3)
    assert events == [("started", 3), ("searched", 300), ("closed", 2, True)]
    events.clear()
    named = [str(p) for p in sorted(tree.rglob("*.toml"))]  # no search: no early start, forked here
    assert summary(check_paths(named)) == summary(check_paths(named, jobs=1))
    assert events == ["forked here", "forked here", ("closed", 0, True), ("closed", 0, False)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_a_worker_that_dies_is_reported_not_hung(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = triggercfg.runner.check_one

    def dying(target: Any, job: Any) -> Any:
        if target.display.endswith("svc-0150/cerebrium.toml"):
            os._exit(9)  # killed, as by the OOM killer: no message, the pipe just closes
        return real(target, job)

    monkeypatch.setattr(triggercfg.runner, "check_one", dying)
    with pytest.raises(RuntimeError, match="a worker process died"):
        check_paths(["."], jobs=2)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_a_finished_run_does_not_wait_for_its_workers_to_leave(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers that have sent everything leave on their own; the run returns
    without waiting, and what has not left yet is reaped by the next run: no
    worker is left a zombie for long."""
    monkeypatch.setattr(triggercfg.runner.os, "sched_getaffinity", lambda pid: {0, 1})
    started: list[int] = []
    real_close = triggercfg.runner.Pool.close

    def close(pool: Any) -> None:
        started.extend(w.pid for w in pool.workers if w.pid)
        real_close(pool)

    monkeypatch.setattr(triggercfg.runner.Pool, "close", close)
    check_paths(["."])
    [first] = started
    assert set(triggercfg.runner._LEAVING) <= {first}
    deadline = time.monotonic() + 60  # under coverage, a worker saves its data as it leaves
    while time.monotonic() < deadline and _running(first):
        time.sleep(0.01)
    check_paths(["."])  # reaps what the earlier run left
    assert first not in triggercfg.runner._LEAVING
    with pytest.raises(ChildProcessError):
        os.waitpid(first, os.WNOHANG)  # reaped: no such child any more


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
def test_workers_hold_none_of_the_runs_standard_streams(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker's standard streams are /dev/null: it never holds the pipe a
    caller reads the run's output from (the run does not wait for its
    workers to leave)."""
    real = triggercfg.runner.check_one

    def checking(target: Any, job: Any) -> Any:
        streams = [os.readlink(f"/proc/self/fd/{fd}") for fd in (0, 1, 2)]
        if streams != [os.devnull] * 3:
            raise AssertionError(f"a worker holds {streams}")
        return real(target, job)

    monkeypatch.setattr(triggercfg.runner, "check_one", checking)
    assert len(check_paths(["."], jobs=2).files) == 300


def _running(pid: int) -> bool:
    """Whether process ``pid`` still runs (not gone, not a zombie waiting to be reaped)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
