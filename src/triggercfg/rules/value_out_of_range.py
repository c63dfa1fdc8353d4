"""A Cerebrium setting outside its documented range.

## What it does
Checks the documented limits:

| key | range |
| --- | --- |
| `[cerebrium.deployment] deployment_initialization_timeout` | 60–830 s (900 before 2025-12-03) |
| `[cerebrium.scaling] evaluation_interval_seconds` | 6–300 s |
| `[cerebrium.scaling] roll_out_duration_seconds` | 0–600 s |
| `[cerebrium.hardware] gpu_count` | at most 8 NVIDIA GPUs; 12 on `INF2`, 16 on `TRN1` |
| `[cerebrium.hardware] compute` (a list) | at most 5 entries |
| `[cerebrium.hardware] cpu`, `memory` | at most the compute's maximum (48 vCPU / 96 GB on `CPU`) |

For a `compute` list, each entry whose maximum is exceeded is named.

The `gpu_count` limit depends on the compute type: the documented maximum of
8 holds for NVIDIA GPUs, while an `INF2` replica (an inf2.48xlarge) has 12
Inferentia2 chips and a `TRN1` replica (a trn1.32xlarge) 16 Trainium chips;
the official Trainium example sets `gpu_count = 16`
(`CerebriumAI/examples`). The models and schemas allow up to 16, the
largest; this rule applies each type's own limit.

The value judged is the one the platform reads, as `triggercfg show`
prints it: `"5"` and `5.0` are 5, and a key under
`[Cerebrium.Scaling]` is the same key under `[cerebrium.scaling]` (the
spelling itself is `unusual-spelling`'s warning).

## Why is this bad?
The deploy is rejected, or the app is throttled to the limit.

## Example
```toml
[cerebrium.hardware]
compute = "ADA_L40"
cpu = 32.0
```

Use instead:
```toml
[cerebrium.hardware]
compute = "ADA_L40"
cpu = 16.0
```

## Fix safety
There is no fix: a limit is a sizing decision.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..diagnostics import Hit, KeyPath, Severity
from ..limits import MAX_ACCELERATORS, MAX_GPUS
from . import Context, Rule

RULE = Rule(
    "TC205",
    "value-out-of-range",
    Severity.ERROR,
    "Setting outside its documented range",
    platforms=frozenset({"cerebrium"}),
)

_RANGES: list[tuple[KeyPath, int, int, str]] = [
    (("cerebrium", "deployment", "deployment_initialization_timeout"), 60, 830, " seconds"),
    (("cerebrium", "scaling", "evaluation_interval_seconds"), 6, 300, " seconds"),
    (("cerebrium", "scaling", "roll_out_duration_seconds"), 0, 600, " seconds"),
]
#: compute → (max vCPU, max memory GB), https://docs.cerebrium.ai/hardware/cpu-and-memory. INF2 has none listed.
LIMITS = {
    "CPU": (48, 96),
    "TURING_T4": (48, 192),
    "AMPERE_A10": (48, 192),
    "ADA_L4": (48, 192),
    "ADA_L40": (16, 128),
    "AMPERE_A100_40GB": (12, 140),
    "AMPERE_A100_80GB": (12, 140),
    "AMPERE_A100": (12, 140),
    "HOPPER_H100": (24, 256),
    "HOPPER_H200": (24, 256),
    "BLACKWELL_B200": (24, 256),
    "BLACKWELL_RTX6000": (24, 218),
    "TRN1": (128, 512),
    "T4": (48, 192),
    "A10": (48, 192),
}


def check(ctx: Context) -> Iterator[Hit]:
    for path, low, high, unit in _RANGES:
        value = ctx.value(path)  # what Cerebrium reads: `"900"` is 900
        if isinstance(value, int) and not isinstance(value, bool) and not low <= value <= high:
            yield Hit(ctx.where(path), f"`{path[-1]}` is {value}; it must be from {low} to {high}{unit}")
    hardware = ctx.value(("cerebrium", "hardware"))
    if not isinstance(hardware, dict):
        return
    compute = hardware.get("compute", ["CPU"])  # always a list to Cerebrium (a string is a list of one)
    names = [c for c in compute if isinstance(c, str)] if isinstance(compute, list) else []
    yield from _gpu_count(ctx, hardware, names)
    if isinstance(compute, list) and len(compute) > 5:
        yield Hit(
            ctx.where(("cerebrium", "hardware", "compute")),
            f"`compute` lists {len(compute)} types; at most 5 are allowed",
        )
    for index, (key, unit) in enumerate((("cpu", "vCPUs"), ("memory", "GB"))):
        value = hardware.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        over = [n for n in dict.fromkeys(names) if n in LIMITS and value > LIMITS[n][index]]
        if over:
            limits = ", ".join(f"{LIMITS[n][index]} on `{n}`" for n in over)
            written = ctx.where(("cerebrium", "hardware", key))
            yield Hit(
                written,
                f"`{key} = {ctx.raw_value(written)}` is over the maximum {unit} of the chosen compute ({limits})",
            )


def _gpu_count(ctx: Context, hardware: dict[str, Any], names: list[str]) -> Iterator[Hit]:
    count = hardware.get("gpu_count")
    if isinstance(count, bool) or not isinstance(count, int):
        return
    path = ctx.where(("cerebrium", "hardware", "gpu_count"))
    chosen: list[str | None] = [n for n in dict.fromkeys(names) if n != "CPU"] or [None]
    limits = {n: MAX_ACCELERATORS.get(n, MAX_GPUS) if n else MAX_GPUS for n in chosen}
    if count < 0:
        yield Hit(path, f"`gpu_count` is {count}; it must be from 0 to {max(limits.values())}")
        return
    over = [n for n, limit in limits.items() if count > limit]
    if over == [None]:
        yield Hit(path, f"`gpu_count` is {count}; it must be from 0 to {MAX_GPUS}")
    elif over:
        where = ", ".join(f"{limits[n]} on `{n}`" for n in over if n)
        yield Hit(path, f"`gpu_count` is {count}, over the maximum of the chosen compute ({where})")
