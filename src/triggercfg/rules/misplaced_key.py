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

The Blaxel CLI's own sample still writes `schedule` and `timeout` at the
trigger level; the API reads them only in `[triggers.configuration]`, so they
are reported (the reading with the fewest surprises at deploy time).

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

from ..diagnostics import Anchor, Hit, KeyPath, Severity
from . import Context, Rule
from ._util import move_hit, triggers

RULE = Rule("TC007", "misplaced-key", Severity.ERROR, "Key written in the wrong table", fix="sometimes")

_TRIGGER_CONFIG_KEYS = ("callbackUrl", "path", "authenticationType", "timeout", "schedule", "retry", "tasks")
_CEREBRIUM_SECTIONS = ("deployment", "hardware", "scaling")


def check(ctx: Context) -> Iterator[Hit]:
    if ctx.platform.name == "blaxel":
        yield from _blaxel(ctx)
    else:
        yield from _cerebrium(ctx)


def _blaxel(ctx: Context) -> Iterator[Hit]:
    for path, trigger in triggers(ctx.data):
        config = trigger.get("configuration")
        if isinstance(config, list):
            yield Hit(
                (*path, "configuration"),
                "`configuration` is written as an array of tables `[[triggers.configuration]]`; "
                "write a single table `[triggers.configuration]`",
                Anchor.KEY,
            )
        for key in _TRIGGER_CONFIG_KEYS:
            if key in trigger:
                target = (*path, "configuration")
                yield move_hit(
                    ctx,
                    path,
                    key,
                    target,
                    f"`{key}` belongs in `[triggers.configuration]`, not at the trigger's level, "
                    "where the platform ignores it",
                    can_fix=not isinstance(config, list) and not (isinstance(config, dict) and key in config),
                )
    if "transport" in ctx.data:
        runtime = ctx.data.get("runtime")
        yield move_hit(
            ctx,
            (),
            "transport",
            ("runtime",),
            "top-level `transport` is no longer read (since the CLI of 2025-10-14); it belongs in `[runtime]`",
            can_fix=runtime is None or (isinstance(runtime, dict) and "transport" not in runtime),
        )


def _cerebrium(ctx: Context) -> Iterator[Hit]:
    from ..shape import find_table, known_keys, root

    shape = root("cerebrium")
    owners = {s: known_keys(find_table(shape, s.capitalize())) for s in _CEREBRIUM_SECTIONS}
    top = ctx.data.get("cerebrium")
    for name in (*_CEREBRIUM_SECTIONS, "dependencies", "runtime"):
        if isinstance(ctx.data.get(name), dict):
            yield Hit(
                (name,),
                f"`[{name}]` is not read: Cerebrium only reads sections under `[cerebrium]`; "
                f"write `[cerebrium.{name}]`",
                Anchor.KEY,
            )
    if not isinstance(top, dict):
        return
    sections = known_keys(find_table(shape, "CerebriumSection"))
    for key, value in top.items():
        if key not in sections and not isinstance(value, dict):
            home = [s for s in _CEREBRIUM_SECTIONS if key in owners[s]]
            if len(home) == 1:
                yield _cerebrium_move(ctx, ("cerebrium",), key, home[0], "directly under `[cerebrium]`")
    for section in _CEREBRIUM_SECTIONS:
        table = top.get(section)
        if not isinstance(table, dict):
            continue
        for key, value in table.items():
            if key in owners[section] or isinstance(value, dict):
                continue
            home = [s for s in _CEREBRIUM_SECTIONS if s != section and key in owners[s]]
            if len(home) == 1:
                yield _cerebrium_move(ctx, ("cerebrium", section), key, home[0], f"under `[cerebrium.{section}]`")


def _cerebrium_move(ctx: Context, source: KeyPath, key: str, section: str, where: str) -> Hit:
    target = ("cerebrium", section)
    existing = ctx.get(target)
    return move_hit(
        ctx,
        source,
        key,
        target,
        f"`{key}` is a `[cerebrium.{section}]` key; written {where} it is ignored",
        can_fix=existing is None or (isinstance(existing, dict) and key not in existing),
    )
