"""A trigger type that this kind of resource cannot have.

## What it does
Checks each trigger's `type` against the resource's top-level `type`:
`http-async` only on agents, `cron` (and the legacy `schedule`) only on jobs,
`http` only on agents and functions. Files whose resource type is missing or
interpolated (`type = "${TYPE}"`) are not checked.

## Why is this bad?
The platform rejects the trigger or never fires it: a job has no HTTP
endpoint, an agent has no schedule.

## Example
```toml
type = "function"

[[triggers]]
id = "async"
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
There is no fix: either the trigger or the resource type is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Hit, Severity
from . import Context, Rule
from ._util import article, triggers

RULE = Rule(
    "TC105",
    "trigger-type-not-supported",
    Severity.ERROR,
    "Trigger type not available on this resource",
    platforms=frozenset({"blaxel"}),
)

#: Trigger type → resource types that can have it (docs deployment-reference).
ALLOWED = {
    "http": ("agent", "function"),
    "http-async": ("agent",),
    "cron": ("job",),
    "schedule": ("job",),
}
RESOURCES = ("agent", "function", "job", "sandbox", "volume-template", "volumetemplate", "vt", "application")


def unsupported(trigger_type: object, resource: str) -> str | None:
    """Why ``trigger_type`` cannot run on ``resource``, or None."""
    allowed = ALLOWED.get(trigger_type) if isinstance(trigger_type, str) else None
    if allowed is None or resource in allowed:
        return None
    names = " and ".join(f"{r}s" for r in allowed)
    return f"`{trigger_type}` triggers are only available on {names}"


def check(ctx: Context) -> Iterator[Hit]:
    resource = ctx.value(("type",))
    if resource not in RESOURCES:
        return  # none, or a variable (`${TYPE}`): the type is chosen at deploy time
    for path, trigger in triggers(ctx.view):
        reason = unsupported(trigger.get("type"), resource)
        if reason:
            yield Hit(
                ctx.where((*path, "type")), f'{reason}, not on {article(resource)} {resource} (`type = "{resource}"`)'
            )
