"""Two files deploy to the same app name.

## What it does
When one run checks several files (a directory, a monorepo, the file list of
a pre-commit hook), reports:

- two cerebrium.toml with the same `[cerebrium.deployment] name`;
- two blaxel.toml with the same resource `type`, `name` (compared the way the
  CLI slugifies it: `My_Agent` is `my-agent`) and `workspace`.

Both places are reported, each naming the other. Only names written in the
files are compared: the folder-name default is not guessed.

## Why is this bad?
Deploying one overwrites the other: the second deploy replaces the first
app's code and configuration.

## Example
```toml
# services/a/cerebrium.toml and services/b/cerebrium.toml both say:
[cerebrium.deployment]
name = "inference"
```

Use instead:
```toml
[cerebrium.deployment]
name = "inference-a"
```

## Fix safety
There is no fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..diagnostics import Hit, KeyPath, Severity
from . import Context, Rule

RULE = Rule(
    "TC301", "duplicate-app-name", Severity.ERROR, "Two files deploy to the same app name",
)


def slugify(name: str) -> str:
    """The Blaxel CLI's ``Slugify``."""
    slug = re.sub(r"[\s_]", "-", name.lower())
    slug = re.sub(r"[^a-z0-9-]", "", slug)
    slug = re.sub(r"-+", "-", slug).strip("-")
    return slug or "resource"


def _key(ctx: Context) -> tuple[Any, KeyPath] | None:
    if ctx.platform.name == "cerebrium":
        name = ctx.get(("cerebrium", "deployment", "name"))
        return (("cerebrium", name), ("cerebrium", "deployment", "name")) if isinstance(name, str) and name else None
    name = ctx.data.get("name")
    if not isinstance(name, str) or not name or name.startswith("$"):
        return None
    workspace = ctx.data.get("workspace") or None
    return (("blaxel", workspace, ctx.data.get("type"), slugify(name)), ("name",))


def check_project(contexts: list[Context]) -> Iterator[tuple[Context, Hit]]:
    groups: dict[Any, list[tuple[Context, KeyPath]]] = {}
    for ctx in contexts:
        found = _key(ctx)
        if found:
            groups.setdefault(found[0], []).append((ctx, found[1]))
    for members in groups.values():
        if len(members) < 2:
            continue
        for ctx, path in members:
            others = [
                f"{other.path}:{other.locations.span(other_path).line}"
                for other, other_path in members
                if other is not ctx
            ]
            name = ctx.get(path)
            yield ctx, Hit(
                path,
                f'app name "{name}" is also deployed by {", ".join(others)}; deploying one overwrites the other',
            )
