"""Two `[[triggers]]` share one `id`.

## What it does
Reports every trigger whose `id` was already used by an earlier trigger of the
same file, at the later `id`, naming the line of the first.

## Why is this bad?
The server "disambiguates duplicates within a resource" by renaming one of
them, so the id you deploy is not the id you wrote, and anything that refers
to it (a dashboard, a script) points at the wrong trigger.

## Example
```toml
type = "agent"

[[triggers]]
id = "main"
type = "http"

[[triggers]]
id = "main"
type = "http-async"
```

Use instead:
```toml
type = "agent"

[[triggers]]
id = "main"
type = "http"

[[triggers]]
id = "main-async"
type = "http-async"
```

## Fix safety
The fix renames the later id to the first free `<id>-2`, `<id>-3`, …. It is
unsafe: the id is part of the trigger's identity, and the name is a guess.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Applicability, Fix, Hit, KeyPath, Severity
from ..edits import set_value
from . import Context, Rule
from ._util import triggers

RULE = Rule(
    "TC101",
    "duplicate-trigger-id",
    Severity.ERROR,
    "Two triggers share one id",
    platforms=frozenset({"blaxel"}),
    fix="always",
    fix_safety="unsafe",
)


def check(ctx: Context) -> Iterator[Hit]:
    seen: dict[str, KeyPath] = {}
    taken = {t.get("id") for _, t in triggers(ctx.view) if isinstance(t.get("id"), str)}
    for path, trigger in triggers(ctx.view):
        trigger_id = trigger.get("id")
        if not isinstance(trigger_id, str):
            continue
        first = seen.get(trigger_id)
        if first is None:
            seen[trigger_id] = (*path, "id")
            continue
        line = ctx.locations.span(ctx.where(first)).line
        new = next(f"{trigger_id}-{n}" for n in range(2, 10_000) if f"{trigger_id}-{n}" not in taken)
        taken.add(new)
        written = ctx.where(path)
        yield Hit(
            (*written, "id"),
            f'duplicate trigger id "{trigger_id}" (first defined at line {line})',
            fix=Fix(f'Rename to "{new}"', Applicability.UNSAFE, set_value(written, "id", new), ((*written, "id"),)),
        )
