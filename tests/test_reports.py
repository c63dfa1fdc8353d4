"""CI reports (issue 10): GitLab Code Quality, JUnit read back by a real
JUnit parser, SARIF with rule docs, help URIs, fixes and fingerprints that
survive moved lines, `--output-file`, and GitHub annotations by default on
GitHub Actions."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import SHARED

from triggercfg.cli import cli
from triggercfg.rules import all_rules

BROKEN = """type = "agent"
name = "writer"

[[triggers]]
id = "report"
type = "http_async"

[[triggers]]
id = "report"
type = "http-async"

[triggers.configuration]
callbackUrl = "http://hooks.example.com/done"
"""


def run(*args: str, cwd: Path, env: dict[str, str] | None = None):
    import os

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, list(args), env=env)
    finally:
        os.chdir(old)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "blaxel.toml").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "blaxel.toml").write_text('type = "agent"\nname = "fine"\n', encoding="utf-8")
    return tmp_path


def test_gitlab_code_quality(repo: Path) -> None:
    result = run("check", "--output-format", "gitlab", ".", cwd=repo)
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    assert [
        (i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"]["begin"]) for i in issues
    ] == [
        ("invalid-trigger-type", "major", "app/blaxel.toml", 6),
        ("duplicate-trigger-id", "major", "app/blaxel.toml", 9),
        ("insecure-callback-url", "major", "app/blaxel.toml", 13),
    ]
    assert issues[0]["description"] == (
        'TC103 [invalid-trigger-type] trigger type "http_async" does not exist; did you mean `http-async`?'
    )
    assert {i["type"] for i in issues} == {"issue"}
    assert len({i["fingerprint"] for i in issues}) == 3
    assert all(len(i["fingerprint"]) == 32 for i in issues)


def _fingerprints(repo: Path, fmt: str) -> dict[str, str]:
    result = run("check", "--output-format", fmt, ".", cwd=repo)
    if fmt == "gitlab":
        return {i["check_name"]: i["fingerprint"] for i in json.loads(result.stdout)}
    runs = json.loads(result.stdout)["runs"][0]
    return {r["ruleId"]: r["partialFingerprints"]["triggercfg/v1"] for r in runs["results"]}


@pytest.mark.parametrize("fmt", ["gitlab", "sarif"])
def test_fingerprints_survive_moved_lines(repo: Path, fmt: str) -> None:
    """Unrelated lines added above (and the line a message names moving with
    them) change no fingerprint: CI tracks the same finding across commits.
    Changing the finding itself does."""
    before = _fingerprints(repo, fmt)
    path = repo / "app" / "blaxel.toml"
    path.write_text(
        "# a new comment\n\n" + BROKEN.replace('name = "writer"', 'name = "writer"\npublic = true'), encoding="utf-8"
    )
    assert _fingerprints(repo, fmt) == before
    path.write_text(BROKEN.replace('"http_async"', '"http_asynch"'), encoding="utf-8")
    after = _fingerprints(repo, fmt)
    changed = {k for k in before if before[k] != after.get(k)}
    assert changed == ({"invalid-trigger-type"} if fmt == "gitlab" else {"TC103"})


def test_identical_findings_get_distinct_fingerprints(tmp_path: Path) -> None:
    text = '[[triggers]]\nid = "a"\ntype = "http"\n' * 3
    (tmp_path / "blaxel.toml").write_text(text, encoding="utf-8")
    issues = json.loads(run("check", "--output-format", "gitlab", ".", cwd=tmp_path).stdout)
    duplicates = [i["fingerprint"] for i in issues if i["check_name"] == "duplicate-trigger-id"]
    assert len(duplicates) == 2 and len(set(duplicates)) == 2


def test_junit_read_back_by_a_junit_parser(repo: Path) -> None:
    junitparser = pytest.importorskip("junitparser", reason="junitparser is in the test extra")
    result = run("check", "--output-format", "junit", ".", cwd=repo)
    assert result.exit_code == 1
    report = repo / "report.xml"
    report.write_text(result.stdout, encoding="utf-8")
    xml = junitparser.JUnitXml.fromfile(str(report))
    suites = list(xml)
    assert len(suites) == 1
    suite = suites[0]
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (2, 3, 0, 0)
    cases = {case.name: case for case in suite}
    assert sorted(cases) == ["app/blaxel.toml", "ok/blaxel.toml"]
    assert cases["ok/blaxel.toml"].is_passed
    failures = cases["app/blaxel.toml"].result
    assert [(f.type, f.message) for f in failures] == [
        (
            "error",
            '6:8: TC103 [invalid-trigger-type] trigger type "http_async" does not exist; did you mean `http-async`?',
        ),
        ("error", '9:6: TC101 [duplicate-trigger-id] duplicate trigger id "report" (first defined at line 5)'),
        (
            "error",
            "13:15: TC107 [insecure-callback-url] `callbackUrl` uses plain http: results and their "
            "signature travel unencrypted",
        ),
    ]


def test_junit_counts_a_path_that_could_not_be_checked(tmp_path: Path) -> None:
    junitparser = pytest.importorskip("junitparser", reason="junitparser is in the test extra")
    result = run("check", "--output-format", "junit", "missing.toml", cwd=tmp_path)
    assert result.exit_code == 2
    (tmp_path / "r.xml").write_text(result.stdout, encoding="utf-8")
    suite = next(iter(junitparser.JUnitXml.fromfile(str(tmp_path / "r.xml"))))
    assert (suite.tests, suite.failures, suite.errors) == (1, 0, 1)


@pytest.mark.skipif(
    not (SHARED / "schemas" / "sarif-schema-2.1.0.json").is_file(),
    reason="../shared/schemas/sarif-schema-2.1.0.json is not beside this checkout",
)
def test_sarif_carries_docs_help_uri_and_fixes(repo: Path) -> None:
    document = json.loads(run("check", "--output-format", "sarif", "--unsafe-fixes", ".", cwd=repo).stdout)
    schema = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    driver = document["runs"][0]["tool"]["driver"]
    rules = {r["name"]: r for r in driver["rules"]}
    assert len(rules) == len(all_rules())
    rule = rules["insecure-callback-url"]
    assert rule["helpUri"].endswith("docs/rules.md#insecure-callback-url-tc107")
    assert rule["help"]["markdown"].startswith("# insecure-callback-url (TC107)\n\nSeverity: error")
    assert "## Fix safety" in rule["help"]["markdown"]
    results = {r["ruleId"]: r for r in document["runs"][0]["results"]}
    assert results["TC107"]["fixes"] == [
        {
            "description": {"text": "Replace `http://` with `https://`"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": "app/blaxel.toml"},
                    "replacements": [
                        {
                            "deletedRegion": {"startLine": 13, "startColumn": 20, "endLine": 13, "endColumn": 20},
                            "insertedContent": {"text": "s"},
                        }
                    ],
                }
            ],
        }
    ]
    assert results["TC103"]["fixes"][0]["artifactChanges"][0]["replacements"] == [
        {
            "deletedRegion": {"startLine": 6, "startColumn": 13, "endLine": 6, "endColumn": 14},
            "insertedContent": {"text": "-"},
        }
    ]


def test_sarif_fixes_apply_to_what_fix_writes(repo: Path) -> None:
    """Applying each SARIF replacement to the file gives the bytes `--fix` writes, fix by fix."""
    from triggercfg import fix_text
    from triggercfg.api import check_text

    document = json.loads(run("check", "--output-format", "sarif", ".", cwd=repo).stdout)
    text = BROKEN
    lines = text.split("\n")
    for result in document["runs"][0]["results"]:
        if "fixes" not in result:
            continue
        (change,) = result["fixes"][0]["artifactChanges"]
        new_lines = list(lines)
        for replacement in reversed(change["replacements"]):
            region = replacement["deletedRegion"]
            start = sum(len(line) + 1 for line in new_lines[: region["startLine"] - 1]) + region["startColumn"] - 1
            end = sum(len(line) + 1 for line in new_lines[: region["endLine"] - 1]) + region["endColumn"] - 1
            joined = "\n".join(new_lines)
            new_lines = (joined[:start] + replacement["insertedContent"]["text"] + joined[end:]).split("\n")
        applied = "\n".join(new_lines)
        assert result["ruleId"] not in {f.code for f in check_text(applied, "blaxel").findings}
    assert fix_text(BROKEN, "blaxel").new_content.decode() != BROKEN


def test_output_file_keeps_the_console(repo: Path) -> None:
    result = run(
        "check", "--no-color", "--output-format", "sarif", "--output-file", "out/triggercfg.sarif", ".", cwd=repo
    )
    assert result.exit_code == 1
    assert result.stdout.startswith("app/blaxel.toml:6:8: TC103 [*] [invalid-trigger-type]")  # the full format
    assert "  |" in result.stdout
    written = json.loads((repo / "out" / "triggercfg.sarif").read_text(encoding="utf-8"))
    assert written["version"] == "2.1.0" and len(written["runs"][0]["results"]) == 3


def test_github_actions_get_annotations_with_no_flag(repo: Path) -> None:
    result = run("check", "--no-color", ".", cwd=repo, env={"GITHUB_ACTIONS": "true"})
    lines = result.stdout.splitlines()
    assert lines[0].startswith("app/blaxel.toml:6:8: TC103")  # full output first
    annotations = [line for line in lines if line.startswith("::")]
    assert annotations[0] == (
        "::error title=triggercfg (TC103 invalid-trigger-type),file=app/blaxel.toml,line=6,col=8,endLine=6,"
        'endColumn=20::TC103 [invalid-trigger-type] trigger type "http_async" does not exist; did you mean '
        "`http-async`?"
    )
    assert len(annotations) == 3
    chosen = run("check", "--no-color", "--output-format", "concise", ".", cwd=repo, env={"GITHUB_ACTIONS": "true"})
    assert not any(line.startswith("::") for line in chosen.stdout.splitlines())  # a chosen format is respected


def test_json_lines_is_the_json_report_one_finding_per_line(tmp_path: Path) -> None:
    (tmp_path / "blaxel.toml").write_text(BROKEN, encoding="utf-8")
    as_json = run("check", "--output-format", "json", "blaxel.toml", cwd=tmp_path)
    as_lines = run("check", "--output-format", "json-lines", "blaxel.toml", cwd=tmp_path)
    assert as_lines.exit_code == as_json.exit_code == 1
    lines = as_lines.output.strip("\n").split("\n")
    expected = json.loads(as_json.output)
    assert len(lines) == len(expected) >= 2
    assert [json.loads(line) for line in lines] == expected


SECRETS = """type = "agent"

