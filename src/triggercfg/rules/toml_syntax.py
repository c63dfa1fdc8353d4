r"""The file is not valid TOML in the version its platform reads, or not a text file at all.

## What it does
Reports a file that cannot be parsed, at the parser's line and column and with
its reason. Files that are not UTF-8 text get their own message: UTF-16 or
UTF-32 (as some Windows editors write), bytes that are not valid UTF-8 (a
Latin-1 file, say), binary content, and files too large to be configuration.
A UTF-8 byte-order mark is accepted and never counts in columns.

Each file is read as the TOML version its platform's CLI reads:

- **`blaxel.toml` is TOML 1.1.** The Blaxel CLI accepts inline tables over
  several lines and with a trailing comma, the `\e` and `\xHH` escapes, and
  times without seconds, so triggercfg does too.
- **`cerebrium.toml` is TOML 1.0**, with one exception: the Cerebrium CLI
  accepts the `\e` escape. Each TOML 1.1 construct in a Cerebrium file is
  reported at its place, naming the construct, and the rest of the file is
  still checked as TOML 1.1 reads it, so that one run shows every problem.

An integer outside 64 bits is refused on both platforms, as TOML requires.

## Why is this bad?
Neither platform can read the file. The Blaxel CLI prints a warning and
deploys with default settings, which is worse than failing; the Cerebrium CLI
refuses to deploy.

## Example
```toml
[[triggers]]
id = "async
```

Use instead:
```toml
[[triggers]]
id = "async"
```

In a `cerebrium.toml`:
```toml
[cerebrium.dependencies]
pip = {
  torch = "2.3.0",
}
```

Use instead:
```toml
[cerebrium.dependencies]
pip = { torch = "2.3.0" }
```

## Fix safety
A file that does not parse has no fix and is never written. A TOML 1.1
construct in a Cerebrium file has a safe fix that writes the same value in
TOML 1.0: an inline table joined onto one line, its trailing comma removed,
`\xHH` written as `\u00HH`, `:00` seconds added to a time. An inline table
with comments inside it has no fix: joining its lines would turn the code
after each comment into comment text, so the message asks to move them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Applicability, Fix, Hit, Severity
from ..edits import replace_text
from . import Context, Rule

RULE = Rule("TC001", "toml-syntax", Severity.ERROR, "File is not valid TOML", fix="sometimes")

_FIXES = {
    "multi-line-inline-table": "Join the inline table onto one line",
    "inline-table-trailing-comma": "Remove the trailing comma",
    "escape-x": "Write `{written}` as `\\u00{digits}`",
    "escape-e": "Write `\\e` as `\\u001b`",
    "time-without-seconds": "Add `:00` seconds",
}


def check(ctx: Context) -> Iterator[Hit]:
    # A file that does not parse never reaches the rules: the engine reports
    # it under this rule's name before there is a document to check. What
    # reaches this rule is a file that a newer TOML than its platform's reads.
    if not ctx.newer:
        return
    from ..locate import NEWER

    for construct in ctx.newer:
        what = NEWER[construct.kind]
        if construct.kind == "time-without-seconds":
            what = f"a time without seconds (`{construct.written}`)"
        elif construct.kind == "escape-x":
            what = f"the escape `{construct.written}`"
        message = (
            f"{what} is TOML 1.1; the {ctx.platform.name.capitalize()} CLI reads TOML "
            f"{ctx.platform.toml[:3]} and refuses the file"
        )
        fix = None
        if construct.replacements is None:
            message += "; move the comments out of the inline table, then join its lines"
        else:
            label = _FIXES[construct.kind].format(written=construct.written, digits=construct.written[2:])
            fix = Fix(label, Applicability.SAFE, replace_text(construct.replacements))
        yield Hit((), message, span=construct.span, fix=fix)
