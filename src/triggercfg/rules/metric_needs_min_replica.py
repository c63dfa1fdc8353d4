"""CPU or memory scaling with scale-to-zero.

## What it does
Reports `scaling_metric = "cpu_utilization"` or `"memory_utilization"` when
`min_replicas` is 0, written or by default.

The value judged is the one the platform reads, as `triggercfg show`
prints it: `"5"` and `5.0` are 5, and a key under
`[Cerebrium.Scaling]` is the same key under `[cerebrium.scaling]` (the
spelling itself is `unusual-spelling`'s warning).

## Why is this bad?
Utilization is measured on running replicas. The docs state these metrics
"require `min_replicas=1`": with no replica there is nothing to measure, so
the app never scales up from zero.

## Example
```toml
[cerebrium.scaling]
min_replicas = 0
scaling_metric = "cpu_utilization"
```

Use instead:
```toml
[cerebrium.scaling]
min_replicas = 1
scaling_metric = "cpu_utilization"
```

## Fix safety
There is no fix: a warm replica costs money.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Hit, Severity
from . import Context, Rule

RULE = Rule(
    "TC208",
    "metric-needs-min-replica",
    Severity.ERROR,
    "Utilization metric with min_replicas = 0",
    platforms=frozenset({"cerebrium"}),
)


def check(ctx: Context) -> Iterator[Hit]:
    scaling = ctx.value(("cerebrium", "scaling"))  # what Cerebrium reads: `"0"` is 0
    if not isinstance(scaling, dict):
        return
    metric = scaling.get("scaling_metric")
    if metric not in ("cpu_utilization", "memory_utilization"):
        return
    low = scaling.get("min_replicas", 0)
    if low != 0 or isinstance(low, bool):
        return
    if "min_replicas" in scaling:
        yield Hit(
            ctx.where(("cerebrium", "scaling", "min_replicas")),
            f'`scaling_metric = "{metric}"` needs `min_replicas` of at least 1, not 0',
        )
    else:
        yield Hit(
            ctx.where(("cerebrium", "scaling", "scaling_metric")),
            f"`{metric}` needs `min_replicas` of at least 1; it defaults to 0",
        )