[env]
OPENAI_API_KEY = "sk-proj-Q7mZt2Lw9Kx4Rb8Nc3Vd6Hf1"
REPORTS_API = "https://api.example.org/v1?api_key=Zx8Q2mPb7LkR4tYw9Nd3"

[[triggers]]
id = "slack"
type = "http-async"

[triggers.configuration]
callbackUrl = "https://hooks.slack.com/services/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"
callbackSecret = "cbs_4fK9xQ2mLw7Rt8Zp"
"""


@pytest.mark.parametrize("fmt", ["full", "concise", "json", "json-lines", "github", "gitlab", "junit", "sarif"])
def test_no_report_shows_a_secret(tmp_path: Path, fmt: str) -> None:
    """Issue 24: a finding about a credential shows only its first characters,
    in every format; the full report shows the line with the value masked."""
    (tmp_path / "blaxel.toml").write_text(SECRETS, encoding="utf-8")
    result = run("check", "--output-format", fmt, "blaxel.toml", cwd=tmp_path)
    assert result.exit_code == 1
    assert "TC006" in result.stdout and "TC109" in result.stdout and "TC111" in result.stdout
    for secret in ("Q7mZt2Lw9Kx4Rb8", "Zx8Q2mPb7LkR4tYw9Nd3", "B05EFGH5678/q7MZ", "4fK9xQ2mLw7Rt8Zp"):
        assert secret not in result.stdout
    if fmt == "full":
        assert '4 | OPENAI_API_KEY = "<redacted>"\n  |                  ^^^^^^^^^^^^\n' in result.stdout
        assert '12 | callbackUrl = "<redacted>"\n' in result.stdout


def test_the_json_report_is_exactly_what_the_standard_library_writes() -> None:
    """The JSON reporter writes its text field by field (the standard
    library's indented encoder runs in Python): byte for byte the same as
    `json.dumps(..., indent=2, ensure_ascii=False)`, for every kind of value."""
    import json as std

    from triggercfg.api import CheckResult, FileResult
    from triggercfg.diagnostics import Applicability, Finding, Fix, Severity, Span
    from triggercfg.reporters import render

    def finding(path: str, platform: str | None, message: str, key: str, fix: Fix | None) -> Finding:
        return Finding(path, platform, "unknown-key", "TC005", Severity.WARNING, message, key, Span(3, 1, 4, 12), fix)

    fix = Fix('Rename `"a"` to `b`\t', Applicability.UNSAFE, lambda doc: None)
    odd = [
        finding("dir/blaxel.toml", "blaxel", "plain", "runtime.memroy", None),
        finding("dir/blaxel.toml", "blaxel", 'quotes " and \\ and \n\r\t and \x00\x1f \u2028', '"a.b"', fix),
        finding("ünïcødé/cerebrium.toml", None, "émoji 🚀 and ✓", "cerebrium.scaling.x", fix),
    ]
    for findings in ([], odd):
        result = CheckResult((FileResult("x", "blaxel", tuple(findings)),))
        expected = std.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False)
        assert render("json", result, color=False, unsafe_fixes=False, fixing=False) == expected


@pytest.mark.parametrize("fmt", ["concise", "json"])
def test_a_report_in_pieces_is_the_report(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Large reports are written as they are made (issue 26): the pieces,
    several findings each, join into exactly the report, and the command
    line prints exactly that."""
    import importlib

    from click.testing import CliRunner

    from triggercfg.api import check_paths
    from triggercfg.cli import cli
    from triggercfg.reporters import chunks, render

    for index in range(3):
        folder = tmp_path / f"svc{index}"
        folder.mkdir()
        (folder / "blaxel.toml").write_text(
            f'type = "agent"\nname = "a{index}"\n\n[[triggers]]\ntype = "http-async"\n\n[triggers.configuration]\n'
            'callbackUrl = "http://hooks.example.com/x"\n',
            encoding="utf-8",
        )
    monkeypatch.chdir(tmp_path)
    result = check_paths(["."], repository=False)
    assert len(result.findings) == 6
    whole = render(fmt, result, color=False, unsafe_fixes=False, fixing=False)
    module = importlib.import_module(f"triggercfg.reporters.{'json_' if fmt == 'json' else fmt}")
    monkeypatch.setattr(module, "BATCH", 4)
    pieces = list(chunks(fmt, result, color=False, unsafe_fixes=False, fixing=False))
    assert len(pieces) >= 3 and "".join(pieces) == whole
    printed = CliRunner().invoke(cli, ["check", "--output-format", fmt, "--no-color", "."])
    assert printed.stdout == whole + "\n"
