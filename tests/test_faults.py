"""Faults around the files (issue 9): paths that lead nowhere, files too big
or changing underfoot, writes that fail half way, symbolic links, two runs
racing, and interrupts. Each ends in a finding or an exit-2 message, and no
file is ever left half written."""

from __future__ import annotations

import errno
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import triggercfg.fixer
import triggercfg.source
from triggercfg import check_text, fix_text
from triggercfg.cli import cli
from triggercfg.source import MAX_BYTES, read_file

BROKEN = b'type = "agent"\n\n[[triggers]]\nid = "a"\ntype = "http_async"\n'
FIXED = b'type = "agent"\n\n[[triggers]]\nid = "a"\ntype = "http-async"\n'
FINDING = (
    'blaxel.toml:5:8: TC103 [*] [invalid-trigger-type] trigger type "http_async" does not exist; '
    "did you mean `http-async`?"
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args])
    return result.exit_code, result.stdout, result.stderr


def test_fixed_text_is_what_the_fixer_gives() -> None:
    assert fix_text(BROKEN, "blaxel").new_content == FIXED


# -- paths that lead to no file -------------------------------------------------------------------


def _dangling(tmp: Path) -> list[str]:
    (tmp / "blaxel.toml").symlink_to("gone.toml")
    return [str(tmp / "blaxel.toml")]


def _loop(tmp: Path) -> list[str]:
    (tmp / "blaxel.toml").symlink_to("blaxel.toml")
    return [str(tmp / "blaxel.toml")]


def _loop_in_search(tmp: Path) -> list[str]:
    (tmp / "a").symlink_to("b")
    (tmp / "b").symlink_to("a")
    (tmp / "app").mkdir()
    (tmp / "app" / "blaxel.toml").symlink_to("../a")
    (tmp / "ok").mkdir()
    (tmp / "ok" / "blaxel.toml").write_bytes(BROKEN)
    return [str(tmp)]


def _directory_named_like_a_config(tmp: Path) -> list[str]:
    (tmp / "blaxel.toml").mkdir()
    return [str(tmp / "blaxel.toml")]


def _missing(tmp: Path) -> list[str]:
    return [str(tmp / "blaxel.toml")]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (_dangling, ["triggercfg: error: {tmp}/blaxel.toml: is a symbolic link to 'gone.toml', which does not exist"]),
        (_loop, ["triggercfg: error: {tmp}/blaxel.toml: is a symbolic link that loops back on itself"]),
        (
            _loop_in_search,
            [
                f"{{tmp}}/ok/{FINDING}",  # the rest of the tree is still checked
                "triggercfg: error: {tmp}/app/blaxel.toml: is a symbolic link that loops back on itself",
            ],
        ),
        (
            _directory_named_like_a_config,
            [
                "triggercfg: error: {tmp}/blaxel.toml: is a directory, not a file; no blaxel.toml "
                "or cerebrium.toml found in this directory"
            ],
        ),
        (_missing, ["triggercfg: error: {tmp}/blaxel.toml: no such file or directory"]),
    ],
    ids=[
        "dangling-symlink",
        "symlink-loop",
        "symlink-loop-in-searched-directory",
        "directory-named-blaxel.toml",
        "missing-path",
    ],
)
def test_paths_that_lead_nowhere(tmp_path: Path, make, expected: list[str]) -> None:
    code, out, err = run("check", "--output-format", "concise", "--no-color", *make(tmp_path))
    assert code == 2
    findings = [line for line in out.splitlines() if line and not line.startswith(("Found", "1 error", "[*]", "All"))]
    assert findings + err.splitlines() == [line.format(tmp=tmp_path) for line in expected]


# -- big files -------------------------------------------------------------------------------------


