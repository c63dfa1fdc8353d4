"""GPUs requested on CPU compute.

## What it does
Reports `gpu_count` of 1 or more when `[cerebrium.hardware] compute` is
`"CPU"`.

## Why is this bad?
The CLI does not send `gpu_count` for CPU compute, so the setting does
nothing. Usually the compute type was meant to be a GPU.

## Example
```toml
[cerebrium.hardware]
compute = "CPU"
gpu_count = 1
```

Use instead:
```toml
[cerebrium.hardware]
compute = "AMPERE_A10"
gpu_count = 1
```

## Fix safety
There is no fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Hit, Severity
from . import Context, Rule

RULE = Rule(
    "TC207",
    "gpu-count-on-cpu",
    Severity.WARNING,
    "gpu_count set on CPU compute",
    platforms=frozenset({"cerebrium"}),
)


def check(ctx: Context) -> Iterator[Hit]:
    hardware = ctx.value(("cerebrium", "hardware"))  # what Cerebrium reads: `compute` is a list
    if not isinstance(hardware, dict) or hardware.get("compute") != ["CPU"]:
        return
    count = hardware.get("gpu_count")
    if isinstance(count, int) and not isinstance(count, bool) and count >= 1:
        yield Hit(
            ctx.where(("cerebrium", "hardware", "gpu_count")),
            f'`gpu_count = {count}` has no effect with `compute = "CPU"`; choose a GPU compute type',
        )
