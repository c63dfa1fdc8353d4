"""A key, section or value that the platform has replaced.

## What it does
Reports legacy configuration and names its replacement:

- **cerebrium.toml**: `[cerebrium.hardware] gpu` (now `compute`);
  `[cerebrium.deployment] cuda_version` (now `docker_base_image_url`, e.g.
  `nvidia/cuda:12.1.1-runtime-ubuntu22.04`); the `[cerebrium.build]` section
  (its keys are now `cerebrium deploy` flags, and `use_uv` moved to
  `[cerebrium.deployment]`); `roll_out_duration_seconds` under
  `[cerebrium.deployment]` (now in `[cerebrium.scaling]`); and old compute names
  (`AMPERE_A100` is now `AMPERE_A100_80GB`, `T4` is `TURING_T4`).
- **blaxel.toml**: `[runtime] maxConcurrentTasks` (removed from the API on
  2026-04-15) and `generation = "mk2"` (Mark 2 was decommissioned in Q2 2026).

## Why is this bad?
The current CLIs ignore these keys, or read them differently. (An `include`
string that the CLI's comma split misreads is an `invalid-type` error; one it
reads as meant is an `unusual-spelling` warning.)

## Example
```toml
[cerebrium.hardware]
gpu = "AMPERE_A10"
```

Use instead:
```toml
[cerebrium.hardware]
compute = "AMPERE_A10"
```

## Fix safety
Safe where the replacement is mechanical: `gpu` with a current compute name
becomes `compute` (when `compute` is not set); `use_uv` and
`roll_out_duration_seconds` move to their new table; an old compute name gets
its new name.
`generation = "mk2"` → `"mk3"` is unsafe (it changes the infrastructure).
Other cases have no fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..decode import Entry
from ..diagnostics import Anchor, Applicability, Fix, Hit, KeyPath, Severity
from ..edits import chain, rename_key, set_value
from ..limits import COMPUTE, LEGACY_COMPUTE
from . import Context, Rule
from ._util import compute_entries, move_hit

RULE = Rule(
    "TC008", "deprecated-key", Severity.WARNING, "Legacy key, section or value", fix="sometimes", fix_safety="mixed"
)

_BUILD_FLAGS = {
    "log_level": "the `--log-level` flag of `cerebrium deploy`",
    "disable_confirmation": "`cerebrium deploy -y`",
    "disable_build_logs": "`--disable-build-logs`",
    "disable_syntax_check": "`--disable-syntax-check`",
    "shell_commands": "`[cerebrium.deployment] shell_commands`",
    "pre_build_commands": "`[cerebrium.deployment] pre_build_commands`",
    "include": "`[cerebrium.deployment] include`",
    "dockerfile": "`[cerebrium.runtime.custom] dockerfile_path`",
    "dockerfile_path": "`[cerebrium.runtime.custom] dockerfile_path`",
}


def check(ctx: Context) -> Iterator[Hit]:
    for entry in ctx.reading.ignored():
        if entry.ignored is not None and entry.ignored.reason == "legacy":
            yield from (_blaxel_key if ctx.platform.name == "blaxel" else _cerebrium_key)(ctx, entry)
    if ctx.platform.name == "blaxel":
        if ctx.value(("runtime", "generation")) == "mk2":
            path = ctx.where(("runtime", "generation"))
            yield Hit(
                path,
                'Mark 2 (`generation = "mk2"`) was decommissioned in Q2 2026; use `"mk3"`',
                fix=Fix(
                    'Set `generation = "mk3"`', Applicability.UNSAFE, set_value(path[:-1], path[-1], "mk3"), (path,)
                ),
            )
        return

    for path, name in compute_entries(ctx):
        if name in LEGACY_COMPUTE:
            yield _legacy_compute(path, name, LEGACY_COMPUTE[name])


def _blaxel_key(ctx: Context, entry: Entry) -> Iterator[Hit]:
    if entry.path == ("runtime", "maxConcurrentTasks"):
        yield Hit(
            entry.written,
            "`maxConcurrentTasks` was removed from the Blaxel API on 2026-04-15 and may be ignored",
            Anchor.KEY,
        )


def _cerebrium_key(ctx: Context, entry: Entry) -> Iterator[Hit]:

    path, table = entry.path, entry.written[:-1]
    if path == ("cerebrium", "hardware", "gpu"):
        hardware = ctx.value(("cerebrium", "hardware"))
        yield _gpu(entry, "compute" in hardware, COMPUTE, LEGACY_COMPUTE)
    elif path == ("cerebrium", "deployment", "cuda_version"):
        yield Hit(
            entry.written,
            "`cuda_version` is no longer read; choose a CUDA base image with "
            '`docker_base_image_url` (e.g. `"nvidia/cuda:12.1.1-runtime-ubuntu22.04"`)',
            Anchor.KEY,
        )
    elif path == ("cerebrium", "deployment", "roll_out_duration_seconds"):
        scaling = ctx.value(("cerebrium", "scaling"))
        yield move_hit(
            ctx,
            table,
            str(entry.written[-1]),
            ("cerebrium", "scaling"),
            "`roll_out_duration_seconds` moved from `[cerebrium.deployment]` to `[cerebrium.scaling]`",
            can_fix=scaling is None or (isinstance(scaling, dict) and "roll_out_duration_seconds" not in scaling),
        )
    elif path == ("cerebrium", "build") and isinstance(entry.value, dict):
        yield from _build(ctx, entry)


def _gpu(entry: Entry, has_compute: bool, current: tuple[str, ...], legacy: dict[str, str | None]) -> Hit:
    value = entry.value
    replacement = legacy.get(value) if isinstance(value, str) and value in legacy else value
    path, table, key = entry.written, entry.written[:-1], str(entry.written[-1])
    message = "`gpu` was renamed `compute`"
    fix = None
    if isinstance(replacement, str) and replacement in current and not has_compute:
        message += f'; write `compute = "{replacement}"`'
        edits = [rename_key(table, key, "compute")]
        if replacement != value:
            edits.append(set_value(table, "compute", replacement))
        fix = Fix("Rename `gpu` to `compute`", Applicability.SAFE, chain(*edits), (path, (*table, "compute")))
    elif isinstance(value, str) and value not in current:
        message += f" (and `{value}` is not a current compute type)"
    return Hit(path, message, Anchor.KEY, fix)


def _legacy_compute(path: KeyPath, name: str, new: str | None) -> Hit:
    if new is None:
        return Hit(
            path, f"compute type `{name}` is no longer offered; choose a current one such as `AMPERE_A10` or `ADA_L40`"
        )
    return Hit(
        path,
        f"compute type `{name}` was renamed `{new}`",
        fix=Fix(f"Replace `{name}` with `{new}`", Applicability.SAFE, set_value(path[:-1], path[-1], new), (path,)),
    )


def _build(ctx: Context, entry: Entry) -> Iterator[Hit]:
    build, written = entry.value, entry.written
    keys = {key.lower(): key for key in build}  # the CLI reads none of them, in any case
    if "use_uv" in keys:
        deployment = ctx.value(("cerebrium", "deployment"))
        yield move_hit(
            ctx,
            written,
            keys["use_uv"],
            ("cerebrium", "deployment"),
            "`[cerebrium.build] use_uv` moved to `[cerebrium.deployment]`",
            can_fix=deployment is None or (isinstance(deployment, dict) and "use_uv" not in deployment),
        )
    others = [k for k in build if k.lower() != "use_uv"]
    if others or not build:
        parts = [
            f"`{k}` is now {_BUILD_FLAGS[k.lower()]}" if k.lower() in _BUILD_FLAGS else f"`{k}` was removed"
            for k in others
        ]
        detail = ": " + "; ".join(parts) if parts else ""
        yield Hit(written, f"`[cerebrium.build]` is a legacy section the CLI no longer reads{detail}", Anchor.KEY)