def test_a_file_longer_than_its_size_says_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that grows between its size and its read, or one whose size says
    0 (a pipe, /proc), is read to its end, up to the limit."""
    path = tmp_path / "blaxel.toml"
    path.write_bytes(BROKEN * 3)
    real = os.fstat

    class Shrunk:
        st_size = 5

    monkeypatch.setattr(os, "fstat", lambda fd: Shrunk() if fd > 2 else real(fd))
    assert read_file(str(path)) == BROKEN * 3
    path.write_bytes(b"x" * (MAX_BYTES + 10))
    assert len(read_file(str(path))) > MAX_BYTES  # over the limit: refused, not read whole


def test_a_50_mb_file_is_refused_without_being_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "blaxel.toml"
    with path.open("wb") as handle:
        handle.write(b"# " + b"x" * 1000 + b"\n")
        handle.truncate(50 * 1024 * 1024)
    data = read_file(str(path))
    assert len(data) == MAX_BYTES + 1  # bounded memory: never the 50 MB
    code, out, _ = run("check", "--output-format", "concise", "--no-color", str(path))
    assert code == 1
    assert out.splitlines()[0] == (
        f"{path}:1:1: TC001 [toml-syntax] file is 52,428,800 bytes, over the "
        "4,194,304-byte limit for a configuration file"
    )


def test_100_000_triggers() -> None:
    text = 'type = "agent"\n' + "".join(f'[[triggers]]\nid = "t{i}"\ntype = "http"\n' for i in range(100_000))
    text += '[[triggers]]\nid = "t99999"\ntype = "http"\n'
    assert len(text.encode()) < MAX_BYTES
    assert [(f.rule, f.line, f.column, f.message) for f in check_text(text, "blaxel").findings] == [
        ("duplicate-trigger-id", 300_003, 6, 'duplicate trigger id "t99999" (first defined at line 300000)'),
    ]


# -- a file that changes while it is checked -------------------------------------------------------


def test_a_file_saved_while_it_is_fixed_is_not_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "blaxel.toml"
    path.write_bytes(BROKEN)
    saved = BROKEN + b'\n[env]\nA = "saved by the editor meanwhile"\n'
    real = triggercfg.fixer.fix_bytes

    def fix_then_save(*args, **kwargs):
        outcome = real(*args, **kwargs)
        path.write_bytes(saved)  # the user saves between the read and the write
        return outcome

    monkeypatch.setattr(triggercfg.fixer, "fix_bytes", fix_then_save)
    code, out, err = run("check", "--fix", "--output-format", "concise", "--no-color", str(path))
    assert code == 2
    assert path.read_bytes() == saved
    assert sorted(os.listdir(tmp_path)) == ["blaxel.toml"]
    assert out.splitlines()[0] == f"{tmp_path}/{FINDING}"  # reported as it still is, not as fixed
    assert err == f"triggercfg: error: {path}: not fixed: the file changed while it was being fixed (run again)\n"


def test_a_check_reads_the_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "blaxel.toml"
    path.write_bytes(BROKEN)
    opened: list[str] = []
    reads: list[int] = []
    real_open, real_read = os.open, os.read

    def counting(name, *args, **kwargs):
        if os.fspath(name) == str(path):
            opened.append(os.fspath(name))
            handle = real_open(name, *args, **kwargs)
            reads.append(handle)
            return handle
        return real_open(name, *args, **kwargs)

    def reading(handle, size):
        data = real_read(handle, size)
        if handle in reads:
            reads.append(len(data))
        return data

    monkeypatch.setattr(os, "open", counting)
    monkeypatch.setattr(os, "read", reading)
    assert run("check", str(path))[0] == 1
    assert opened == [str(path)]  # opened once, and read in one call: the findings describe one moment of it
    assert reads[1:] == [len(BROKEN)]


# -- writes that fail ------------------------------------------------------------------------------


class _FullDisk:
    """A file object whose write stores half the bytes, then fails as a full disk does."""

    def __init__(self, raw) -> None:
        self.raw = raw

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.raw.close()

    def fileno(self) -> int:
        return self.raw.fileno()

    def write(self, data: bytes) -> int:
        self.raw.write(data[: len(data) // 2])
        self.raw.flush()
        raise OSError(errno.ENOSPC, "No space left on device")


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, mode="r", *a, **k: _FullDisk(real(fd, mode, *a, **k)))


def _read_only_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.open

    def refuse(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)


@pytest.mark.parametrize(
    ("fault", "reason"),
    [(_full_disk, "No space left on device"), (_read_only_directory, "Permission denied")],
    ids=["full-disk", "read-only-directory"],
)
def test_a_failed_write_leaves_the_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault, reason: str
) -> None:
    path = tmp_path / "blaxel.toml"
    path.write_bytes(BROKEN)
    fault(monkeypatch)
    code, out, err = run("check", "--fix", "--output-format", "concise", "--no-color", str(path))
    monkeypatch.undo()
    assert code == 2
    assert path.read_bytes() == BROKEN
    assert sorted(os.listdir(tmp_path)) == ["blaxel.toml"]  # no temporary file left behind
    assert out.splitlines()[0] == f"{tmp_path}/{FINDING}"
    assert err == f"triggercfg: error: {path}: not fixed, the file is unchanged: cannot write: {reason}\n"


def test_a_fixed_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "blaxel.toml"
    path.write_bytes(BROKEN)
    path.chmod(0o640)
    assert run("check", "--fix", str(path))[0] == 0
    assert (path.read_bytes(), path.stat().st_mode & 0o777) == (FIXED, 0o640)


# -- symbolic links ---------------------------------------------------------------------------------


def test_fix_through_a_symlink_writes_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "blaxel.toml"
    target.write_bytes(BROKEN)
    (tmp_path / "app").mkdir()
    link = tmp_path / "app" / "blaxel.toml"
    link.symlink_to("../real/blaxel.toml")
    for named in (str(link), str(tmp_path)):  # named on the command line, and found by a search
        target.write_bytes(BROKEN)
        assert run("check", "--fix", named)[0] == 0
        assert link.is_symlink() and os.readlink(link) == "../real/blaxel.toml"
        assert target.read_bytes() == FIXED
    assert sorted(os.listdir(tmp_path / "app")) == ["blaxel.toml"]


def test_a_file_reached_through_a_linked_folder_is_not_a_second_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 24: `services/b` links to `services/a`; checking `services/a` and
    `services/b/cerebrium.toml` reported duplicate-app-name against the file itself."""
    (tmp_path / "services" / "a").mkdir(parents=True)
    (tmp_path / "services" / "a" / "cerebrium.toml").write_text('[cerebrium.deployment]\nname = "x"\n')
    (tmp_path / "services" / "b").symlink_to("a")
    (tmp_path / "services" / "c").mkdir()
    (tmp_path / "services" / "c" / "cerebrium.toml").write_text('[cerebrium.deployment]\nname = "y"\n')
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("check", "--output-format", "concise", "services/a", "services/b/cerebrium.toml", "services/c")
    assert (code, out) == (0, "All checks passed (3 files).\n")
    (tmp_path / "services" / "c" / "cerebrium.toml").write_text('[cerebrium.deployment]\nname = "x"\n')
    code, out, _ = run("check", "--output-format", "concise", "services/a", "services/b/cerebrium.toml", "services/c")
    assert code == 1
    assert [line.split(": ")[0] for line in out.splitlines() if "TC301" in line] == [
        "services/a/cerebrium.toml:2:8",
        "services/c/cerebrium.toml:2:8",
    ]


