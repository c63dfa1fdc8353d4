"""The rule registry and each rule's documentation, checked rather than trusted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import triggercfg.rules as rules_pkg
from triggercfg.api import check_text
from triggercfg.rules import MODULES, all_rules

RULES = list(all_rules().values())
SECTIONS = ["## What it does", "## Why is this bad?", "## Example", "Use instead:", "## Fix safety"]


def test_registry_lists_every_rule_module() -> None:
    folder = Path(rules_pkg.__file__).parent
    on_disk = {p.stem for p in folder.glob("*.py") if not p.name.startswith("_")}
    assert on_disk == set(MODULES)


def test_each_module_is_in_the_group_of_its_platforms() -> None:
    from triggercfg.rules import BLAXEL, CEREBRIUM, PROJECT, SHARED, load

    groups = {"SHARED": SHARED, "BLAXEL": BLAXEL, "CEREBRIUM": CEREBRIUM, "PROJECT": PROJECT}
    for group, modules in groups.items():
        for module in modules:
            rule = load(module)
            expected = {
                "SHARED": (frozenset({"blaxel", "cerebrium"}), True, False),
                "BLAXEL": (frozenset({"blaxel"}), True, False),
                "CEREBRIUM": (frozenset({"cerebrium"}), True, False),
                "PROJECT": (rule.platforms, False, True),
            }[group]
            assert (rule.platforms, rule.check is not None, rule.check_project is not None) == expected, module
            assert (rule.facts is not None) == (group == "PROJECT"), module


def test_module_name_matches_rule_name() -> None:
    for module, rule in zip(MODULES, RULES, strict=True):
        assert rule.name == module.replace("_", "-")


def test_codes_and_names_are_unique_and_well_formed() -> None:
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    for rule in RULES:
        assert re.fullmatch(r"TC\d{3}", rule.code), rule.code
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", rule.name), rule.name


def test_codes_are_grouped_by_scope() -> None:
    for rule in RULES:
        if rule.check_project:
            assert rule.code.startswith("TC3"), rule.name
        elif rule.platforms == frozenset({"blaxel"}):
            assert rule.code.startswith("TC1"), rule.name
        elif rule.platforms == frozenset({"cerebrium"}):
            assert rule.code.startswith("TC2"), rule.name
        else:
            assert rule.code.startswith("TC0"), rule.name


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_documentation_has_every_section(rule) -> None:
    for section in SECTIONS:
        assert section in rule.doc, f"{rule.name}: missing {section!r}"
    assert rule.summary and not rule.summary.endswith(".")


def _examples(doc: str) -> tuple[str, str]:
    example = doc.split("## Example", 1)[1]
    bad, good = example.split("Use instead:", 1)
    block = re.compile(r"```toml\n(.*?)```", re.S)
    return block.search(bad).group(1), block.search(good).group(1)


@pytest.mark.parametrize("rule", [r for r in RULES if not r.check_project], ids=lambda r: r.name)
def test_documented_example_fires_and_fix_is_clean(rule) -> None:
    """The docs' *Example* triggers the rule; *Use instead* does not (pycodestyle's self-test)."""
    bad, good = _examples(rule.doc)
    platform = "cerebrium" if "[cerebrium" in bad or "blaxel" not in rule.platforms else "blaxel"
    assert any(f.rule == rule.name for f in check_text(bad, platform).findings)
    assert not any(f.rule == rule.name for f in check_text(good, platform).findings)
