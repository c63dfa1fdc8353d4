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
Replacing the value with its one close match is safe only when the value is
that type's own letters in another case or with `_` for `-` (`http_async`,
`HTTP-ASYNC`): it can mean nothing else. Any other guess (`http-asnyc`,
`async`) picks one of several valid types, and a wrong pick deploys another
kind of trigger (a synchronous one cuts a long task off): the fix is then
unsafe, applied only with `--unsafe-fixes`. There is no fix when the value is
not close to exactly one type.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Applicability, Fix, Hit, Severity
from ..edits import set_value
from ..limits import TRIGGER_TYPE_ALIASES, TRIGGER_TYPES
from ..spelling import Guess, guess
from . import Context, Rule
from ._util import show, triggers

RULE = Rule(
    "TC103",
    "invalid-trigger-type",
    Severity.ERROR,
    "Trigger type that does not exist",
    platforms=frozenset({"blaxel"}),
    fix="sometimes",
    fix_safety="mixed",
)

TYPES = TRIGGER_TYPES


def suggestion(value: str) -> Guess | None:
    """The trigger type ``value`` was probably meant to be, and how sure that is."""
    return guess(value, TYPES, TRIGGER_TYPE_ALIASES)


def check(ctx: Context) -> Iterator[Hit]:
    for path, trigger in triggers(ctx.view):
        kind = trigger.get("type")
        if not isinstance(kind, str) or kind in (*TYPES, "schedule"):
            continue
        meant = suggestion(kind)
        message = f"trigger type {show(kind)} does not exist; use `http`, `http-async` or `cron`"
        fix = None
        written = ctx.where(path)
        if meant is not None:
            message = f"trigger type {show(kind)} does not exist; did you mean `{meant.word}`?"
            # another case or `_` can only mean that type; any other guess picks one of several
            applicability = Applicability.SAFE if meant.certain else Applicability.UNSAFE
            fix = Fix(
                f'Replace with "{meant.word}"',
                applicability,
                set_value(written, "type", meant.word),
                ((*written, "type"),),
            )
        yield Hit((*written, "type"), message, fix=fix)
