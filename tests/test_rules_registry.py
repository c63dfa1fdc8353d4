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


def test_each_rules_fix_safety_is_what_its_fixes_are() -> None:
    """Issue 19, item 5: "Fix: always" for fixes that `--fix` alone never
    applies misled users. The declared safety must match every fix the rule
    gives on its fixtures."""
    from fixtures_lib import file_cases, platform_of

    from triggercfg.api import check_text

    seen: dict[str, set[str]] = {}
    for case in file_cases():
        for finding in check_text(case.read_bytes(), platform_of(case), path=case.name).findings:
            if finding.fix is not None:
                seen.setdefault(finding.rule, set()).add(finding.fix.applicability.value)
    expected = {"safe": {"safe"}, "unsafe": {"unsafe"}, "mixed": {"safe", "unsafe"}}
    for rule in all_rules().values():
        if rule.fix == "none":
            assert rule.name not in seen, f"{rule.name} gives fixes but says it has none"
            continue
        assert rule.name in seen, f"{rule.name}: no fixture shows its fix"
        assert seen[rule.name] == expected[rule.fix_safety], (rule.name, rule.fix_safety, seen[rule.name])


def test_the_rule_listings_show_the_safety() -> None:
    from triggercfg.docs import fix_label, rules_text

    rules = all_rules()
    assert fix_label(rules["insecure-callback-url"]) == "always, unsafe"
    assert fix_label(rules["python-version-not-string"]) == "always"
    assert fix_label(rules["invalid-type"]) == "sometimes, safe or unsafe"
    line = next(row for row in rules_text().splitlines() if "duplicate-trigger-id" in row)
    assert "unsafe fix" in line
