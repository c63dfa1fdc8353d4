"""Properties every fix must keep, over every fixture and every corpus file.

1. With nothing to fix, the bytes come back unchanged (and tomlkit's own
   parse/write round-trip is exact).
2. Fixing twice gives the same bytes as fixing once.
3. After ``--fix --unsafe-fixes``, re-checking reports no fixable finding.
4. A fix changes only the lines of the findings it fixed (plus the comment
   lines that travel with a moved key); everything else added is new lines.
5. Every comment of the input is still in the output.
"""

from __future__ import annotations

import difflib
from collections import Counter
from pathlib import Path

import pytest
import tomlkit
from conftest import CORPUS
from fixtures_lib import file_cases, platform_of

from triggercfg.api import check_text, fix_text
from triggercfg.locate import Locations
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
    data = path.read_bytes()
    once = fix_text(data, platform, unsafe=unsafe)
    if once.new_content == data:
        return
    # 2. idempotent
    twice = fix_text(once.new_content, platform, unsafe=unsafe)
    assert twice.new_content == once.new_content
    # 3. nothing fixable remains
    remaining = check_text(once.new_content, platform).findings
    fixable = [f for f in remaining if f.fix and (unsafe or f.fix.applicability.value == "safe")]
    assert fixable == [], [(f.rule, f.line) for f in fixable]
    # 4. only the fixed findings' lines change
    before = _text(data)
    after = _text(once.new_content)
    assert before is not None and after is not None
    old_lines = before.splitlines()
    allowed = set()
    for f in once.fixed:
        allowed.update(range(f.span.line, f.span.end_line + 1))
        line = f.span.line - 1  # comment lines directly above travel with a moved key
        while line >= 1 and old_lines[line - 1].lstrip().startswith("#"):
            allowed.add(line)
            line -= 1
    matcher = difflib.SequenceMatcher(a=old_lines, b=after.splitlines(), autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            touched = set(range(i1 + 1, i2 + 1))
            assert touched <= allowed, f"lines {sorted(touched - allowed)} changed but held no fixed finding"
    # 5. comments survive
    old_comments = Counter(c.strip() for c in Locations(before).comments.values())
    new_comments = Counter(c.strip() for c in Locations(after).comments.values())
    assert old_comments - new_comments == Counter()
    # and the result is still valid TOML with the same line endings and BOM
    assert once.new_content.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
    if b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b""):
        assert b"\n" not in once.new_content.replace(b"\r\n", b"")


def test_the_corpus_exercises_fixes() -> None:
    """Guard: the properties above must have had real fixes to check."""
    changed = [name for name, path, platform in INPUTS if fix_text(path.read_bytes(), platform).fixed]
    assert len(changed) >= 10
