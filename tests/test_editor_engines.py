"""The published schemas in the engines editors actually run: taplo (Even
Better TOML) and tombi, both offline. Valid files must pass, broken ones fail.
Skipped where the engine is not installed (``pip install -e ".[test]"``
installs both)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, docs_examples, docs_text

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


def _whole(path: Path, scratch: Path) -> Path:
    """A docs example as a whole file (the docs show one section at a time)."""
    if path.parent.name != "docs":
        return path
    whole = scratch / f"whole-{path.name}"
    whole.write_text(docs_text(path), encoding="utf-8")
    return whole


CASES = [
    (ROOT / "examples/clean/blaxel.toml", "blaxel", True),
    (ROOT / "examples/clean/cerebrium.toml", "cerebrium", True),
    (ROOT / "examples/broken/blaxel.toml", "blaxel", False),
    *[(p, p.name.split("__")[0], True) for p in docs_examples()],
]


@pytest.mark.skipif(TAPLO is None, reason="taplo is not installed")
@pytest.mark.parametrize(("path", "platform", "valid"), CASES, ids=lambda v: getattr(v, "name", str(v)))
def test_taplo(path: Path, platform: str, valid: bool, tmp_path: Path) -> None:
    assert taplo_ok(_whole(path, tmp_path), platform) is valid


@pytest.mark.skipif(TOMBI is None, reason="tombi is not installed")
@pytest.mark.parametrize(("path", "platform", "valid"), CASES, ids=lambda v: getattr(v, "name", str(v)))
def test_tombi_strict_mode(path: Path, platform: str, valid: bool, tmp_path: Path) -> None:
    """tombi's default strict mode treats objects without additionalProperties as
    closed; the schemas set it everywhere, so valid files stay clean."""
    assert tombi_ok(_whole(path, tmp_path), platform, tmp_path) is valid


# -- a schema-level mistake is reported at the same line by all three ---------------------------------

MISTAKES = [
    ("wrong-type", "blaxel", 'type = "agent"\nname = "x"\npublic = "yes"\n', "invalid-type", 3),
    (
        "bad-enum",
        "blaxel",
        'type = "agent"\n\n[[triggers]]\nid = "a"\ntype = "http-asink"\n',
        "invalid-trigger-type",
        5,
    ),
    ("missing-required", "blaxel", 'type = "agent"\n\n[[triggers]]\nid = "b"\n', "missing-required-key", 3),
    (
        "wrong-type",
        "cerebrium",
        '[cerebrium.deployment]\nname = "x"\n\n[cerebrium.hardware]\ngpu_count = "two"\n',
        "invalid-type",
        5,
    ),
]
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _triggercfg_lines(path: Path, platform: str) -> list[tuple[str, int]]:
    from triggercfg import check_text

    return [(f.rule, f.line) for f in check_text(path.read_bytes(), platform).findings]


@pytest.mark.skipif(TAPLO is None or TOMBI is None, reason="taplo and tombi are not both installed")
@pytest.mark.parametrize(
    ("name", "platform", "text", "rule", "line"), MISTAKES, ids=[f"{m[1]}-{m[0]}" for m in MISTAKES]
)
def test_a_schema_mistake_is_at_the_same_line_in_taplo_tombi_and_triggercfg(
    name: str, platform: str, text: str, rule: str, line: int, tmp_path: Path
) -> None:
    path = tmp_path / f"{platform}.toml"
    path.write_text(text, encoding="utf-8")
    assert _triggercfg_lines(path, platform) == [(rule, line)]
    schema = (SCHEMAS / f"{platform}.schema.json").as_uri()
    taplo = subprocess.run(
        [TAPLO, "check", "--colors", "never", "--schema", schema, str(path)], capture_output=True, text=True
    )
    taplo_lines = {int(m) for m in re.findall(rf"┌─ .*{re.escape(path.name)}:(\d+):\d+", taplo.stdout + taplo.stderr)}
    assert line in taplo_lines, taplo.stdout + taplo.stderr
    assert min(taplo_lines) == line or name == "bad-enum"  # a oneOf failure spans the table, up to the value
    directive = tmp_path / "scratch"
    directive.mkdir()
    (directive / path.name).write_text(f"#:schema {SCHEMAS / f'{platform}.schema.json'}\n{text}", encoding="utf-8")
    tombi = subprocess.run([TOMBI, "lint", "--offline", path.name], cwd=directive, capture_output=True, text=True)
    output = _ANSI.sub("", tombi.stdout + tombi.stderr)
    tombi_lines = {
        int(m) - 1 for m in re.findall(rf"at {re.escape(path.name)}:(\d+):\d+", output)
    }  # minus the directive
    assert tombi_lines == {line}, output


@pytest.mark.skipif(TOMBI is None, reason="tombi is not installed")
def test_tombi_reads_each_file_as_its_platform_does(tmp_path: Path) -> None:
    """The schemas carry `x-tombi-toml-version`: tombi accepts TOML 1.1 in a
    blaxel.toml, and refuses it in a cerebrium.toml, as the CLIs do."""
    newer = tmp_path / "newer.toml"
    newer.write_text('type = "agent"\nname = "a"\nenv = {\n  A = "b",\n}\n', encoding="utf-8")
    assert tombi_ok(newer, "blaxel", tmp_path)
    newer.write_text(
        '[cerebrium.deployment]\nname = "a"\ninclude = [\n  "*",\n]\n'
        '[cerebrium.dependencies]\npip = {\n  torch = "2.3.0",\n}\n',
        encoding="utf-8",
    )
    assert not tombi_ok(newer, "cerebrium", tmp_path)
    newer.write_text(
        '[cerebrium.deployment]\nname = "a"\n[cerebrium.dependencies]\npip = { torch = "2.3.0" }\n', encoding="utf-8"
    )
    assert tombi_ok(newer, "cerebrium", tmp_path)
