"""A known key holds a value the platform does not accept.

## What it does
Checks values against the enums, formats and ranges of the models, when no
more specific rule applies: a resource `type` that does not exist, a negative
`retry`, a port over 65535, an unknown `scaling_metric`. In a cerebrium.toml
it also reports what the CLI refuses before deploying (its checks after
loading the file, `pkg/projectconfig/validator.go` of `CerebriumAI/cerebrium`): an
empty `[cerebrium.deployment] name`, `provider = "coreweave"`, and (through
the models' enums) an empty or unknown `compute`, a `compute_tier` other than
`interruptible`/`protected`, a `container_runtime` other than `v1`/`v2`.

The value judged is the one the platform reads, as `triggercfg show`
prints it: `"5"` and `5.0` are 5, and a key under
`[Cerebrium.Scaling]` is the same key under `[cerebrium.scaling]` (the
spelling itself is `unusual-spelling`'s warning).

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
from ..spelling import guess
from . import Context, Rule
from ._util import show

RULE = Rule("TC003", "invalid-value", Severity.ERROR, "Value outside the allowed values", generic=True)


def check(ctx: Context) -> Iterator[Hit]:
    for error in ctx.model_errors:
        if error.kind != "value":
            continue
        message = error.message
        if isinstance(error.value, str) and error.options:
            guess = suggestion(error.value, error.options)
            if guess:
                message += f"; did you mean `{guess}`?"
        yield Hit(error.path, message)
    if ctx.platform.name == "cerebrium":
        yield from _cerebrium_refusals(ctx)


def _cerebrium_refusals(ctx: Context) -> Iterator[Hit]:
    """Values the Cerebrium CLI refuses before deploying that the models cannot
    express (`pkg/projectconfig/validator.go`)."""
    provider = ctx.value(("cerebrium", "hardware", "provider"))
    if isinstance(provider, str) and provider.strip().lower() == "coreweave":
        yield Hit(
            ctx.where(("cerebrium", "hardware", "provider")),
            f"`provider = {show(provider)}`: the Cerebrium CLI refuses CoreWeave as a provider; "
            "omit `provider` to let the platform choose, or write `aws`",
        )
    name = ctx.value(("cerebrium", "deployment", "name"))
    if isinstance(name, str) and not name.strip():
        yield Hit(
            ctx.where(("cerebrium", "deployment", "name")),
            "`name` is empty: the Cerebrium CLI refuses to deploy an app without a name",
        )


def suggestion(value: str, options: tuple[str, ...]) -> str | None:
    """The one option ``value`` was probably meant to be: a close spelling, or
    the one option it abbreviates (`cpu` → `cpu_utilization`); nothing when
    two are as close (`AMPERE_A400` is as near `AMPERE_A100` as `AMPERE_A4000`)."""
    found = guess(value, options, abbreviations=True)
    return found.word if found is not None else None
