"""A trigger `type` that does not exist.

## What it does
Reports a `[[triggers]]` whose `type` is not `http`, `http-async` or `cron`
(or the legacy `schedule`), with "did you mean" for the usual slips:
`http_async`, `HTTP-ASYNC`, `async`, `httpAsync`, `CRON`, `sync`.

## Why is this bad?
The API rejects the trigger, and with it the deploy.

## Example
```toml
type = "agent"

[[triggers]]
id = "async"
type = "http_async"
```

Use instead:
```toml
type = "agent"

[[triggers]]
id = "async"
type = "http-async"
```

## Fix safety
Replacing the value with its one close match is safe. There is no fix when
the value is not close to exactly one type.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Applicability, Fix, Hit, Severity
from ..edits import set_value
from . import Context, Rule
from ._util import close_match, show, triggers

RULE = Rule(
    "TC103",
    "invalid-trigger-type",
    Severity.ERROR,
    "Trigger type that does not exist",
    platforms=frozenset({"blaxel"}),
    fix="sometimes",
)

TYPES = ("http", "http-async", "cron")
_ALIASES = {"async": "http-async", "sync": "http", "scheduled": "cron", "crontab": "cron", "webhook": "http"}


def suggestion(value: str) -> str | None:
    lowered = value.strip().lower()
    if lowered in _ALIASES:
        return _ALIASES[lowered]
    return close_match(value, TYPES)


def check(ctx: Context) -> Iterator[Hit]:
    for path, trigger in triggers(ctx.view):
        kind = trigger.get("type")
        if not isinstance(kind, str) or kind in (*TYPES, "schedule"):
            continue
        guess = suggestion(kind)
        message = f"trigger type {show(kind)} does not exist; use `http`, `http-async` or `cron`"
        fix = None
        written = ctx.where(path)
        if guess:
            message = f"trigger type {show(kind)} does not exist; did you mean `{guess}`?"
            fix = Fix(
                f'Replace with "{guess}"', Applicability.SAFE, set_value(written, "type", guess), ((*written, "type"),)
            )
        yield Hit((*written, "type"), message, fix=fix)
