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
from . import Context, ContextOf, ProjectFile, Rule, line_of

RULE = Rule(
    "TC301",
    "duplicate-app-name",
    Severity.ERROR,
    "Two files deploy to the same app name",
)


def slugify(name: str) -> str:
    """The Blaxel CLI's ``Slugify``."""
    slug = re.sub(r"[\s_]", "-", name.lower())
    slug = re.sub(r"[^a-z0-9-]", "", slug)
    slug = re.sub(r"-+", "-", slug).strip("-")
    return slug or "resource"


#: How many of the other files a finding names before it gives a count.
SHOWN = 3


#: Where each platform's app name is written.
NAME: dict[str, KeyPath] = {"cerebrium": ("cerebrium", "deployment", "name"), "blaxel": ("name",)}


def facts(ctx: Context) -> tuple[Any, ...] | None:
    """What must be unique: the name (and, for Blaxel, workspace and type)."""
    name = ctx.value(NAME[ctx.platform.name])  # as read: `Name`, `[Cerebrium.Deployment]`, `4643`
    if not isinstance(name, str) or not name or (ctx.platform.name == "blaxel" and name.startswith("$")):
        return None
    if ctx.platform.name == "cerebrium":
        return ("cerebrium", name)
    workspace, kind = ctx.value(("workspace",)) or None, ctx.value(("type",))
    return (
        "blaxel",
        workspace if isinstance(workspace, str) else None,
        kind if isinstance(kind, str) else None,
        slugify(name),
    )


def check_project(files: list[ProjectFile], context_of: ContextOf) -> Iterator[tuple[str, Hit]]:
    groups: dict[Any, list[ProjectFile]] = {}
    for file in files:
        groups.setdefault(file.fact, []).append(file)
    for group in groups.values():
        if len(group) < 2:
            continue
        # one file by two paths (a linked folder) is one file: compared by what it resolves to
        by_file: dict[str, ProjectFile] = {}
        for member in group:
            by_file.setdefault(member.resolved, member)
        members = list(by_file.values())
        if len(members) < 2:
            continue
        for member in members:
            if not member.reported:
                continue  # only compared: read again only if a message names its line
            ctx = context_of(member.path)  # read once, located once
            if ctx is None:
                continue
            shown = [m for m in members[: SHOWN + 1] if m is not member][:SHOWN]
            others = ", ".join(f"{m.path}:{line_of(context_of, m.path, NAME[m.platform])}" for m in shown)
            more = len(members) - 1 - len(shown)
            if more:
                others += f" and {more} more file{'s' if more != 1 else ''}"
            path = NAME[member.platform]
            yield (
                member.path,
                Hit(
                    ctx.where(path),
                    f'app name "{ctx.value(path)}" is also deployed by {others}; deploying one overwrites the other',
                ),
            )
