"""A `callbackUrl` on a trigger that never calls back.

## What it does
Reports a `callbackUrl` in the configuration of a trigger whose type is not
`http-async`.

## Why is this bad?
Only asynchronous triggers send a callback. On an `http` or `cron` trigger the
URL is ignored, which usually means the trigger was meant to be `http-async`.

## Example
```toml
type = "agent"

[[triggers]]
id = "run"
type = "http"

[triggers.configuration]
callbackUrl = "https://hooks.example.com/done"
```

Use instead:
```toml
type = "agent"

[[triggers]]
id = "run"
type = "http-async"

[triggers.configuration]
callbackUrl = "https://hooks.example.com/done"
```

## Fix safety
There is no fix: either the type or the key is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Anchor, Hit, Severity
from . import Context, Rule
from ._util import article, checked_type, configurations

RULE = Rule(
    "TC110",
    "callback-url-ignored",
    Severity.WARNING,
    "Callback URL on a trigger that is not http-async",
    platforms=frozenset({"blaxel"}),
)


def check(ctx: Context) -> Iterator[Hit]:
    for path, config, trigger in configurations(ctx.view):
        kind = trigger.get("type")
        checked, _ = checked_type(trigger)
        # a type that does not exist is invalid-trigger-type's; one it guesses is checked as that
        if "callbackUrl" in config and isinstance(kind, str) and checked is not None and checked != "http-async":
            yield Hit(
                ctx.where((*path, "callbackUrl")),
                f"`callbackUrl` is ignored on {article(kind)} `{kind}` trigger; only `http-async` triggers call back",
                Anchor.KEY,
            )
