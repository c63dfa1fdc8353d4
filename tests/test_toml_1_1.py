"""TOML 1.1 through every stage (issue 16): a Blaxel file written in TOML 1.1
is checked, located, fixed, suppressed and annotated as any other; a Cerebrium
file written in TOML 1.1 gets each construct as an error with its fix."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_editor_association import _in

from triggercfg.api import check_text, fix_text
from triggercfg.config import Options
from triggercfg.fixer import text_edits
from triggercfg.parse import Parsed, parse
from triggercfg.platforms import PLATFORMS

BLAXEL_11 = """type = "agent"
name = "report-writer"
env = {
  LOG_LEVEL = "info",  # a comment inside
  BANNER = "\\x41\\e",
}

[[triggers]]
id = "report"
type = "http-async"
callbackUrl = "https://hooks.example.com/done"
configuration = {
  path = "agents/report/async",
  timeout = "20m",
  callbackURL = "https://x.example/cb",
}

[[triggers]]
id = "nightly"
type = "http"
configuration = { path = "agents/report/run", since = 2024-01-01 10:30, }
"""


def found(text: str, platform: str = "blaxel") -> list[tuple[str, int, int, str]]:
    return [(f.rule, f.line, f.column, f.message) for f in check_text(text, platform).findings]


def test_a_blaxel_file_in_toml_1_1_has_no_syntax_finding_and_exact_locations() -> None:
    parsed = parse(BLAXEL_11)
    assert isinstance(parsed, Parsed)
    assert parsed.data["env"] == {"LOG_LEVEL": "info", "BANNER": "A\x1b"}
    assert found(BLAXEL_11) == [
        (
            "misplaced-key",
            11,
            1,
            "`callbackUrl` belongs in `[triggers.configuration]`, not at the trigger's level, "
            "where the platform ignores it",
        ),
        (
            "async-timeout-exceeds-maximum",
            14,
            13,
            '`timeout` is "20m" (1200 seconds), over the 900-second (15-minute) maximum of an async task',
        ),
        (
            "unknown-key",
            15,
            3,
            "unknown key `callbackURL` in `[triggers.configuration]`: the Blaxel API does not document it "
            "(the CLI passes it on as written); did you mean `callbackUrl`?",
        ),
        (
            "unknown-key",
            21,
            47,
            "unknown key `since` in `[triggers.configuration]`: the Blaxel API does not document it "
            "(the CLI passes it on as written)",
        ),
    ]


def test_fixes_in_a_toml_1_1_file_touch_only_their_lines() -> None:
    result = fix_text(BLAXEL_11, "blaxel", unsafe=True)
    # the misplaced callbackUrl moves in; then `callbackURL` is a leftover beside it, removed (unsafe)
    expected = BLAXEL_11.replace('callbackUrl = "https://hooks.example.com/done"\n', "").replace(
        '  timeout = "20m",\n  callbackURL = "https://x.example/cb",\n',
        '  timeout = "15m",\n  callbackUrl = "https://hooks.example.com/done",\n',
    )
    assert result.new_content.decode() == expected
    again = fix_text(result.new_content, "blaxel", unsafe=True)
    assert again.new_content == result.new_content  # idempotent
    assert isinstance(parse(expected), Parsed)


def test_a_move_into_a_multi_line_inline_table_without_a_trailing_comma_adds_one() -> None:
    text = (
        '[[triggers]]\nid = "a"\ntype = "http-async"\ncallbackUrl = "https://h.example.com/cb"  # the hook\n'
        'configuration = {\n  path = "a/b" # where\n}\n'
    )
    result = fix_text(text, "blaxel")
    assert result.new_content.decode() == (
        '[[triggers]]\nid = "a"\ntype = "http-async"\n'
        'configuration = {\n  path = "a/b", # where\n  callbackUrl = "https://h.example.com/cb",  # the hook\n}\n'
    )


def test_the_editors_minimal_edits_work_on_toml_1_1() -> None:
    edits = text_edits("blaxel.toml", BLAXEL_11.encode(), PLATFORMS["blaxel"], Options())
    by_rule = {finding.rule: [(e.span.line, e.span.column, e.new_text) for e in changes] for finding, changes in edits}
    assert by_rule["async-timeout-exceeds-maximum"] == [(14, 14, "15")]


def test_a_suppression_inside_a_multi_line_inline_table() -> None:
    text = BLAXEL_11.replace(
        '  timeout = "20m",', '  timeout = "20m",  # triggercfg: ignore[async-timeout-exceeds-maximum]'
    )
    assert "async-timeout-exceeds-maximum" not in [rule for rule, *_ in found(text)]
    stale = text.replace('"20m"', '"10m"')
    assert (
        "unused-suppression",
        14,
        23,
        "unused suppression: no `async-timeout-exceeds-maximum` finding on this line",
    ) in found(stale)


def test_add_ignore_and_add_schema_directive_on_a_toml_1_1_file(tmp_path: Path) -> None:
    (tmp_path / "blaxel.toml").write_text(BLAXEL_11, encoding="utf-8")
    result = _in(tmp_path, "check", "--add-ignore", "blaxel.toml")
    assert result.exit_code == 0, result.output
    written = (tmp_path / "blaxel.toml").read_text(encoding="utf-8")
    assert '  timeout = "20m",  # triggercfg: ignore[async-timeout-exceeds-maximum]\n' in written
    assert check_text(written, "blaxel").findings == ()
    result = _in(tmp_path, "check", "--add-schema-directive", "blaxel.toml")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "blaxel.toml").read_text(encoding="utf-8") == (
        f"#:schema {PLATFORMS['blaxel'].schema_url}\n\n{written}"
    )


def test_standard_input_reads_toml_1_1_as_a_path_would(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "triggercfg",
            "check",
            "--output-format",
            "concise",
            "--stdin-filename",
            "blaxel.toml",
            "-",
        ],
        input=BLAXEL_11.encode(),
        capture_output=True,
        cwd=tmp_path,
        check=False,  # outside any repository
    )
    assert done.returncode == 1
    lines = done.stdout.decode().splitlines()
    assert [line.split(" ")[0] for line in lines[:4]] == [
        "blaxel.toml:11:1:",
        "blaxel.toml:14:13:",
        "blaxel.toml:15:3:",
        "blaxel.toml:21:47:",
    ]


# -- Cerebrium: TOML 1.0 ---------------------------------------------------------

CEREBRIUM_11 = """[cerebrium.deployment]
name = "x"
python_version = "3.11"

