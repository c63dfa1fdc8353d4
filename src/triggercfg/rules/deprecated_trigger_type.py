"""`type = "schedule"`: the old name of `cron`.

## What it does
Reports a trigger of type `schedule`. The docs renamed it `cron` on
2026-05-27; the CLI's built-in sample still writes `schedule`, with the
`schedule` key at the trigger's level.

## Why is this bad?
Whether the server still accepts `schedule` is not documented. `cron`, with
`schedule` in `[triggers.configuration]`, is the documented form.

## Example
```toml
type = "job"

[[triggers]]
id = "nightly"
type = "schedule"
schedule = "0 3 * * *"
```

Use instead:
```toml
type = "job"

[[triggers]]
id = "nightly"
type = "cron"

[triggers.configuration]
schedule = "0 3 * * *"
```

## Fix safety
Safe: the type becomes `cron` and a trigger-level `schedule` moves into
`[triggers.configuration]` (created if needed) when that table has no
`schedule` yet.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Applicability, Fix, Hit, Severity
from ..edits import chain, move_key, set_value
from . import Context, Rule
from ._util import triggers

RULE = Rule(
    "TC104",
    "deprecated-trigger-type",
    Severity.WARNING,
    "Trigger type `schedule` is now `cron`",
    platforms=frozenset({"blaxel"}),
    fix="always",
)


def check(ctx: Context) -> Iterator[Hit]:
    for canonical, trigger in triggers(ctx.view):
        if trigger.get("type") != "schedule":
            continue
        path = ctx.where(canonical)
        edits = [set_value(path, "type", "cron")]
        touches = [(*path, "type")]
        config = trigger.get("configuration")
        title = 'Replace with "cron"'
        if "schedule" in trigger and (config is None or (isinstance(config, dict) and "schedule" not in config)):
            edits.append(move_key(path, "schedule", (*path, "configuration")))
            touches += [(*path, "schedule"), (*path, "configuration", "schedule")]
            title += " and move `schedule` to `[triggers.configuration]`"
        yield Hit(
            (*path, "type"),
            'trigger type "schedule" was renamed "cron"',
            fix=Fix(title, Applicability.SAFE, chain(*edits), tuple(touches)),
        )
