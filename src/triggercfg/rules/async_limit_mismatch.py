"""An async trigger that another file of the same app rules out.

## What it does
In a Blaxel multi-package root, `[function.<name>]`, `[agent.<name>]` and
`[job.<name>]` force the type of the package in `path`: the CLI deploys it
as that kind, whatever its own `type` says. When the package's blaxel.toml
is checked in the same run, this rule reports each of its triggers that the
forced kind cannot run, an `http-async` trigger on a function or job above
all (async triggers, and their 15-minute limit, exist only on agents), and a
package whose own `type` disagrees with the root.

Only documented facts are used (the applicability of trigger types in
https://docs.blaxel.ai/deployment-reference); single-file limits are the
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

import os
from collections.abc import Iterator

from ..diagnostics import Hit, Severity
from . import Context, ContextOf, ProjectFile, Rule, line_of
from ._util import article, triggers
from .trigger_type_not_supported import unsupported

RULE = Rule(
    "TC302",
    "async-limit-mismatch",
    Severity.WARNING,
    "Async trigger ruled out by another file",
    platforms=frozenset({"blaxel"}),
)


def facts(ctx: Context) -> tuple[tuple[str, str, str], ...]:
    """(kind, name, path) of each package of a multi-package root; () for any other file."""
    packages = {kind: ctx.value((kind,)) for kind in ("function", "agent", "job")}
    return tuple(
        (kind, name, package["path"])
        for kind, table in packages.items()
        if isinstance(table, dict)
        for name, package in table.items()
        if isinstance(package, dict) and isinstance(package.get("path"), str)
    )


def check_project(files: list[ProjectFile], context_of: ContextOf) -> Iterator[tuple[str, Hit]]:
    roots = [f for f in files if f.fact]
    if not roots:
        return  # no multi-package root: no folder needs resolving

    # A package's folder is compared by what it resolves to. Most files are
    # where their path says (no link on the way): found by their path alone,
    # and every file is resolved (a system call each) only for a folder that
    # exists but that no file's path names.
    packages = [
        (root, kind, name, os.path.realpath(os.path.join(os.path.dirname(root.resolved), relative)))
        for root in roots
        for kind, name, relative in root.fact
    ]
    # Only a file whose folder has the name of a package's folder can be in it.
    names = {os.path.basename(folder) for *_, folder in packages}
    plain = {
        os.path.dirname(os.path.abspath(f.disk_path)): f
        for f in files
        if os.path.basename(os.path.dirname(f.disk_path)) in names or not _named_folder(f.disk_path)
    }
    resolved: dict[str, ProjectFile] | None = None
    for root, kind, name, folder in packages:
        child = plain.get(folder)
        if child is None and os.path.isdir(folder):  # a folder no file's path names: resolve them all
            if resolved is None:
                resolved = {os.path.dirname(f.resolved): f for f in files}
            child = resolved.get(folder)
        if child is None or child is root or not child.reported:
            continue
        package = context_of(child.path)
        if package is None:
            continue
        where = f"`[{kind}.{name}]` in {root.path}:{line_of(context_of, root.path, (kind, name))}"
        yield from _mismatches(child.path, package, kind, where)


def _named_folder(path: str) -> bool:
    """Whether the folder of ``path`` is written with its own name (not `.`, `..` or nothing)."""
    return os.path.basename(os.path.dirname(path)) not in ("", ".", "..")


def _mismatches(path: str, child: Context, kind: str, where: str) -> Iterator[tuple[str, Hit]]:
    own = child.value(("type",))
    if isinstance(own, str) and own != kind and not own.startswith("$"):
        yield (
            path,
            Hit(child.where(("type",)), f"deployed as {article(kind)} {kind} by {where}, not as {article(own)} {own}"),
        )
    for trigger_path, trigger in triggers(child.view):
        reason = unsupported(trigger.get("type"), kind)
        if reason:
            yield (
                path,
                Hit(
                    child.where((*trigger_path, "type")),
                    f"{reason}, but {where} deploys this package as {article(kind)} {kind}",
                ),
            )
