"""`min_replicas` greater than `max_replicas`.

## What it does
Reports `[cerebrium.scaling] min_replicas` greater than `max_replicas` when
both are written. (The default of `max_replicas` differs between sources, so
a missing one is not compared.)

The value judged is the one the platform reads, as `triggercfg show`
prints it: `"5"` and `5.0` are 5, and a key under
`[Cerebrium.Scaling]` is the same key under `[cerebrium.scaling]` (the
spelling itself is `unusual-spelling`'s warning).

## Why is this bad?
No replica count satisfies both bounds; the deploy is rejected or one bound
is silently ignored.

## Example
```toml
[cerebrium.scaling]
min_replicas = 3
max_replicas = 2
```

Use instead:
```toml
[cerebrium.scaling]
min_replicas = 2
max_replicas = 3
```

## Fix safety
There is no fix: either bound may be the mistake.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeGuard

from ..diagnostics import Hit, Severity
from . import Context, Rule

RULE = Rule(
    "TC206",
    "replica-bounds",
    Severity.ERROR,
    "min_replicas greater than max_replicas",
    platforms=frozenset({"cerebrium"}),
)


def check(ctx: Context) -> Iterator[Hit]:
    scaling = ctx.value(("cerebrium", "scaling"))  # what Cerebrium reads: `"5"` is 5
    if not isinstance(scaling, dict):
        return
    low, high = scaling.get("min_replicas"), scaling.get("max_replicas")
    if _count(low) and _count(high) and low > high:
        line = ctx.locations.span(ctx.where(("cerebrium", "scaling", "max_replicas"))).line
        yield Hit(
            ctx.where(("cerebrium", "scaling", "min_replicas")),
            f"`min_replicas = {low}` is greater than `max_replicas = {high}` (line {line})",
        )


def _count(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
