"""Exact positions: every finding's line and column, through comments,
multi-line strings and arrays, inline tables, dotted and quoted keys, CRLF, a
byte-order mark and non-ASCII text. Columns count characters."""

from __future__ import annotations

import pytest

from triggercfg.api import check_text
from triggercfg.diagnostics import Anchor, Span
from triggercfg.locate import Locations


def spans(text: str, platform: str = "blaxel") -> list[tuple[str, int, int, int, int]]:
    return [
        (f.rule, f.span.line, f.span.column, f.span.end_line, f.span.end_column)
        for f in check_text(text, platform).findings
    ]


def test_key_value_and_header_spans() -> None:
    loc = Locations('a = 1\n[t]\nb = "x"  # c\n[[arr]]\nc = 2\n[[arr]]\nc = 3\n')
    assert loc.span(("a",), Anchor.KEY) == Span(1, 1, 1, 2)
    assert loc.span(("t", "b")) == Span(3, 5, 3, 8)
    assert loc.header(("t",)) == Span(2, 1, 2, 4)
    assert loc.header(("arr", 1)) == Span(6, 1, 6, 8)
    assert loc.span(("arr", 1, "c")) == Span(7, 5, 7, 6)
    assert loc.comments == {3: " c"}


def test_dotted_quoted_and_inline_keys() -> None:
    text = 'x."y z".w = 1\ny = { "a b" = 2, c = [3, { d = 4 }] }\n'
    loc = Locations(text)
    assert loc.span(("x", "y z"), Anchor.KEY) == Span(1, 3, 1, 8)
    assert loc.span(("x", "y z", "w")) == Span(1, 13, 1, 14)
    assert loc.span(("y", "a b"), Anchor.KEY) == Span(2, 7, 2, 12)
    assert loc.span(("y", "c", 1, "d")) == Span(2, 32, 2, 33)
    assert loc.span(("y", "c", 0)) == Span(2, 23, 2, 24)


def test_multiline_strings_and_arrays_do_not_shift_lines() -> None:
    text = (
        'description = """\n[[triggers]]\ntype = "fake"\n"""\n'
        "policies = [\n  'a', # first\n  'b',\n]\n"
        "[[triggers]]\nid = 'x'\ntype = \"http_async\"\n"
    )
    assert spans(text) == [("invalid-trigger-type", 11, 8, 11, 20)]


def test_multiline_string_ending_in_quotes() -> None:
    text = 'description = """a ""quoted"" end""""\n[[triggers]]\nid = "a"\ntype = "x"\n'
    assert spans(text) == [("invalid-trigger-type", 4, 8, 4, 11)]


def test_literal_multiline_string_with_hash() -> None:
    text = "description = '''\n# not a comment\n'''\n[[triggers]]\nid = 'a'\ntype = 'x'\n"
    loc = Locations(text)
    assert 2 not in loc.comments
    assert spans(text) == [("invalid-trigger-type", 6, 8, 6, 11)]


def test_crlf_positions() -> None:
    text = 'type = "agent"\r\n\r\n[[triggers]]\r\nid = "a"\r\ntype = "http_async"\r\n'
    assert spans(text) == [("invalid-trigger-type", 5, 8, 5, 20)]


def test_bom_does_not_count_in_columns() -> None:
    data = '\ufeff[[triggers]]\nid = "a"\ntype = "x"\n'.encode()
    result = check_text(data, "blaxel")
    assert [(f.line, f.column) for f in result.findings] == [(3, 8)]


def test_non_ascii_columns_count_characters() -> None:
    text = 'name = "café-ü"; [[triggers]]\n'.replace("; ", "\n")
    text += 'id = "é"  ; type = "x"\n'.replace("  ; ", "\n")
    # the second trigger line: 'type = "x"' after an id with a non-ASCII value
    assert spans(text) == [("invalid-trigger-type", 4, 8, 4, 11)]
    line = '[[triggers]]\nid = "ü"\ntype = "http_async" # ünïcödé\n'
    assert spans(line) == [("invalid-trigger-type", 3, 8, 3, 20)]
    value_after_wide = 'env = { A = "日本語", B = "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH" }\n'
    assert spans(value_after_wide) == [("hardcoded-secret", 1, 24, 1, 63)]


def test_table_defined_later_points_at_its_header() -> None:
    text = '[[triggers]]\nid = "a"\ntype = "http"\n\n[triggers.configuration]\ncallbackURL = "https://x.example"\n'
    result = check_text(text, "blaxel")
    assert [(f.rule, f.line, f.column) for f in result.findings] == [("unknown-key", 6, 1)]


def test_missing_key_points_at_the_enclosing_header() -> None:
    text = 'type = "agent"\n\n# volumes\n[[volumes]]\nname = "data"\n'
    assert spans(text) == [("missing-required-key", 4, 1, 4, 12)]


def test_duplicate_points_at_the_later_one() -> None:
    text = '[[triggers]]\nid = "a"\ntype = "http"\n[[triggers]]\n  id   =   "a"\ntype = "http"\n'
    result = check_text(text, "blaxel")
    (finding,) = result.findings
    assert (finding.line, finding.column, finding.span.end_column) == (5, 12, 15)
    assert "first defined at line 2" in finding.message


def test_whole_file_problems_have_a_location() -> None:
    assert spans('[cerebrium.deployment]\nname = "x\n', "cerebrium") == [("toml-syntax", 2, 10, 2, 11)]
    assert spans("", "cerebrium") == [("missing-required-key", 1, 1, 1, 2)]


@pytest.mark.parametrize(
    "text",
    [
        'a = 1979-05-27 07:32:00Z\n[[triggers]]\nid = "a"\ntype = "x"\n',
        'a = 1979-05-27\n[[triggers]]\nid = "a"\ntype = "x"\n',
        'a = [[1, 2], [3]]\n[[triggers]]\nid = "a"\ntype = "x"\n',
        'a = "esc \\" quote # not comment"\n[[triggers]]\nid = "a"\ntype = "x"\n',
        "a = +inf\nb = 0x1F\n[[triggers]]\nid = 'a'\ntype = 'x'\n",
    ],
)
def test_scalars_that_look_unusual(text: str) -> None:
    findings = check_text(text, "blaxel").findings
    assert {f.rule for f in findings} == {"unknown-key", "invalid-trigger-type"}
    (finding,) = [f for f in findings if f.rule == "invalid-trigger-type"]
    assert finding.line == text.count("\n")
    assert finding.column == 8