[cerebrium.dependencies]
pip = {
  torch = "2.3.0",
  numpy = "1.26.0", }
apt = { ffmpeg = "", "lib\\x41" = "", }
"""

REFUSED = "is TOML 1.1; the Cerebrium CLI reads TOML 1.0 and refuses the file"


def test_each_toml_1_1_construct_in_a_cerebrium_file_is_named_at_its_place() -> None:
    assert found(CEREBRIUM_11, "cerebrium") == [
        ("toml-syntax", 6, 7, f"an inline table written over several lines {REFUSED}"),
        ("toml-syntax", 8, 19, f"a trailing comma in an inline table {REFUSED}"),
        ("toml-syntax", 9, 26, f"the escape `\\x41` {REFUSED}"),
        ("toml-syntax", 9, 36, f"a trailing comma in an inline table {REFUSED}"),
    ]
    findings = check_text(CEREBRIUM_11, "cerebrium").findings
    assert [f.fix.message for f in findings] == [
        "Join the inline table onto one line",
        "Remove the trailing comma",
        "Write `\\x41` as `\\u0041`",
        "Remove the trailing comma",
    ]
    assert {f.fix.applicability.value for f in findings} == {"safe"}


def test_the_fix_writes_toml_1_0_that_reads_the_same() -> None:
    result = fix_text(CEREBRIUM_11, "cerebrium")
    assert result.new_content.decode() == CEREBRIUM_11.replace(
        'pip = {\n  torch = "2.3.0",\n  numpy = "1.26.0", }\n', 'pip = { torch = "2.3.0", numpy = "1.26.0" }\n'
    ).replace('apt = { ffmpeg = "", "lib\\x41" = "", }', 'apt = { ffmpeg = "", "lib\\u0041" = "" }')
    assert result.findings == ()
    before, after = parse(CEREBRIUM_11), parse(result.new_content.decode(), "1.0.0")
    assert isinstance(before, Parsed) and isinstance(after, Parsed)
    assert after.data == before.data


@pytest.mark.parametrize(
    ("text", "message", "fixed"),
    [
        (
            '[cerebrium.deployment]\nname = "x"\nwhen = 10:30\n',
            (3, 8, f"a time without seconds (`10:30`) {REFUSED}"),
            "when = 10:30:00\n",
        ),
        (
            '[cerebrium.deployment]\nname = "x"\nwhen = 2024-01-01T10:30Z\n',
            (3, 8, f"a time without seconds (`2024-01-01T10:30`) {REFUSED}"),
            "when = 2024-01-01T10:30:00Z\n",
        ),
        (
            '[cerebrium.deployment]\nname = "x"\nwhen = 2024-01-01 10:30\n',
            (3, 19, f"a time without seconds (`10:30`) {REFUSED}"),
            "when = 2024-01-01 10:30:00\n",
        ),
        (
            '[cerebrium.deployment]\nname = "x"\nbanner = """\\x7f"""\n',
            (3, 13, f"the escape `\\x7f` {REFUSED}"),
            'banner = """\\u007f"""\n',
        ),
    ],
)
def test_times_and_escapes(text: str, message: tuple[int, int, str], fixed: str) -> None:
    syntax = [(f.line, f.column, f.message) for f in check_text(text, "cerebrium").findings if f.rule == "toml-syntax"]
    assert syntax == [message]
    assert fix_text(text, "cerebrium").new_content.decode().endswith(fixed)


def test_an_inline_table_with_comments_inside_has_no_fix() -> None:
    text = '[cerebrium.dependencies]\npip = {\n  torch = "2.3.0" # pinned\n}\n'
    findings = [f for f in check_text(text, "cerebrium").findings if f.rule == "toml-syntax"]
    assert [(f.line, f.column, f.fix) for f in findings] == [(2, 7, None)]
    assert findings[0].message.endswith("; move the comments out of the inline table, then join its lines")
    assert fix_text(text, "cerebrium").new_content == text.encode()


def test_escape_e_is_accepted_in_a_cerebrium_file() -> None:
    assert found('[cerebrium.deployment]\nname = "a\\eb"\n', "cerebrium") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the parser stops at the first real error, after a construct the platform accepts
        ('[cerebrium.deployment]\nname = "\\e"\nbad = \n', (3, 7, "invalid TOML: a value is missing after `=`")),
        # a construct the platform refuses, before a real error: the construct, named
        (
            "[cerebrium.deployment]\nname = { a = 1, }\nbad = \n",
            (2, 15, f"invalid TOML: a trailing comma in an inline table {REFUSED}: remove the comma"),
        ),
        (
            '[cerebrium.deployment]\nname = "\\x41"\nbad = \n',
            (2, 9, f"invalid TOML: the escape `\\x41` {REFUSED}: write it as `\\u0041`"),
        ),
    ],
)
def test_a_cerebrium_file_that_toml_1_1_cannot_read_either(text: str, expected: tuple[int, int, str]) -> None:
    assert [(f.line, f.column, f.message) for f in check_text(text, "cerebrium").findings] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a = 9223372036854775808\n",
            (
                1,
                5,
                "invalid TOML: the integer 9223372036854775808 does not fit in 64 bits "
                "(TOML integers run from -9223372036854775808 to 9223372036854775807)",
            ),
        ),
        (
            "a = [1, -9_223_372_036_854_775_809]\n",
            (
                1,
                9,
                "invalid TOML: the integer -9223372036854775809 does not fit "
                "in 64 bits (TOML integers run from -9223372036854775808 to "
                "9223372036854775807)",
            ),
        ),
        (
            "a = " + "[" * 200 + "]" * 200 + "\n",
            (1, 1, "values are nested too deeply to check (arrays or tables inside each other, hundreds of levels)"),
        ),
        (
            "a = " + "{b=" * 10000 + "1" + "}" * 10000 + "\n",
            (1, 1, "values are nested too deeply to check (arrays or tables inside each other, hundreds of levels)"),
        ),
        ("\ufeffa = 1\n", (1, 1, "invalid TOML: a second byte-order mark (U+FEFF) at the start of the file")),
    ],
)
def test_what_both_platforms_refuse(text: str, expected: tuple[int, int, str]) -> None:
    for platform in ("blaxel", "cerebrium"):
        data = ("\ufeff" + text).encode() if text.startswith("\ufeff") else text.encode()
        assert [(f.line, f.column, f.message) for f in check_text(data, platform).findings] == [expected]


def test_deep_nesting_inside_strings_is_no_nesting() -> None:
    text = 'name = "' + "[" * 300 + '"\n' + "[[triggers]]\n" * 100
    assert isinstance(parse(text), Parsed)
    assert isinstance(parse('a = ["' + "]" * 300 + '", ' + "[" * 100 + "]" * 100 + "]\n"), Parsed)
