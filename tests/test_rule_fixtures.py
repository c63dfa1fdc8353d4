"""Every rule fixture: exact findings (rule, line, column, message), and the
exact bytes after ``--fix`` and ``--fix --unsafe-fixes``. Run through the API
and, for a sample, through the CLI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fixtures_lib import HERE, dir_cases, file_cases, platform_of, render, sibling

from triggercfg.api import check_paths, check_text, fix_text
from triggercfg.rules import all_rules

CASES = file_cases()


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_findings(case: Path) -> None:
    result = check_text(case.read_bytes(), platform_of(case), path=case.name)
    actual = render(result.findings)
    if case.name.startswith("ok"):
        assert actual == "", "an ok fixture must be clean"
        return
    expected = sibling(case, ".expected")
    assert expected.exists(), f"missing {expected.name}; run tests/regen_fixtures.py"
    assert actual == _read(expected)
    rule = case.parent.name
    assert any(f.rule == rule for f in result.findings), f"a bad fixture must trigger {rule}"


@pytest.mark.parametrize("case", CASES, ids=_id)
@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_fix(case: Path, unsafe: bool) -> None:
    data = case.read_bytes()
    safe = fix_text(data, platform_of(case), path=case.name)
    result = fix_text(data, platform_of(case), unsafe=True, path=case.name) if unsafe else safe
    if unsafe and result.new_content == safe.new_content:
        assert not sibling(case, ".unsafe.toml").exists()
        return
    suffix = ".unsafe" if unsafe else ".fixed"
    expected_bytes = sibling(case, f"{suffix}.toml")
    if result.new_content == data:
        assert not expected_bytes.exists(), "the fix changed nothing, but an expected output exists"
        return
    assert expected_bytes.exists(), f"missing {expected_bytes.name}; run tests/regen_fixtures.py"
    assert result.new_content == expected_bytes.read_bytes()
    assert render(result.findings) == _read(sibling(case, f"{suffix}.expected"))


@pytest.mark.parametrize("folder", dir_cases(), ids=_id)
def test_directory_cases(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)
    result = check_paths(["."], repository=False, config=False)  # a self-contained case
    actual = render(result.findings, with_path=True)
    if folder.name == "ok":
        assert actual == ""
    else:
        assert actual == _read(folder / "expected")
        assert any(f.rule == folder.parent.name for f in result.findings)


def test_every_rule_has_fixtures() -> None:
    covered = {p.parent.name for p in CASES} | {p.parent.name for p in dir_cases()}
    for name in all_rules():
        assert name in covered, f"rule {name} has no fixture folder tests/fixtures/{name}/"
        folder = HERE / name
        assert any(p.name.startswith("bad") for p in folder.iterdir()), f"{name} has no bad case"
        assert any(p.name.startswith("ok") for p in folder.iterdir()), f"{name} has no ok case"


def test_fixture_folders_are_rules() -> None:
    names = set(all_rules())
    for folder in HERE.iterdir():
        assert folder.name in names, f"tests/fixtures/{folder.name} is not a rule name"


def test_fixture_platform_suffixes() -> None:
    for case in CASES:
        assert platform_of(case) in ("blaxel", "cerebrium"), case.name
        assert os.sep not in case.name
