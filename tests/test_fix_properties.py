"""Properties every fix must keep, over every fixture and every corpus file.

With nothing to fix, the bytes come back unchanged (and tomlkit's own
parse/write round-trip is exact); the rest is ``fix_checks``: fixes are
idempotent, leave nothing fixable, change only their own lines, keep every
comment and every untouched value, and findings lie on their keys.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import tomlkit
from conftest import CORPUS
from fix_checks import check_invariants, fix_invariants
from fixtures_lib import file_cases, platform_of

from triggercfg.api import check_text, fix_text
from triggercfg.source import Source, decode


def _inputs() -> list[tuple[str, Path, str]]:
    cases = [(f"fixture:{p.parent.name}/{p.name}", p, platform_of(p)) for p in file_cases()]
    if CORPUS.is_dir():
        for path in sorted(CORPUS.rglob("*.toml")):
            rel = path.relative_to(CORPUS).as_posix()
            platform = "cerebrium" if rel.startswith("cerebrium") or "__cerebrium" in rel.split("/")[0] else "blaxel"
            if rel.startswith("docs/"):
                platform = rel.split("/")[1].split("__")[0]
            cases.append((f"corpus:{rel}", path, platform))
    return cases


INPUTS = _inputs()
IDS = [name for name, _, _ in INPUTS]


def _text(data: bytes) -> str | None:
    source = decode(data)
    return source.text if isinstance(source, Source) else None


@pytest.mark.parametrize(("name", "path", "platform"), INPUTS, ids=IDS)
def test_roundtrip_without_fixes_is_exact(name: str, path: Path, platform: str) -> None:
    data = path.read_bytes()
    text = _text(data)
    if text is None or any(f.rule == "toml-syntax" for f in check_text(data, platform).findings):
        return  # never fixed, never written
    assert tomlkit.parse(text).as_string() == text
    result = fix_text(data, platform, options=None)
    if not result.fixed:
        assert result.new_content == data


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
@pytest.mark.parametrize(("name", "path", "platform"), INPUTS, ids=IDS)
def test_fix_properties(name: str, path: Path, platform: str, unsafe: bool) -> None:
    fix_invariants(path.read_bytes(), platform, unsafe=unsafe)


@pytest.mark.parametrize(("name", "path", "platform"), INPUTS, ids=IDS)
def test_findings_point_inside_the_file_at_their_key(name: str, path: Path, platform: str) -> None:
    check_invariants(path.read_bytes(), platform)


def test_the_corpus_exercises_fixes() -> None:
    """Guard: the properties above must have had real fixes to check."""
    changed = [name for name, path, platform in INPUTS if fix_text(path.read_bytes(), platform).fixed]
    assert len(changed) >= 10
