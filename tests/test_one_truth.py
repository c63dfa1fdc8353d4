"""`check` and `show` tell one truth: the rules judge the decode stage's
reading, and `show` lists what the platform ignores, on the files the CLIs'
own decoding was observed on (../shared/decoded) and on the corpus.

(a) A file the CLI refuses gets an error: ``test_decoding.py``.
(b) A mutant that keeps the author's meaning, and that the CLI reads exactly
    as its base, gets no error its base does not get.
(c) For every Cerebrium file the CLI accepts, ``ignored`` lists exactly the
    keys the CLI's own reading lacks.
(d) No finding says a key is not read unless ``show`` lists it as ignored,
    and every key ``show`` is certain is ignored has a finding.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, corpus_files, docs_examples, docs_text
from test_decoding import DECODED, needs_decoded, norm, pairs

from triggercfg import check_text, effective
from triggercfg.diagnostics import KeyPath, Severity, render_path

#: Mutations that keep what the author meant: another case or type of the same value, an equal repeat.
MEANING_KEPT = frozenset(
    {"case-key", "case-table", "int-str", "int-float", "str-int", "bool-str", "bool-int", "dup-same", "list-comma"}
)
#: Rules whose errors compare files with each other, not what one file says.
CROSS_FILE = frozenset({"duplicate-app-name", "async-limit-mismatch"})


def observed(path: Path) -> dict[str, Any]:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


@cache
def errors(path: Path, platform: str) -> frozenset[str]:
    findings = check_text(path.read_bytes(), platform, path=path.name).findings
    return frozenset(f.rule for f in findings if f.severity is Severity.ERROR and f.rule not in CROSS_FILE)


@needs_decoded
@pytest.mark.parametrize("platform", ["blaxel", "cerebrium"])
def test_b_a_mutant_read_as_its_base_gets_no_new_error(platform: str) -> None:
    compared, extra = 0, []
    for path in pairs(platform):
        stem, tag = path.stem.split("--", 1)
        base = path.with_name(f"{stem}--base.toml")
        kinds = set(tag.split("-", 1)[-1].split("+"))
        if tag == "base" or not base.exists() or not kinds <= MEANING_KEPT:
            continue
        mutant, original = observed(path), observed(base)
        if not (mutant["accepted"] and original["accepted"] and norm(mutant["read"]) == norm(original["read"])):
            continue
        compared += 1
        added = errors(path, platform) - errors(base, platform)
        if added:
            extra.append((path.name, sorted(added)))
    assert extra == []
    assert compared > (100 if platform == "blaxel" else 200)  # the data exercise it


def _leaves(node: dict[str, Any], path: KeyPath = ()) -> list[tuple[KeyPath, Any]]:
    out: list[tuple[KeyPath, Any]] = []
    for key, value in node.items():
        if isinstance(value, dict):
            out += _leaves(value, (*path, key))
        else:
            out.append(((*path, key), value))
    return out


def _has(read: Any, path: KeyPath) -> bool:
    for part in path:
        if not isinstance(read, dict) or part not in read:
            return False
        read = read[part]
    return True


def _get(node: Any, path: KeyPath) -> Any:
    for part in path:
        node = node[part]
    return node


def _expected_ignored(data: dict[str, Any], read: dict[str, Any]) -> set[KeyPath]:
    """What the CLI's own reading (``read``) says Cerebrium ignores of ``data``: each
    written key whose lower-cased path it lacks, and the losing spelling of two with
    different values."""
    expected = set()
    for path, value in _leaves(data):
        lowered = tuple(str(p).lower() for p in path)
        if lowered[:2] == ("cerebrium", "experimental") or (value in ("", 0, []) and value is not False):
            continue  # documented, read from the uploaded file; or empty, which the CLI leaves unset
        if not _has(read, lowered):
            expected.add(path)
    tables = [((), data)] + [(p, v) for p, v in _tables(data)]
    for where, table in tables:
        groups: dict[str, list[str]] = {}
        for key in table:
            groups.setdefault(key.lower(), []).append(key)
        for spellings in groups.values():
            values = [table[k] for k in spellings]
            if len(spellings) < 2 or any(isinstance(v, dict) for v in values):
                continue
            lowered = tuple(str(p).lower() for p in (*where, spellings[0]))
            if not _has(read, lowered) or len({json.dumps(norm(v), sort_keys=True) for v in values}) == 1:
                continue
            held = norm(_get(read, lowered))  # `compute` is always a list: a string is a list of one
            expected |= {(*where, k) for k, v in zip(spellings, values, strict=True) if held not in (norm(v), [v])}
    return expected


def _tables(node: dict[str, Any], path: KeyPath = ()) -> list[tuple[KeyPath, dict[str, Any]]]:
    out = []
    for key, value in node.items():
        if isinstance(value, dict):
            out.append(((*path, key), value))
            out += _tables(value, (*path, key))
    return out


def _covers(listed: set[KeyPath], path: KeyPath) -> bool:
    return any(path[: len(p)] == p for p in listed)


@needs_decoded
def test_c_ignored_lists_exactly_what_the_cerebrium_cli_does_not_read() -> None:
    from triggercfg.parse import Parsed, parse

    checked, wrong = 0, []
    for path in pairs("cerebrium"):
        seen = observed(path)
        if not seen["accepted"]:
            continue
        text = path.read_text(encoding="utf-8")
        parsed = parse(text, "1.0.0", ("escape-e",))
        assert isinstance(parsed, Parsed)
        result = effective(text, "cerebrium", path=path.name)
        listed = {key.path for key in result.ignored}
        expected = _expected_ignored(parsed.data, seen["read"])
        missing = {p for p in expected if not _covers(listed, p)}
        # every key listed (or inside a table listed) is one the CLI does not read
        leaves = {p for p, v in _leaves(parsed.data)}
        surplus = {p for p in listed if not any(q[: len(p)] == p for q in expected) and p not in expected}
        surplus = {p for p in surplus if any(q[: len(p)] == p for q in leaves)}  # an empty table lists nothing
        checked += 1
        if missing or surplus:
            wrong.append((path.name, sorted(map(str, missing)), sorted(map(str, surplus))))
    assert wrong == []
    assert checked > 300


#: Rules whose findings say a key is not read (a same-value case-collision says it is read once: a warning).
NOT_READ = frozenset({"unknown-key", "misplaced-key", "case-collision", "deprecated-key"})


def _files() -> list[tuple[str, str, bytes]]:
    """(platform, name, bytes) of the corpus, its docs examples and the decoded files."""
    out = [(p.name.split(".")[0], str(p.relative_to(CORPUS)), p.read_bytes()) for p in corpus_files()]
    out += [(p.name.split("__")[0], p.name, docs_text(p).encode()) for p in docs_examples()]
    out += [(platform, p.name, p.read_bytes()) for platform in ("blaxel", "cerebrium") for p in pairs(platform)]
    return out


@pytest.mark.skipif(not CORPUS.is_dir() and not DECODED.is_dir(), reason="../shared is not beside this checkout")
def test_d_findings_and_show_agree_on_what_is_ignored() -> None:
    unlisted, silent = [], []
    for platform, name, data in _files():
        result = effective(data, platform, path=name)
        if not result.ignored and result.error == "the file is not valid TOML":
            continue
        listed = {render_path(key.path): key for key in result.ignored}
        findings = check_text(data, platform, path=name).findings
        for finding in findings:
            if finding.rule not in NOT_READ or (
                finding.rule == "case-collision" and finding.severity is Severity.WARNING
            ):
                continue
            if finding.rule == "deprecated-key" and ("compute type" in finding.message or "Mark 2" in finding.message):
                continue  # a legacy value the platform reads (`AMPERE_A100`, `mk2`), not a key it ignores
            if not any(finding.key == shown or finding.key.startswith((shown + ".", shown + "[")) for shown in listed):
                unlisted.append((name, finding.line, finding.rule, finding.message))
        found = {f.key for f in findings}
        if any(f.rule == "missing-required-key" and f.key == "cerebrium" for f in findings):
            continue  # no `[cerebrium]` at all: that one finding explains every key
        for shown, key in listed.items():
            if key.certain and shown not in found:
                silent.append((name, key.line, shown, key.reason))
    assert unlisted == []
    assert silent == []


# -- one walk: the architecture, counted (never timed) ------------------------------------

RULES = Path(__file__).resolve().parent.parent / "src" / "triggercfg" / "rules"


def test_no_rule_walks_the_raw_data() -> None:
    """Rules judge the decode stage's reading (``ctx.reading``, ``ctx.value``,
    ``ctx.entry``, the view); none reads the parsed data itself, which would be
    a second, disagreeing account of the file. ``_util`` may look at the
    written document only to tell whether a fix can be made."""
    import ast

    offenders = []
    for module in sorted(RULES.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("data", "get", "tables", "folded")
                and isinstance(node.value, ast.Name)
                and node.value.id in ("ctx", "child")
            ):
                where = f"{module.name}:{node.lineno}"
                if not (module.name == "_util.py" and node.attr == "data"):
                    offenders.append(f"{where} {node.value.id}.{node.attr}")
    assert offenders == []


@pytest.mark.parametrize(
    ("platform", "text"),
    [
        ("cerebrium", '[Cerebrium.Deployment]\nname = "a"\n[Cerebrium.Scaling]\ncooldown = "30"\nfoo = 1\n'),
        ("blaxel", 'type = "agent"\n[runtime]\nmemory = 4096.0\n[[triggers]]\nid = "a"\ntype = "http-async"\n'),
    ],
)
def test_a_check_reads_the_file_once(platform: str, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """One decode per file, one walk of the models' tables (to classify what is
    not read), and the whole-file reading that `show` prints never built."""
    import triggercfg.decode as decode_stage
    import triggercfg.shape as shape

    counts = {"decode": 0, "tables": 0, "assemble": 0}
    real_decode, real_tables = decode_stage.decode, shape.tables

    def counting_decode(*args: Any) -> Any:
        counts["decode"] += 1
        reading = real_decode(*args)
        assemble = reading._assemble

        def counting_assemble(*inner: Any) -> Any:
            counts["assemble"] += 1
            return assemble(*inner)

        reading._assemble = counting_assemble
        return reading

    def counting_tables(*args: Any) -> Any:
        counts["tables"] += 1
        return real_tables(*args)

    # patched where they are called from (each module binds them at import)
    import triggercfg.decode.blaxel
    import triggercfg.decode.cerebrium
    import triggercfg.rules

    monkeypatch.setattr(triggercfg.rules, "decode", counting_decode)
    for reader in (triggercfg.decode.blaxel, triggercfg.decode.cerebrium):
        monkeypatch.setattr(reader, "tables", counting_tables)
    findings = check_text(text, platform).findings
    assert findings  # the rules ran, and found what they should
    assert counts == {"decode": 1, "tables": 1, "assemble": 0}
