"""`-` reads one file from standard input, as editors and scripts need: the
platform and the path shown come from --stdin-filename (or --platform), and
--fix writes the fixed text to standard output, the report to standard error.
Run through the real process, so the streams are the real ones."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

BROKEN = b'[[triggers]]\nid = "a"\ntype = "HTTP"\n'


def triggercfg(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "triggercfg", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env={"NO_COLOR": "1", "PATH": ""},
        check=False,
    )


def test_check_reads_standard_input_with_the_name_given() -> None:
    done = triggercfg("check", "--output-format", "concise", "--stdin-filename", "svc/blaxel.toml", "-", stdin=BROKEN)
    assert done.returncode == 1
    assert done.stdout.decode().splitlines()[0] == (
        'svc/blaxel.toml:3:8: TC103 [*] [invalid-trigger-type] trigger type "HTTP" does not exist; did you mean `http`?'
    )


def test_fix_writes_the_fixed_text_to_stdout_and_the_report_to_stderr() -> None:
    done = triggercfg("check", "--fix", "--stdin-filename", "blaxel.toml", "-", stdin=BROKEN)
    assert done.returncode == 0
    assert done.stdout == b'[[triggers]]\nid = "a"\ntype = "http"\n'
    assert done.stderr.decode().splitlines() == ["Fixed 1 finding.", "All checks passed (1 file)."]


def test_diff_of_standard_input() -> None:
    done = triggercfg("check", "--diff", "--platform", "blaxel", "-", stdin=BROKEN)
    assert done.returncode == 1
    assert '-type = "HTTP"\n+type = "http"\n' in done.stdout.decode()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-"],
            "triggercfg: error: cannot tell the platform of standard input: pass --stdin-filename "
            "blaxel.toml (or cerebrium.toml), or --platform",
        ),
        (["-", "examples"], "triggercfg: error: `-` (standard input) must be the only path"),
    ],
)
def test_standard_input_misuse_is_exit_2(args: list[str], message: str) -> None:
    done = triggercfg("check", *args, stdin=b"x = 1\n")
    assert done.returncode == 2
    assert done.stderr.decode().strip() == message


def _repository(tmp_path):
    import shutil

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for name in ("a", "b"):
        (tmp_path / "services" / name).mkdir(parents=True)
        (tmp_path / "services" / name / "blaxel.toml").write_text('type = "agent"\nname = "api"\n', encoding="utf-8")
    return tmp_path


def _in(folder, *args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "triggercfg", *args],
        input=stdin,
        capture_output=True,
        cwd=folder,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )


def test_standard_input_keeps_the_cross_file_rules(tmp_path) -> None:
    """Issue 19, item 3: --stdin-filename is the file's place in the repository."""
    root = _repository(tmp_path)
    text = (root / "services" / "a" / "blaxel.toml").read_bytes()
    done = _in(
        root, "check", "--output-format", "concise", "--stdin-filename", "services/a/blaxel.toml", "-", stdin=text
    )
    assert done.returncode == 1
    assert done.stdout.decode().splitlines()[0] == (
        'services/a/blaxel.toml:2:8: TC301 [duplicate-app-name] app name "api" is also deployed by '
        "services/b/blaxel.toml:2; deploying one overwrites the other"
    )


def test_the_text_on_standard_input_stands_in_for_the_file_on_disk(tmp_path) -> None:
    root = _repository(tmp_path)
    renamed = b'type = "agent"\nname = "worker"\n'  # the unsaved edit that resolves the clash
    done = _in(root, "check", "--stdin-filename", "services/a/blaxel.toml", "-", stdin=renamed)
    assert (done.returncode, done.stdout.decode()) == (0, "All checks passed (1 file).\n")
    clash = b'type = "agent"\nname = "api"\n'
    other = _in(
        root, "check", "--output-format", "concise", "--stdin-filename", "services/b/blaxel.toml", "-", stdin=clash
    )
    assert "is also deployed by services/a/blaxel.toml:2" in other.stdout.decode()
