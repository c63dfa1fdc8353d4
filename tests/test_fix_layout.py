"""A fix changes only its own lines, whatever the order of tables (issue 9's
first defect).

The shape of the official templates: a `[secrets]` table after the first
`[[triggers]]`, and a second trigger appended at the end of the file. tomlkit
regroups an array of tables that another table interrupts, so a fix that
re-renders the document moves `[secrets]` below the triggers. Renames, new
values, removals and moves into an existing table are span edits of the
text, so they cannot.
"""

from __future__ import annotations

from triggercfg import fix_text

HEAD = """type = "agent"
name = "writer"

[[triggers]]
id = "a"
type = "http-async"

[triggers.configuration]
callbackUrl = "https://hooks.example.com/a"

[secrets]
TOKEN = "${secrets.TOKEN}"

"""


def test_value_fixes_and_a_removal_touch_only_their_lines() -> None:
    tail = """[[triggers]]
id = "a"
type = "http-async"

[triggers.configuration]
callbackUrl = "http://hooks.example.com/b"
timeout = 1200
callbackSecret = "abc"  # the shared secret
"""
    fixed = fix_text(HEAD + tail, "blaxel", unsafe=True)
    assert sorted(f.rule for f in fixed.fixed) == [
        "async-timeout-exceeds-maximum",
        "callback-secret-in-config",
        "duplicate-trigger-id",
        "insecure-callback-url",
    ]
    assert (
        fixed.new_content.decode()
        == HEAD
        + """[[triggers]]
id = "a-2"
type = "http-async"

[triggers.configuration]
callbackUrl = "https://hooks.example.com/b"
timeout = 900
# the shared secret
"""
    )  # the removed key's comment stays: nothing the user wrote is lost


def test_a_moved_key_leaves_the_other_tables_in_place() -> None:
    tail = """[[triggers]]
id = "b"
type = "http-async"
callbackUrl = "https://hooks.example.com/b"

[triggers.configuration]
path = "agents/writer/b"
"""
    fixed = fix_text(HEAD + tail, "blaxel")
    assert [f.rule for f in fixed.fixed] == ["misplaced-key"]
    assert (
        fixed.new_content.decode()
        == HEAD
        + """[[triggers]]
id = "b"
type = "http-async"

[triggers.configuration]
path = "agents/writer/b"
callbackUrl = "https://hooks.example.com/b"
"""
    )
