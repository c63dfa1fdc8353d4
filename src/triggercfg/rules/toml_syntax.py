"""The file is not valid TOML, or not a text file at all.

## What it does
Reports a file that cannot be parsed, at the parser's line and column and with
its reason. Files that are not UTF-8 text get their own message: UTF-16 or
UTF-32 (as some Windows editors write), bytes that are not valid UTF-8 (a
Latin-1 file, say), binary content, and files too large to be configuration.
A UTF-8 byte-order mark is accepted and never counts in columns.

## Why is this bad?
Neither platform can read the file. The Blaxel CLI prints a warning and
deploys with default settings, which is worse than failing.

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

## Fix safety
There is no fix. A file that does not parse is never written.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Hit, Severity
from . import Context, Rule

RULE = Rule("TC001", "toml-syntax", Severity.ERROR, "File is not valid TOML")


def check(ctx: Context) -> Iterator[Hit]:
    # Parse errors never reach the rules: the engine reports them under this
    # rule's name before there is a document to check.
    return iter(())
