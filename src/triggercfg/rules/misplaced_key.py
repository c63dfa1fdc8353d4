"""A key written in the wrong table.

## What it does
Reports a key that the platform reads, written in a table where it does not:

- **blaxel.toml**: a trigger's configuration key (`callbackUrl`, `path`,
  `authenticationType`, `timeout`, `schedule`, `retry`, `tasks`) written at the
  trigger's level instead of in `[triggers.configuration]`;
  `[[triggers.configuration]]` written as an array of tables; a top-level
  `transport` (it belongs in `[runtime]` since the CLI of 2025-10-14).
- **cerebrium.toml**: a `[cerebrium.scaling]` key (`response_grace_period`,
  `min_replicas`, `cooldown`, …) or a `[cerebrium.hardware]` key (`cpu`,
  `memory`, `compute`, `region`, …) under `[cerebrium.deployment]`, under
  another section, or directly under `[cerebrium]`; and sections written
  without the `cerebrium.` prefix (`[deployment]`, `[scaling]`, …).

A trigger-level `timeout` or `schedule` is a **warning**, not an error: the
API documents both only in `[triggers.configuration]`, but the Blaxel CLI's
own sample (`getBlaxelTomlSample` in `blaxel-ai/toolkit`) writes them at the
trigger's level, and the CLI converts that timeout to seconds
(`ConvertTriggersTimeouts`, `cli/core/utils.go`). Whether the API reads them
there is not documented, so the rule takes the reading with the fewest false
alarms: it says the key may be read where it is, and offers the safe move.
`triggercfg show` marks such a key `may be ignored`, and every other key
this rule reports `ignored`.

## Why is this bad?
The platform silently ignores the key where it is written. A grace period
under `[cerebrium.deployment]` leaves requests cut off at the 900-second
default; a `callbackUrl` beside `type` means no callback is ever sent.

## Example
```toml
[cerebrium.deployment]
name = "llm"
response_grace_period = 3600
```

Use instead:
```toml
[cerebrium.deployment]
name = "llm"

[cerebrium.scaling]
response_grace_period = 3600
```

## Fix safety
Moving the key (with its comments) to the table it belongs in, created if
needed, is safe when that table does not have the key yet. Otherwise, and for
whole tables, there is no fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..decode import Entry
from ..diagnostics import Anchor, Hit, KeyPath, Severity
from . import Context, Rule
from ._util import move_hit

RULE = Rule("TC007", "misplaced-key", Severity.ERROR, "Key written in the wrong table", fix="sometimes")


def check(ctx: Context) -> Iterator[Hit]:
    for entry in ctx.reading.ignored():
        ignored = entry.ignored
        assert ignored is not None
        if ignored.reason != "misplaced":
            continue
        if ignored.home is None:  # `[[triggers.configuration]]`
            yield Hit(
                entry.written,
                "`configuration` is written as an array of tables `[[triggers.configuration]]`; "
                "write a single table `[triggers.configuration]`",
                Anchor.KEY,
            )
        elif ctx.platform.name == "blaxel":
            yield _blaxel(ctx, entry, ignored.home)
        else:
            yield _cerebrium(ctx, entry, ignored.home)


def _blaxel(ctx: Context, entry: Entry, home: KeyPath) -> Hit:
    source, key = entry.written[:-1], str(entry.written[-1])
    target = ctx.value(home)
    can_fix = target is None or (isinstance(target, dict) and key not in target)
    if entry.path == ("transport",):
        message = "top-level `transport` is no longer read (since the CLI of 2025-10-14); it belongs in `[runtime]`"
        return move_hit(ctx, source, key, home, message, can_fix=can_fix)
    assert entry.ignored is not None
    if entry.ignored.certain:
        message = (
            f"`{key}` belongs in `[triggers.configuration]`, not at the trigger's level, where the platform ignores it"
        )
        return move_hit(ctx, source, key, home, message, can_fix=can_fix)
    message = (
        f"`{key}` belongs in `[triggers.configuration]`: the API documents it only there. The CLI's own sample "
        "writes it at the trigger's level"
        + (" (and converts it to seconds)" if key == "timeout" else "")
        + ", so the platform may read it here too; move it to be sure"
    )
    return move_hit(ctx, source, key, home, message, can_fix=can_fix, severity=Severity.WARNING)


def _cerebrium(ctx: Context, entry: Entry, home: KeyPath) -> Hit:
    source, key = entry.written[:-1], str(entry.written[-1])
    if not source:  # `[scaling]`: a whole section outside `[cerebrium]`
        return Hit(
            entry.written,
            f"`[{key}]` is not read: Cerebrium only reads sections under `[cerebrium]`; write `[cerebrium.{home[-1]}]`",
            Anchor.KEY,
        )
    where = "directly under `[cerebrium]`" if len(entry.path) == 2 else f"under `[cerebrium.{entry.path[1]}]`"
    existing = ctx.value(home)
    return move_hit(
        ctx,
        source,
        key,
        home,
        f"`{key}` is a `[cerebrium.{home[-1]}]` key; written {where} it is ignored",
        can_fix=existing is None or (isinstance(existing, dict) and str(entry.path[-1]) not in existing),
    )
