"""A known key holds a value the platform does not accept.

## What it does
Checks values against the enums, formats and ranges of the models, when no
more specific rule applies: a resource `type` that does not exist, a negative
`retry`, a port over 65535, an unknown `scaling_metric`.

## Why is this bad?
The platform rejects the value at deploy time, or worse, misreads it.

## Example
```toml
type = "agnet"
```

Use instead:
```toml
type = "agent"
```

## Fix safety
There is no fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Hit, Severity
from . import Context, Rule

RULE = Rule(
    "TC003", "invalid-value", Severity.ERROR, "Value outside the allowed values", generic=True
)


def check(ctx: Context) -> Iterator[Hit]:
    for error in ctx.model_errors:
        if error.kind == "value":
            yield Hit(error.path, error.message)
