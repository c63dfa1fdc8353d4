"""A `compute` that is not a Cerebrium compute type.

## What it does
Checks `[cerebrium.hardware] compute` (a string, or each entry of a list)
against the compute identifiers, with "did you mean" from the GPU's common
name: `L40s` → `ADA_L40`, `NVIDIA_L4` → `ADA_L4`, `A10G` → `AMPERE_A10`,
`H100` → `HOPPER_H100`. `GPU` is not a type: the message lists the choices.
An empty `compute` is refused by the Cerebrium CLI itself. Old identifiers
(`AMPERE_A100`) are left to `deprecated-key`. A `compute` under
`[Cerebrium.Hardware]` is checked as under `[cerebrium.hardware]`: the CLI
ignores the case of table names.

## Why is this bad?
The deploy is rejected: the platform cannot place the app.

## Example
```toml
[cerebrium.hardware]
compute = "L40s"
```

Use instead:
```toml
[cerebrium.hardware]
compute = "ADA_L40"
```

## Fix safety
There is no fix: hardware decides cost, so the choice stays with you.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Hit, Severity
from ..limits import COMPUTE, LEGACY_COMPUTE
from . import Context, Rule
from ._util import compute_entries, show

RULE = Rule(
    "TC204",
    "unknown-compute",
    Severity.ERROR,
    "Unknown compute type",
    platforms=frozenset({"cerebrium"}),
)

#: Common GPU names → identifier (the "GPU" column of https://docs.cerebrium.ai/hardware/using-gpus).
_ALIASES = {
    "t4": "TURING_T4",
    "a10": "AMPERE_A10",
    "a10g": "AMPERE_A10",
    "l4": "ADA_L4",
    "l40": "ADA_L40",
    "l40s": "ADA_L40",
    "inferentia2": "INF2",
    "inf2": "INF2",
    "a10040gb": "AMPERE_A100_40GB",
    "a10080gb": "AMPERE_A100_80GB",
    "a100": "AMPERE_A100_80GB",
    "h100": "HOPPER_H100",
    "h200": "HOPPER_H200",
    "b200": "BLACKWELL_B200",
    "rtx6000": "BLACKWELL_RTX6000",
    "rtxpro6000": "BLACKWELL_RTX6000",
    "trainium": "TRN1",
    "trn1": "TRN1",
    "cpu": "CPU",
}
_VENDOR = re.compile(r"^(nvidia|aws|amd)[-_ ]?", re.I)


def suggestion(value: str) -> str | None:

    key = re.sub(r"[^a-z0-9]", "", _VENDOR.sub("", value.strip()).lower())
    if key in _ALIASES:
        return _ALIASES[key]
    for name in COMPUTE:
        if key and re.sub(r"[^a-z0-9]", "", name.lower()) == key:
            return name
    return None


def check(ctx: Context) -> Iterator[Hit]:

    for path, name in compute_entries(ctx):
        if name in COMPUTE or name in LEGACY_COMPUTE:
            continue
        if not name.strip():
            yield Hit(
                path,
                "`compute` is empty: the Cerebrium CLI refuses it; use `CPU` or a GPU type "
                "such as `AMPERE_A10`, or omit `compute` for `CPU`",
            )
            continue
        guess = suggestion(name)
        if guess:
            yield Hit(path, f"unknown compute type {show(name)}; did you mean `{guess}`?")
        else:
            gpus = ", ".join(f"`{c}`" for c in COMPUTE[1:6])
            yield Hit(path, f"unknown compute type {show(name)}; use `CPU` or a GPU type such as {gpus}")
