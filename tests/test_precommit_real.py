"""The hooks under the real pre-commit (issue 10), in temporary git
repositories: nothing is cloned from a remote (the hook repository is this
working tree), and pip installs the hook's environment once per run, from the
package index or its cache.

- `pre-commit try-repo` against this repository: the `triggercfg` hook fails
  on a bad file and passes a good one;
- `triggercfg-fix` rewrites the file and fails the commit, as pre-commit
  fixers do, then passes;
- the `files` pattern: `blaxel.toml` and `cerebrium.toml` at any depth, and
  nothing else;
- a commit that changes one of two files with the same app name fails,
  although pre-commit passes only the changed file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

PRE_COMMIT = shutil.which("pre-commit") or (
    str(Path(os.environ.get("VIRTUAL_ENV", "")) / "bin" / "pre-commit") if os.environ.get("VIRTUAL_ENV") else None
)
if PRE_COMMIT is None or not Path(PRE_COMMIT).exists():
    import sys

    candidate = Path(sys.executable).parent / "pre-commit"
    PRE_COMMIT = str(candidate) if candidate.exists() else None

pytestmark = [
    pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (it is in the test extra)"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]

BAD = 'type = "agent"\nname = "bad"\n\n[[triggers]]\nid = "a"\ntype = "http_async"\n'
GOOD = 'type = "agent"\nname = "good"\n\n[[triggers]]\nid = "a"\ntype = "http-async"\n'


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def new_repo(path: Path) -> Path:
    path.mkdir(parents=True)
    git(path, "init", "-q")
    git(path, "config", "user.email", "test@example.com")
    git(path, "config", "user.name", "test")
    git(path, "config", "commit.gpgsign", "false")
    return path


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never"}


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This working tree, committed into a scratch repository (uncommitted
    changes included), so that every test shares one installed environment."""
    snapshot = new_repo(tmp_path_factory.mktemp("hooks") / "triggercfg")
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file():
            target = snapshot / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git(snapshot, "add", "-A")
    git(snapshot, "commit", "-q", "-m", "snapshot")
    return snapshot, git(snapshot, "rev-parse", "HEAD").strip()


def use_hooks(repo: Path, hook_repo: tuple[Path, str], *ids: str) -> None:
    path, rev = hook_repo
    hooks = "".join(f"      - id: {hook}\n" for hook in ids)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {path}\n    rev: {rev}\n    hooks:\n{hooks}", encoding="utf-8"
    )


def pre_commit(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PRE_COMMIT, *args], cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def test_try_repo_fails_a_bad_file_and_passes_a_good_one(tmp_path: Path, env: dict[str, str]) -> None:
    repo = new_repo(tmp_path / "project")
    (repo / "svc").mkdir()
    (repo / "svc" / "blaxel.toml").write_text(BAD, encoding="utf-8")
    git(repo, "add", "-A")
    done = pre_commit(repo, env, "try-repo", str(ROOT), "triggercfg")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "triggercfg...............................................................Failed" in done.stdout
    assert (
        'svc/blaxel.toml:6:8: TC103 [*] [invalid-trigger-type] trigger type "http_async" does not exist; '
        "did you mean `http-async`?"
    ) in done.stdout
    (repo / "svc" / "blaxel.toml").write_text(GOOD, encoding="utf-8")
    git(repo, "add", "-A")
    done = pre_commit(repo, env, "try-repo", str(ROOT), "triggercfg")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "triggercfg...............................................................Passed" in done.stdout


def test_the_fix_hook_rewrites_and_fails_the_commit(
    tmp_path: Path, env: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    repo = new_repo(tmp_path / "project")
    use_hooks(repo, hook_repo, "triggercfg-fix")
    (repo / "blaxel.toml").write_text(BAD, encoding="utf-8")
    git(repo, "add", "-A")
    done = pre_commit(repo, env, "run")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "- files were modified by this hook" in done.stdout
    assert (repo / "blaxel.toml").read_text(encoding="utf-8") == BAD.replace("http_async", "http-async")
    git(repo, "add", "-A")
    done = pre_commit(repo, env, "run")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_files_pattern(tmp_path: Path, env: dict[str, str], hook_repo: tuple[Path, str]) -> None:
    repo = new_repo(tmp_path / "project")
    use_hooks(repo, hook_repo, "triggercfg")
    for rel in ("blaxel.toml", "a/b/c/blaxel.toml", "x/cerebrium.toml"):
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(
            BAD if rel.endswith("blaxel.toml") else "[cerebrium.hardware]\ngpu_count = 99\n", encoding="utf-8"
        )
    for rel in ("myblaxel.toml", "blaxel.toml.bak", "blaxel-alpine.toml", "docs/blaxel.md", "pyproject.toml"):
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(BAD, encoding="utf-8")  # would be reported, if it were checked
    git(repo, "add", "-A")
    done = pre_commit(repo, env, "run", "--all-files")
    assert done.returncode == 1
    reported = sorted({line.split(":")[0] for line in done.stdout.splitlines() if ": TC" in line})
    assert reported == ["a/b/c/blaxel.toml", "blaxel.toml", "x/cerebrium.toml"]


def test_a_clash_with_an_unchanged_file_fails_the_commit(
    tmp_path: Path, env: dict[str, str], hook_repo: tuple[Path, str]
) -> None:
    repo = new_repo(tmp_path / "project")
    use_hooks(repo, hook_repo, "triggercfg")
    for name in ("api", "worker"):
        (repo / name).mkdir()
        (repo / name / "blaxel.toml").write_text(f'type = "agent"\nname = "{name}"\n', encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "two apps")
    (repo / "worker" / "blaxel.toml").write_text('type = "agent"\nname = "api"\n', encoding="utf-8")
    git(repo, "add", "-A")
    done = pre_commit(repo, env, "run")  # pre-commit passes worker/blaxel.toml alone
    assert done.returncode == 1, done.stdout + done.stderr
    findings = [line for line in done.stdout.splitlines() if ": TC" in line]
    assert findings == [
        'worker/blaxel.toml:2:8: TC301 [duplicate-app-name] app name "api" is also deployed by api/blaxel.toml:2; '
        "deploying one overwrites the other",
    ]  # reported for the changed file only
