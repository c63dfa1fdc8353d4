"""The TOML project's own compliance suite (../shared/toml-test), run through
triggercfg's parse stage with each platform's grammar:

- Blaxel reads TOML 1.1: every case of ``files-toml-1.1.0``;
- Cerebrium reads TOML 1.0: every case of ``files-toml-1.0.0``, with one named
  exception, the ``\\e`` escape, which its CLI accepts.

A valid case must parse to exactly the expected value, types included. An
invalid case must give a ``toml-syntax`` finding inside the file through the
whole engine (decoding included: some cases are not UTF-8), never a traceback.
"""

from __future__ import annotations

import datetime
import json
import math
from typing import Any

import pytest
from conftest import SHARED

from triggercfg.api import check_text
from triggercfg.parse import Parsed, parse
from triggercfg.platforms import PLATFORMS
from triggercfg.source import Source, decode

SUITE = SHARED / "toml-test"
needs_suite = pytest.mark.skipif(
    not SUITE.is_dir(),
    reason="../shared/toml-test is not beside this checkout (it is only in CI and the team's workspace)",
)

#: The platform's grammar differs from its TOML version's list on these cases, on purpose.
EXCEPTIONS = {
    # The Cerebrium CLI's parser accepts `\e` (TOML 1.1) in a TOML 1.0 file.
    "cerebrium": {"valid/string/escape-esc.toml"},
    "blaxel": set(),
}
LISTS = {"blaxel": "files-toml-1.1.0", "cerebrium": "files-toml-1.0.0"}


def cases(platform: str, kind: str) -> list[str]:
    if not SUITE.is_dir():
        return []
    names = [n for n in (SUITE / LISTS[platform]).read_text().split() if n.endswith(".toml")]
    if kind == "valid":
        names += sorted(EXCEPTIONS[platform])
    return [n for n in names if n.startswith(kind + "/")]


def tagged(value: Any) -> Any:
    """A parsed value in toml-test's tagged JSON, normalised for comparison."""
    if isinstance(value, dict):
        return {k: tagged(v) for k, v in value.items()}
    if isinstance(value, list):
        return [tagged(v) for v in value]
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("integer", value)
    if isinstance(value, float):
        return ("float", "nan" if math.isnan(value) else value)
    if isinstance(value, str):
        return ("string", value)
    if isinstance(value, datetime.datetime):
        return ("datetime" if value.tzinfo else "datetime-local", value)
    if isinstance(value, datetime.date):
        return ("date-local", value)
    if isinstance(value, datetime.time):
        return ("time-local", value)
    raise AssertionError(f"unexpected type {type(value).__name__}")


def expected(node: Any) -> Any:
    if isinstance(node, list):
        return [expected(v) for v in node]
    if set(node) == {"type", "value"} and isinstance(node["value"], str):
        kind, text = node["type"], node["value"]
        if kind == "bool":
            return (kind, text == "true")
        if kind == "integer":
            return (kind, int(text))
        if kind == "float":
            number = float(text)
            return (kind, "nan" if math.isnan(number) else number)
        if kind in ("datetime", "datetime-local"):
            return (kind, datetime.datetime.fromisoformat(_micro(text.replace(" ", "T").replace("z", "Z"))))
        if kind == "date-local":
            return (kind, datetime.date.fromisoformat(text))
        if kind == "time-local":
            return (kind, datetime.time.fromisoformat(_micro(text)))
        return (kind, text)
    return {k: expected(v) for k, v in node.items()}


def _micro(text: str) -> str:
    """Fractions of a second past microseconds are cut, as Python's datetime holds them."""
    head, dot, rest = text.partition(".")
    if not dot:
        return text
    digits = len(rest) - len(rest.lstrip("0123456789"))
    return f"{head}.{rest[: min(digits, 6)]}{rest[digits:]}"


def read(name: str) -> Source:
    source = decode((SUITE / name).read_bytes())
    assert isinstance(source, Source), f"{name}: {source}"
    return source


def grammar(platform: str) -> tuple[str, frozenset[str]]:
    return PLATFORMS[platform].toml, PLATFORMS[platform].toml_extras