def test_a_search_never_writes_outside_the_tree(tmp_path: Path) -> None:
    outside = tmp_path / "outside" / "blaxel.toml"
    outside.parent.mkdir()
    outside.write_bytes(BROKEN)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "blaxel.toml").symlink_to(outside)
    code, out, err = run("check", "--fix", "--output-format", "concise", "--no-color", str(tree))
    assert code == 2
    assert outside.read_bytes() == BROKEN
    assert out.splitlines()[0] == f"{tree}/{FINDING}"
    assert err == f"triggercfg: error: {tree}/blaxel.toml: not fixed: it links to {outside}, outside {tree}\n"


# -- races and interrupts (real processes) ----------------------------------------------------------


def _tree(root: Path, count: int) -> list[Path]:
    files = []
    for i in range(count):
        folder = root / f"app{i:03}"
        folder.mkdir()
        files.append(folder / "blaxel.toml")
        files[-1].write_bytes(BROKEN)
    return files


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "triggercfg", "check", "--no-color", *args]


def _assert_whole(root: Path, files: list[Path]) -> int:
    """Every file is the original or the fixed text, and no temporary file is left; the number fixed."""
    leftovers = [p for p in root.rglob("*") if p.is_file() and p.name != "blaxel.toml"]
    assert leftovers == []
    contents = [f.read_bytes() for f in files]
    assert all(c in (BROKEN, FIXED) for c in contents)
    return contents.count(FIXED)


def test_two_fix_runs_racing_never_corrupt_a_file(tmp_path: Path) -> None:
    files = _tree(tmp_path, 12)
    for _ in range(12):
        for f in files:
            f.write_bytes(BROKEN)
        runs = [
            subprocess.Popen(_command("--fix", str(tmp_path)), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)
        ]
        results = [(r.wait(timeout=60), r.stderr.read().decode()) for r in runs]  # type: ignore[union-attr]
        for r in runs:
            r.stdout.close()  # type: ignore[union-attr]
            r.stderr.close()  # type: ignore[union-attr]
        assert _assert_whole(tmp_path, files) == len(files)  # each file fixed once, by one run or the other
        for code, err in results:
            assert "Traceback" not in err
            # the loser of a race on a file that the winner fixed meanwhile says so (or finds it fixed)
            assert code == 0 or (code == 2 and "the file changed while it was being fixed" in err), err


