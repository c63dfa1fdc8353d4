"""`response_grace_period` over the async maximum.

## What it does
Reports a `[cerebrium.scaling] response_grace_period` over 43200 seconds (12
hours), the longest an async run (`?async=true`) may last. Teams with tighter
limits can lower the maximum:

```toml
# pyproject.toml
[tool.triggercfg]
grace-period-maximum = 3600
```

Cerebrium does not document a cap for the setting itself, so the rule uses
the one limit that is documented: the 12-hour maximum of an async run, which
the grace period bounds (https://docs.cerebrium.ai/endpoints/async). That
is the reading with the fewest false alarms.

The value judged is the one the platform reads, as `triggercfg show`
prints it: `"86400"` and `86400.0` are 86400, and a key under
`[Cerebrium.Scaling]` is the same key under `[cerebrium.scaling]` (the
spelling itself is `unusual-spelling`'s warning).

## Why is this bad?
The run is stopped at the async maximum anyway, so a longer grace period
only delays the shutdown of a replica that is no longer useful.

## Example
```toml
[cerebrium.scaling]
response_grace_period = 86400
```

Use instead:
```toml
[cerebrium.scaling]
response_grace_period = 43200
```

## Fix safety
The fix sets the value to the maximum. It is unsafe: requests get less time
than the file asked for.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Applicability, Fix, Hit, Severity
from ..edits import set_value
from ..limits import MAX_GRACE_PERIOD
from . import Context, Rule

RULE = Rule(
    "TC201",
    "grace-period-exceeds-maximum",
    Severity.ERROR,
    "Grace period over the async maximum",
    platforms=frozenset({"cerebrium"}),
    fix="always",
    fix_safety="unsafe",
)

PATH = ("cerebrium", "scaling", "response_grace_period")


def check(ctx: Context) -> Iterator[Hit]:
    entry = ctx.entry(PATH)
    maximum = ctx.options.grace_period_maximum
    value = entry.read if entry is not None else None  # what Cerebrium reads: `"86400"` is 86400
    if entry is None or isinstance(value, bool) or not isinstance(value, int) or value <= maximum:
        return
    limit = (
        f"the {MAX_GRACE_PERIOD}-second (12-hour) maximum of an async run"
        if maximum == MAX_GRACE_PERIOD
        else f"the configured maximum of {maximum} seconds (`grace-period-maximum`)"
    )
    written = entry.written
    yield Hit(
        written,
        f"`response_grace_period` is {value} seconds ({_hours(value)}), over {limit}",
        fix=Fix(
            f"Set `response_grace_period = {maximum}`",
            Applicability.UNSAFE,
            set_value(written[:-1], written[-1], maximum),
            (written,),
        ),
    )


def _hours(seconds: int) -> str:
    hours = seconds / 3600
    return f"{hours:g} hours" if hours >= 1 else f"{seconds / 60:g} minutes"