@needs_suite
@pytest.mark.parametrize("platform", ["blaxel", "cerebrium"])
def test_every_valid_case_parses_to_its_exact_value(platform: str) -> None:
    wrong = []
    names = cases(platform, "valid")
    assert len(names) > 200
    for name in names:
        parsed = parse(read(name).text, *grammar(platform))
        if not isinstance(parsed, Parsed) or parsed.newer:
            wrong.append(f"{name}: refused: {parsed}")
            continue
        want = expected(json.loads((SUITE / name).with_suffix(".json").read_text(encoding="utf-8")))
        if tagged(parsed.data) != want:
            wrong.append(f"{name}: read {tagged(parsed.data)!r}, expected {want!r}")
    assert wrong == []


@needs_suite
@pytest.mark.parametrize("platform", ["blaxel", "cerebrium"])
def test_every_valid_case_has_no_syntax_finding(platform: str) -> None:
    for name in cases(platform, "valid"):
        findings = check_text((SUITE / name).read_bytes(), platform, path=name).findings
        assert [f for f in findings if f.rule == "toml-syntax"] == [], name


@needs_suite
@pytest.mark.parametrize("platform", ["blaxel", "cerebrium"])
def test_every_invalid_case_is_one_located_syntax_error(platform: str) -> None:
    names = cases(platform, "invalid")
    assert len(names) > 450
    for name in names:
        data = (SUITE / name).read_bytes()
        findings = check_text(data, platform, path=name).findings
        syntax = [f for f in findings if f.rule == "toml-syntax"]
        assert syntax, f"{name} was accepted"
        assert all(f.severity.value == "error" for f in syntax)
        lines = data.decode("utf-8", "replace").split("\n")
        for f in syntax:
            assert 1 <= f.line <= len(lines), (name, f)
            assert 1 <= f.column <= len(lines[f.line - 1]) + 1, (name, f)
        if len(syntax) > 1:
            # only a Cerebrium file that TOML 1.1 reads: one finding per construct
            assert platform == "cerebrium"
            assert all("is TOML 1.1; the Cerebrium CLI reads TOML 1.0" in f.message for f in syntax), name


@needs_suite
def test_cerebrium_reads_toml_1_1_constructs_as_named_errors() -> None:
    """The cases TOML 1.1 made valid are refused in a Cerebrium file, each naming
    its construct, and fixed into TOML 1.0 that reads the same values."""
    from triggercfg.api import fix_text

    newer = sorted(set(cases("blaxel", "valid")) - set(cases("cerebrium", "valid")) - {"valid/key/empty-05.toml"})
    newer = [n for n in newer if "spec-1.1.0" not in n]
    assert newer == [
        "valid/datetime/no-seconds.toml",
        "valid/inline-table/newline-comment.toml",
        "valid/inline-table/newline.toml",
        "valid/string/hex-escape.toml",
    ]
    for name in newer:
        data = (SUITE / name).read_bytes()
        syntax = [f for f in check_text(data, "cerebrium", path=name).findings if f.rule == "toml-syntax"]
        assert syntax and all("is TOML 1.1" in f.message for f in syntax), name
        fixed = fix_text(data, "cerebrium", path=name)
        remaining = [f for f in fixed.findings if f.rule == "toml-syntax"]
        if name.endswith("newline-comment.toml"):
            assert remaining, "an inline table with comments inside has no fix"
            continue
        assert remaining == [], name
        before = parse(read(name).text)
        after = parse(fixed.new_content.decode("utf-8"), "1.0.0")
        assert isinstance(after, Parsed) and isinstance(before, Parsed)
        assert after.data == before.data, name


def test_cerebrium_accepts_escape_e_and_nothing_else_of_toml_1_1() -> None:
    accepted = parse('a = "\\e"\n', *grammar("cerebrium"))
    assert isinstance(accepted, Parsed)
    assert (accepted.data, accepted.newer) == ({"a": "\x1b"}, ())
    refused = parse('a = "\\e\\x41"\n', *grammar("cerebrium"))
    assert isinstance(refused, Parsed)
    assert [(c.kind, c.written, c.span) for c in refused.newer] == [("escape-x", "\\x41", (1, 8, 1, 12))]
    # without the exception, `\e` is a TOML 1.1 construct like the others
    plain = parse('a = "\\e"\n', "1.0.0")
    assert isinstance(plain, Parsed)
    assert [c.kind for c in plain.newer] == ["escape-e"]
