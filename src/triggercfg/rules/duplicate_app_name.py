"""Two files deploy to the same app name.

## What it does
When one run checks several files (a directory, a monorepo, the file list of
a pre-commit hook), reports:

- two cerebrium.toml with the same `[cerebrium.deployment] name`;
- two blaxel.toml with the same resource `type`, `name` (compared the way the
  CLI slugifies it: `My_Agent` is `my-agent`) and `workspace`.

Every place is reported. Each names the others: all of them when there are
at most three, else the first three and how many more (so a monorepo made
from one template gets one line per file, not a list of every copy). Only
names written in the files are compared: the folder-name default is not
guessed.

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
from . import Context, LineOf, ProjectFile, Rule

RULE = Rule(
    "TC301", "duplicate-app-name", Severity.ERROR, "Two files deploy to the same app name",
)


def slugify(name: str) -> str:
    """The Blaxel CLI's ``Slugify``."""
    slug = re.sub(r"[\s_]", "-", name.lower())
    slug = re.sub(r"[^a-z0-9-]", "", slug)
    slug = re.sub(r"-+", "-", slug).strip("-")
    return slug or "resource"


#: How many of the other files a finding names before it gives a count.
SHOWN = 3


def facts(ctx: Context) -> tuple[Any, KeyPath, str] | None:
    """(what must be unique, where the name is written, the name)."""
    if ctx.platform.name == "cerebrium":
        name = ctx.get(("cerebrium", "deployment", "name"))
        if isinstance(name, str) and name:
            return ("cerebrium", name), ("cerebrium", "deployment", "name"), name
        return None
    name = ctx.data.get("name")
    if not isinstance(name, str) or not name or name.startswith("$"):
        return None
    workspace = ctx.data.get("workspace") or None
    kind = ctx.data.get("type")
    return ("blaxel", workspace if isinstance(workspace, str) else None,
            kind if isinstance(kind, str) else None, slugify(name)), ("name",), name


def check_project(files: list[ProjectFile], line_of: LineOf) -> Iterator[tuple[str, Hit]]:
    groups: dict[Any, list[ProjectFile]] = {}
    for file in files:
        groups.setdefault(file.fact[0], []).append(file)
    for members in groups.values():
        if len(members) < 2:
            continue
        for member in members:
            shown = [m for m in members[: SHOWN + 1] if m is not member][:SHOWN]
            others = ", ".join(f"{m.path}:{line_of(m.path, m.fact[1])}" for m in shown)
            more = len(members) - 1 - len(shown)
            if more:
                others += f" and {more} more file{'s' if more != 1 else ''}"
            yield member.path, Hit(
                member.fact[1],
                f'app name "{member.fact[2]}" is also deployed by {others}; deploying one overwrites the other',
            )
