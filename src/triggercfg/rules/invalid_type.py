"""A known key holds a value of the wrong TOML type.

## What it does
Checks every key the platform reads against the type the platform expects:
a string, an integer, a table, an array of tables, and so on.

## Why is this bad?
The Blaxel CLI aborts decoding the whole file on a type mismatch and then
deploys with default settings. Cerebrium's CLI converts some values silently
(a float `python_version`) and rejects others.

## Example
```toml
type = "agent"
entrypoint = "main.py"
```

Use instead:
```toml
type = "agent"

[entrypoint]
prod = "python main.py"
```

## Fix safety
There is no fix: the intended value cannot be known. More specific rules
(`python-version-not-string`, `invalid-grace-period`) report, and fix, the
common cases instead of this one.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Hit, Severity
from . import Context, Rule

RULE = Rule(
    "TC002", "invalid-type", Severity.ERROR, "Value has the wrong TOML type", generic=True
)

_HINTS = {
    ("blaxel", ("entrypoint",)): "write a `[entrypoint]` table with `prod` and/or `dev` keys",
    ("blaxel", ("runtime",)): "write a `[runtime]` table",
    ("blaxel", ("triggers",)): "write each trigger as a `[[triggers]]` table",
    ("blaxel", ("volumes",)): "write each volume as a `[[volumes]]` table",
}


def _package_hint(ctx: Context, path: tuple) -> str | None:
    if ctx.platform.name == "blaxel" and len(path) == 2 and path[0] in ("agent", "function", "job"):
        kind = path[0]
        return (f"`[{kind}]` lists the packages of a multi-package root; each entry must be "
                f"a `[{kind}.<name>]` table with a `path`")
    return None


def check(ctx: Context) -> Iterator[Hit]:
    for error in ctx.model_errors:
        if error.kind != "type":
            continue
        message = error.message
        hint = _HINTS.get((ctx.platform.name, error.path)) or _package_hint(ctx, error.path)
        if hint:
            message += f": {hint}"
        yield Hit(error.path, message)
