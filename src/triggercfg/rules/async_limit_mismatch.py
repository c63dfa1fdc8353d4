"""An async trigger that another file of the same app rules out.

## What it does
In a Blaxel multi-package root, `[function.<name>]`, `[agent.<name>]` and
`[job.<name>]` force the type of the package in `path`: the CLI deploys it
as that kind, whatever its own `type` says. When the package's blaxel.toml
is checked in the same run, this rule reports each of its triggers that the
forced kind cannot run, an `http-async` trigger on a function or job above
all (async triggers, and their 15-minute limit, exist only on agents), and a
package whose own `type` disagrees with the root.

Only facts that PLATFORMS.md supports are used; single-file limits are the
other rules' (`trigger-type-not-supported`, `grace-period-exceeds-maximum`).

## Why is this bad?
The sub-folder's file looks correct on its own, but the deploy from the root
gives it a kind that has no async endpoint: requests with `?async=true`
fail, and no callback is ever sent.

## Example
```toml
# blaxel.toml (root)
skipRoot = true

[function.worker]
path = "worker"
port = 1338
```

```toml
# worker/blaxel.toml
type = "agent"

[[triggers]]
id = "async"
type = "http-async"
```

Use instead:
```toml
# blaxel.toml (root)
skipRoot = true

[agent.worker]
path = "worker"
port = 1338
```

## Fix safety
There is no fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..diagnostics import Hit, Severity
from . import Context, Rule
from ._util import article, triggers
from .trigger_type_not_supported import unsupported

RULE = Rule(
    "TC302", "async-limit-mismatch", Severity.WARNING, "Async trigger ruled out by another file",
    platforms=frozenset({"blaxel"}),
)


def check_project(contexts: list[Context]) -> Iterator[tuple[Context, Hit]]:
    by_dir = {
        Path(ctx.path).resolve().parent: ctx for ctx in contexts if ctx.platform.name == "blaxel"
    }
    for root in contexts:
        if root.platform.name != "blaxel":
            continue
        for kind in ("function", "agent", "job"):
            packages = root.data.get(kind)
            if not isinstance(packages, dict):
                continue
            for name, package in packages.items():
                if not isinstance(package, dict) or not isinstance(package.get("path"), str):
                    continue
                folder = (Path(root.path).resolve().parent / package["path"]).resolve()
                child = by_dir.get(folder)
                if child is None or child is root:
                    continue
                where = f"`[{kind}.{name}]` in {root.path}:{root.locations.span((kind, name)).line}"
                yield from _mismatches(child, kind, where)


def _mismatches(child: Context, kind: str, where: str) -> Iterator[tuple[Context, Hit]]:
    own = child.data.get("type")
    if isinstance(own, str) and own != kind and not own.startswith("$"):
        yield child, Hit(("type",), f"deployed as {article(kind)} {kind} by {where}, not as {article(own)} {own}")
    for path, trigger in triggers(child.data):
        reason = unsupported(trigger.get("type"), kind)
        if reason:
            yield child, Hit((*path, "type"), f"{reason}, but {where} deploys this package as {article(kind)} {kind}")