def _survivors(tree: Path) -> list[str]:
    """Processes still running on ``tree`` (a worker left blocked on a pipe)."""
    time.sleep(0.05)
    found = []
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if str(tree) in command and "triggercfg" in command:
            found.append(command)
    return found


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupt_leaves_each_file_original_or_fully_fixed(tmp_path: Path, signum: int) -> None:
    files = _tree(tmp_path, 300)  # enough for worker processes
    rng = random.Random(signum)
    interrupted = 0
    for _ in range(6):
        for f in files:
            f.write_bytes(BROKEN)
        process = subprocess.Popen(_command("--fix", str(tmp_path)), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while FIXED not in (files[0].read_bytes(), files[1].read_bytes()) and process.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.005)  # until the workers are writing
        time.sleep(rng.uniform(0, 0.15))
        process.send_signal(signum)
        code = process.wait(timeout=60)
        err = process.stderr.read().decode()  # type: ignore[union-attr]
        process.stderr.close()  # type: ignore[union-attr]
        fixed = _assert_whole(tmp_path, files)
        assert "Traceback" not in err
        assert _survivors(tmp_path) == [], "worker processes outlived the run"
        if code == 128 + signum:
            assert err.endswith("triggercfg: interrupted: each file is either unchanged or fully fixed\n"), err
            interrupted += 1
        else:  # it finished first; a signal during the interpreter's own shutdown ends it as the signal would
            assert code in (0, -signum) and fixed == len(files), (code, err)
    assert interrupted, "no run was interrupted: the delays are too long for this machine"


#: A fixable file: `http_async` is fixed safely to `http-async`.
FIXABLE = b'type = "agent"\n[[triggers]]\nid = "a"\ntype = "http_async"\n'


def _as_another_user(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run the CLI as a user who may not write a file this process made
    read-only: as root (which ignores permission bits), in a forked child
    that drops to `nobody` (the interpreter lives under a folder only root
    may read, so the child does not exec: it runs the CLI it already has);
    otherwise as this user, for whom a 0444 file is read-only too.
    Returns (exit code, output, who)."""
    if os.geteuid() != 0:
        code, out, err = run(*args)
        return code, out + err, "this user, on a 0444 file of its own"
    import pwd

    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("running as root, and there is no `nobody` user to drop to")
    run("check", str(cwd))  # every module the run needs, imported while root may read them
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns to pytest
        import posix

        code = 3
        try:
            os.close(reader)
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            os.chdir(cwd)
            code, out, err = run(*args)
            os.write(writer, (out + err).encode())
        except BaseException:
            import traceback

            os.write(writer, traceback.format_exc().encode())
        finally:
            posix._exit(code)  # not coverage's os._exit: nobody may not write its data file
    os.close(writer)
    chunks = []
    while chunk := os.read(reader, 65536):
        chunks.append(chunk)
    os.close(reader)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks).decode(), "nobody, on root's 0444 file"


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX users and permission bits")
def test_a_file_the_user_may_not_write_is_not_replaced(tmp_path: Path) -> None:
    """Issue 24: the atomic rename needs only the folder's permission, so a
    read-only file (another user's, or 0444) in a writable folder was
    "fixed" and replaced. It is refused as a read-only folder is."""
    import shutil
    import tempfile

    scratch = Path(tempfile.mkdtemp())  # in the system's temporary folder: pytest's own is root's alone
    try:
        os.chmod(scratch, 0o755)
        folder = scratch / "svc"
        folder.mkdir()
        os.chmod(folder, 0o777)  # anyone may create and rename files here
        target = folder / "blaxel.toml"
        target.write_bytes(FIXABLE)
        os.chmod(target, 0o444)
        owner = target.stat().st_uid
        code, out, who = _as_another_user(["check", "--fix", "--output-format", "concise", str(target)], folder)
        assert code == 2, (who, out)
        said = f"triggercfg: error: {target}: not fixed, the file is unchanged: cannot write: Permission denied"
        assert said in out, (who, out)
        assert target.read_bytes() == FIXABLE
        assert (target.stat().st_uid, stat.S_IMODE(target.stat().st_mode)) == (owner, 0o444)
        assert sorted(p.name for p in folder.iterdir()) == ["blaxel.toml"]  # no temporary file left
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root may fix another user's file")
def test_root_fixing_a_users_file_leaves_it_theirs(tmp_path: Path) -> None:
    import pwd

    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("there is no `nobody` user to own the file")
    target = tmp_path / "blaxel.toml"
    target.write_bytes(FIXABLE)
    os.chown(target, nobody.pw_uid, nobody.pw_gid)
    os.chmod(target, 0o640)
    assert run("check", "--fix", str(target))[0] == 0
    assert b'type = "http-async"' in target.read_bytes()
    status = target.stat()
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (nobody.pw_uid, nobody.pw_gid, 0o640)
