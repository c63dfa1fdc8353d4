"""`python_version` written as a number.

## What it does
Reports `[cerebrium.deployment] python_version` written as a TOML float or
integer (`3.10`, `3`).

## Why is this bad?
The CLI converts the number to a string as Go prints it, and the float
`3.10` is `3.1`: the build asks for Python 3.1, which does not exist (an
error). `3.11` is read as `"3.11"`, exactly as meant, so it is a warning: the
file works, but it reads as a number to anyone else.

## Example
```toml
[cerebrium.deployment]
name = "app"
python_version = 3.10
```

Use instead:
```toml
[cerebrium.deployment]
name = "app"
python_version = "3.10"
```

## Fix safety
Safe: the value is quoted exactly as written in the file (`3.10` becomes
`"3.10"`, not `"3.1"`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Applicability, Fix, Hit, Severity
from ..edits import set_value
from . import Context, Rule

RULE = Rule(
    "TC203",
    "python-version-not-string",
    Severity.ERROR,
    "python_version written as a number",
    platforms=frozenset({"cerebrium"}),
    fix="always",
)

PATH = ("cerebrium", "deployment", "python_version")


def check(ctx: Context) -> Iterator[Hit]:
    entry = ctx.entry(PATH)
    if entry is None or isinstance(entry.value, bool) or not isinstance(entry.value, (int, float)):
        return
    written_path = entry.written
    written = ctx.raw_value(written_path).strip()
    read = entry.read  # what the CLI's weak typing makes of it, as in `triggercfg show`
    misread = f', which Cerebrium reads as "{read}"' if read != written else ""
    yield Hit(
        written_path,
        f'`python_version = {written}` is a number{misread}; write it as a string: "{written}"',
        fix=Fix(
            f'Quote it: "{written}"',
            Applicability.SAFE,
            set_value(written_path[:-1], written_path[-1], written),
            (written_path,),
        ),
        # read exactly as written ("3.11"): a warning; misread ("3.1" for 3.10): an error
        severity=None if misread else Severity.WARNING,
    )
