"""`response_grace_period` that is not a positive whole number of seconds.

## What it does
Reports a `[cerebrium.scaling] response_grace_period` of 0, a negative
number, a float with a fraction, or a string with a unit such as `"900s"` or
`"15m"`. (`"900"` and `900.0`, which the CLI reads as 900, are
`unusual-spelling` warnings.)

## Why is this bad?
The setting is an integer of seconds. The Cerebrium CLI refuses a string
with a unit before deploying, truncates a float (`900.5` is 900), reads a
digit string with a leading zero as octal (`"0700"` is 448), and 0 kills
every in-flight request immediately on scale-down. What the CLI reads is the
decode stage's answer, as `triggercfg show` prints it.

## Example
```toml
[cerebrium.scaling]
response_grace_period = "15m"
```

Use instead:
```toml
[cerebrium.scaling]
response_grace_period = 900
```

## Fix safety
Converting a string of seconds or minutes/hours (`"900"`, `"900s"`, `"15m"`,
`"1h"`) or a whole float (`900.0`) to integer seconds is safe: it is the
value the user wrote. Zero and negative values have no fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Applicability, Fix, Hit, Severity
from ..edits import set_value
from . import Context, Rule
from ._util import read_as_meant, show

RULE = Rule(
    "TC202",
    "invalid-grace-period",
    Severity.ERROR,
    "Grace period is not a positive integer",
    platforms=frozenset({"cerebrium"}),
    fix="sometimes",
)

PATH = ("cerebrium", "scaling", "response_grace_period")
_DURATION = re.compile(r"^\s*(\d+)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)?\s*$", re.I)
_UNITS = {"s": 1, "m": 60, "h": 3600}


def seconds_of(value: object) -> int | None:
    if isinstance(value, float) and value.is_integer() and value > 0:
        return int(value)
    if isinstance(value, str):
        match = _DURATION.match(value)
        if match:
            unit = (match.group(2) or "s")[0].lower()
            return int(match.group(1)) * _UNITS[unit] or None
    return None


def check(ctx: Context) -> Iterator[Hit]:
    entry = ctx.entry(PATH)
    if entry is None:
        return
    value, read = entry.value, entry.read
    refused = entry.refused is not None
    meant = not refused and read_as_meant(value, read)
    if not refused and read > 0 and (entry.how is None or meant):
        return  # read as written, or as meant (`"900"`, `900.0`: unusual-spelling)
    seconds = seconds_of(value)
    if isinstance(value, bool):
        message = "`response_grace_period` must be a number of seconds, not a boolean"
    elif not refused and read <= 0:
        reads = "" if meant or entry.how is None else f", which Cerebrium reads as {read}"
        message = f"`response_grace_period` is {show(value)}{reads}; it must be a positive number of seconds"
        seconds = seconds if seconds and isinstance(value, str) else None
    elif not refused:
        message = f"`response_grace_period` must be an integer of seconds: Cerebrium reads {show(value)} as {read}"
    elif isinstance(value, float):
        message = f"`response_grace_period` must be an integer of seconds, not {value}"
    elif isinstance(value, str):
        message = f"`response_grace_period` must be an integer of seconds: the Cerebrium CLI refuses {show(value)}"
    else:
        message = f"`response_grace_period` must be an integer of seconds, not {show(value)}"
    fix = None
    written = entry.written
    if seconds is not None:
        message += f"; write `{seconds}`"
        fix = Fix(
            f"Replace with `{seconds}`", Applicability.SAFE, set_value(written[:-1], written[-1], seconds), (written,)
        )
    yield Hit(written, message, fix=fix)
