"""The pre-commit hooks: their file pattern, and their entry run on fixtures."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"


def _hooks() -> list[dict[str, str]]:
    """A tiny reader for our flat hook file (no YAML dependency just for a test)."""
    hooks, current = [], None
    for line in HOOKS_FILE.read_text().splitlines():
        if line.startswith("- id:"):
            current = {"id": line.split(":", 1)[1].strip()}
            hooks.append(current)
        elif current is not None and line.startswith("  ") and ":" in line:
            key, value = line.strip().split(":", 1)
            current[key] = value.strip().strip('"')
    return hooks


HOOKS = _hooks()


def test_hook_ids() -> None:
    assert [h["id"] for h in HOOKS] == ["triggercfg", "triggercfg-fix"]
    for hook in HOOKS:
        assert hook["language"] == "python"
        assert hook["require_serial"] == "true"
        assert hook["types"] == "[toml]"


@pytest.mark.parametrize("hook", HOOKS, ids=lambda h: h["id"])
@pytest.mark.parametrize(
    ("name", "matches"),
    [
        ("blaxel.toml", True),
        ("cerebrium.toml", True),
        ("services/api/blaxel.toml", True),
        ("a/b/c/cerebrium.toml", True),
        ("pyproject.toml", False),
        ("myblaxel.toml", False),
        ("blaxel.toml.bak", False),
        ("blaxel-alpine.toml", False),
        ("docs/blaxel.md", False),
    ],
)
def test_files_pattern(hook: dict[str, str], name: str, matches: bool) -> None:
    assert bool(re.search(hook["files"], name)) is matches


def test_entry_runs_on_staged_file_names(tmp_path: Path) -> None:
    bad = tmp_path / "svc" / "blaxel.toml"
    bad.parent.mkdir()
    bad.write_text('[[triggers]]\nid = "a"\ntype = "http_async"\n')
    entry = shlex.split(HOOKS[0]["entry"])
    assert entry == ["triggercfg", "check", "--force-exclude"]  # the configuration's exclude applies to passed files
    command = [sys.executable, "-m", "triggercfg", *entry[1:], "svc/blaxel.toml"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout.startswith("svc/blaxel.toml:3:8: TC103")
    fix = [sys.executable, "-m", "triggercfg", *shlex.split(HOOKS[1]["entry"])[1:], "svc/blaxel.toml"]
    assert subprocess.run(fix, cwd=tmp_path, capture_output=True).returncode == 0
    assert 'type = "http-async"' in bad.read_text()


def test_the_readme_pins_the_tag_a_release_of_this_version_gets() -> None:
    """Issue 19, item 7: the snippet pinned a tag no release would create."""
    import re

    from conftest import ROOT

    import triggercfg

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pins = re.findall(r"^\s+rev: (\S+)", readme, re.M)
    assert pins == [f"v{triggercfg.__version__}"]
