"""The published schemas in the engines editors actually run: taplo (Even
Better TOML) and tombi, both offline. Valid files must pass, broken ones fail.
Skipped where the engine is not installed (``pip install -e ".[test]"``
installs both)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, docs_examples

SCHEMAS = ROOT / "schemas"


def _engine(name: str) -> str | None:
    return shutil.which(name, path=os.path.dirname(sys.executable)) or shutil.which(name)


TAPLO = _engine("taplo")
TOMBI = _engine("tombi")


def taplo_ok(path: Path, platform: str) -> bool:
    schema = (SCHEMAS / f"{platform}.schema.json").as_uri()
    done = subprocess.run([TAPLO, "check", "--colors", "never", "--schema", schema, str(path)], capture_output=True)
    return done.returncode == 0


def tombi_ok(path: Path, platform: str, scratch: Path) -> bool:
    copy = scratch / f"{platform}.toml"
    body = path.read_text(encoding="utf-8")
    copy.write_text(f"#:schema {SCHEMAS / f'{platform}.schema.json'}\n\n{body}", encoding="utf-8")
    done = subprocess.run([TOMBI, "lint", "--offline", copy.name], cwd=scratch, capture_output=True)
    return done.returncode == 0


CASES = [
    (ROOT / "examples/clean/blaxel.toml", "blaxel", True),
    (ROOT / "examples/clean/cerebrium.toml", "cerebrium", True),
    (ROOT / "examples/broken/blaxel.toml", "blaxel", False),
    *[(p, p.name.split("__")[0], True) for p in docs_examples()],
]


@pytest.mark.skipif(TAPLO is None, reason="taplo is not installed")
@pytest.mark.parametrize(("path", "platform", "valid"), CASES, ids=lambda v: getattr(v, "name", str(v)))
def test_taplo(path: Path, platform: str, valid: bool) -> None:
    assert taplo_ok(path, platform) is valid


@pytest.mark.skipif(TOMBI is None, reason="tombi is not installed")
@pytest.mark.parametrize(("path", "platform", "valid"), CASES, ids=lambda v: getattr(v, "name", str(v)))
def test_tombi_strict_mode(path: Path, platform: str, valid: bool, tmp_path: Path) -> None:
    """tombi's default strict mode treats objects without additionalProperties as
    closed; the schemas set it everywhere, so valid files stay clean."""
    assert tombi_ok(path, platform, tmp_path) is valid
