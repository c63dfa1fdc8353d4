"""A trigger has no `id`.

## What it does
Reports a `[[triggers]]` table without an `id`, at its header.

## Why is this bad?
The server generates an id when none is given. It is not stable across
deploys, so a trigger cannot be referred to reliably, and two deploys of the
same file may not produce the same resource.

## Example
```toml
type = "agent"

[[triggers]]
type = "http-async"
```

Use instead:
```toml
type = "agent"

[[triggers]]
id = "async"
type = "http-async"
```

## Fix safety
There is no fix: the id is yours to choose.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Anchor, Hit, Severity
from . import Context, Rule
from ._util import triggers

RULE = Rule(
    "TC102",
    "missing-trigger-id",
    Severity.WARNING,
    "Trigger without an id",
    platforms=frozenset({"blaxel"}),
)


def check(ctx: Context) -> Iterator[Hit]:
    for path, trigger in triggers(ctx.view):
        if "id" not in trigger:
            kind = trigger.get("type")
            what = f"this `{kind}` trigger" if isinstance(kind, str) else "this trigger"
            yield Hit(
                ctx.where(path),
                f"{what} has no `id`; the server generates one that changes between deploys",
                Anchor.HEADER,
            )
