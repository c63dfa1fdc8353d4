"""Cross-file rules see the whole repository (issue 10): a file checked alone
is compared with every other config file of its git work tree (honouring
`.gitignore` and `exclude`), and findings are reported only for the files
asked for."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from triggercfg.api import check_paths

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def make(root: Path, files: dict[str, str], *, git: bool = True) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if git:
        subprocess.run(["git", "init", "-q", str(root)], check=True)
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def rules(result) -> list[tuple[str, str, str]]:
    return [(f.path, f.rule, f.message) for f in result.findings]


APPS = {
    "api/blaxel.toml": 'type = "agent"\nname = "api"\n',
    "worker/blaxel.toml": 'type = "agent"\nname = "api"\n',
    "other/cerebrium.toml": '[cerebrium.deployment]\nname = "api"\n',  # another platform: no clash
}


def test_one_file_is_compared_with_the_repository(tmp_path: Path) -> None:
    root = make(tmp_path / "repo", APPS)
    result = check_paths([str(root / "worker" / "blaxel.toml")])
    assert [(f.path.rsplit("/", 2)[-2:], f.rule, f.line) for f in result.findings] == [
        (["worker", "blaxel.toml"], "duplicate-app-name", 2),
    ]
    assert result.findings[0].message.startswith('app name "api" is also deployed by ')
    assert result.findings[0].message.endswith("api/blaxel.toml:2; deploying one overwrites the other")
    assert [f.path for f in result.files] == [str(root / "worker" / "blaxel.toml")]  # only what was asked


def test_without_git_only_the_files_given_are_compared(tmp_path: Path) -> None:
    root = make(tmp_path / "plain", APPS, git=False)
    assert rules(check_paths([str(root / "worker" / "blaxel.toml")])) == []
    assert len(check_paths([str(root)]).findings) == 2  # a directory: both files are checked and compared


def test_repository_false_compares_only_the_files_given(tmp_path: Path) -> None:
    root = make(tmp_path / "repo", APPS)
    assert rules(check_paths([str(root / "worker" / "blaxel.toml")], repository=False)) == []


def test_gitignored_and_excluded_files_are_not_compared(tmp_path: Path) -> None:
    root = make(tmp_path / "repo", {**APPS, ".gitignore": "api/\n"})
    assert rules(check_paths([str(root / "worker" / "blaxel.toml")])) == []
    root = make(tmp_path / "repo2", {**APPS, "pyproject.toml": '[tool.triggercfg]\nextend-exclude = ["api"]\n'})
    result = check_paths([str(root / "worker" / "blaxel.toml")])  # the configuration applies by default
    assert rules(result) == []


def test_a_broken_neighbour_never_fails_the_run(tmp_path: Path) -> None:
    root = make(tmp_path / "repo", {**APPS, "broken/blaxel.toml": 'name = "api\n', "binary/blaxel.toml": "\x00"})
    result = check_paths([str(root / "worker" / "blaxel.toml")])
    assert [f.rule for f in result.findings] == ["duplicate-app-name"]
    assert result.problems == ()


def test_the_other_files_are_read_again_only_to_name_a_line(tmp_path: Path, monkeypatch) -> None:
    """Ten services deploy one app name; checking one of them reads again
    (and locates) only itself and the three others its message names, never
    the rest, whose findings nobody asked for (issue 25)."""
    import triggercfg.api as api

    files = {f"svc{i}/blaxel.toml": 'type = "agent"\nname = "api"\n' for i in range(10)}
    root = make(tmp_path / "repo", files)
    read: list[str] = []
    original = api._reread
    monkeypatch.setattr(api, "_reread", lambda file, new: read.append(file.path) or original(file, new))
    result = check_paths([str(root / "svc4" / "blaxel.toml")])
    [finding] = result.findings
    assert finding.message.endswith(
        "svc0/blaxel.toml:2, " + str(root) + "/svc1/blaxel.toml:2, " + str(root) + "/svc2/blaxel.toml:2 "
        "and 6 more files; deploying one overwrites the other"
    )
    assert sorted(p.rsplit("/", 2)[-2] for p in read) == ["svc0", "svc1", "svc2", "svc4"]


def test_a_repository_inside_a_searched_plain_folder_is_still_compared(tmp_path: Path) -> None:
    """Searching a folder outside git that holds a git work tree: the files of
    that work tree are compared with the rest of it, as when checked alone."""
    outer = make(tmp_path / "plain", {"solo/blaxel.toml": 'type = "agent"\nname = "solo"\n'}, git=False)
    make(outer / "repo", {"api/blaxel.toml": APPS["api/blaxel.toml"]})
    make(outer / "repo", {"worker/blaxel.toml": APPS["worker/blaxel.toml"]}, git=False)
    subprocess.run(["git", "-C", str(outer / "repo"), "add", "-A"], check=True)
    result = check_paths([str(outer / "solo"), str(outer / "repo" / "api")])
    assert [(f.path.rsplit("/", 2)[-2], f.rule) for f in result.findings] == [("api", "duplicate-app-name")]


def test_a_search_outside_git_looks_for_git_once_not_per_folder(tmp_path: Path, monkeypatch) -> None:
    """The search's own listing says no folder below holds `.git`: the
    cross-file rules' look for a work tree walks up from the searched folder
    once, not from each of its 200 folders (issue 26)."""
    import os

    root = make(
        tmp_path / "plain", {f"svc{i}/blaxel.toml": f'type = "agent"\nname = "a{i}"\n' for i in range(200)}, git=False
    )
    probes: list[str] = []
    exists = os.path.exists
    monkeypatch.setattr(
        os.path, "exists", lambda p: (probes.append(str(p)) if str(p).endswith(".git") else None) or exists(p)
    )
    result = check_paths([str(root)], jobs=1)
    assert len(result.files) == 200 and result.findings == []
    assert len(probes) == len(root.parts)  # `root` and each folder above it, once
