"""A known key holds a value of the wrong TOML type.

## What it does
Checks every key the platform reads against the type the platform expects:
a string, an integer, a table, an array of tables, and so on.

## Why is this bad?
What happens depends on the platform, and the message says which (observed
by running each CLI's own decoding code: `cli/core/config.go` of
`blaxel-ai/toolkit`, `pkg/projectconfig/loader.go` of `CerebriumAI/cerebrium`):

- **Blaxel** decodes its own settings (top-level keys, `[entrypoint]`,
  `[env]`, `[build] args`, package tables, and the shape of `[runtime]`,
  `[[triggers]]` and `[[volumes]]`) into a typed struct. One mismatch
  (`public = "true"`, `memory = 4096.0`) aborts the decoding, and the CLI
  deploys with default settings: nothing in the file is applied. The keys
  inside `[runtime]` and `[[triggers]]` go to the API as written, as JSON,
  which refuses what it cannot read (a whole float such as `4096.0` is the
  integer 4096 in JSON: an `unusual-spelling` warning, not this error).
- **Cerebrium** decodes with weak typing, and the message says what the CLI
  reads (the decode stage's reading, as `triggercfg show` prints it). A float
  where an integer belongs is truncated (`gpu_count = 1.5` is 1), a boolean is
  0 or 1, and a digit string with a leading zero is octal (`"030"` is 24):
  the deployed value is not the one written. A string it cannot convert (`"five"`,
  `disable_auth = "yes"`) stops the CLI. A string in a list setting is split
  at commas, keeping spaces (`include = "a.py, b.py"` is `"a.py"` and
  `" b.py"`). A custom runtime's `entrypoint` written as one string is not
  split at spaces, as the old Python CLI did: `"uvicorn main:app --port
  8000"` asks the container to run a program of that whole name. Spellings
  it converts exactly (`"30"`, `2.0`, `"true"`, `disable_auth = 1`) are
  `unusual-spelling` warnings instead. The type is judged on the key as
  Cerebrium reads it, in any case: `[Cerebrium.Scaling] cooldown = "30"` is
  the warning of `[cerebrium.scaling] cooldown = "30"`.
- A key the platform reads from the uploaded file, not its CLI
  (`[cerebrium.experimental]`, Blaxel's `[build] slim`), gets a warning: what
  the platform makes of another type is not documented.

## Example
```toml
type = "agent"
entrypoint = "main.py"
```

Use instead:
```toml
type = "agent"

[entrypoint]
prod = "python main.py"
```

## Fix safety
A comma-split list string has a safe fix: the array of its trimmed items,
which is what it spells. A one-string `entrypoint` has an unsafe fix: the
command split as a shell would (`["uvicorn", "main:app", "--port", "8000"]`),
which is what it almost always means, but quoting can differ from what the
author's shell did. Otherwise the intended value cannot be known.
More specific rules (`python-version-not-string`, `invalid-grace-period`,
`unusual-spelling`) report, and fix, the common cases instead of this one.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..decode import UNREAD, Entry
from ..diagnostics import Applicability, Fix, Hit, KeyPath, Severity
from ..edits import set_value, toml_value
from . import Context, Rule
from ._util import ENTRYPOINT, as_meant, read_as_meant, show

RULE = Rule(
    "TC002",
    "invalid-type",
    Severity.ERROR,
    "Value has the wrong TOML type",
    generic=True,
    fix="sometimes",
    fix_safety="mixed",
)

_HINTS: dict[tuple[str, KeyPath], str] = {
    ("blaxel", ("entrypoint",)): "write a `[entrypoint]` table with `prod` and/or `dev` keys",
    ("blaxel", ("runtime",)): "write a `[runtime]` table",
    ("blaxel", ("triggers",)): "write each trigger as a `[[triggers]]` table",
    ("blaxel", ("volumes",)): "write each volume as a `[[volumes]]` table",
}


def _package_hint(ctx: Context, path: KeyPath) -> str | None:
    if ctx.platform.name == "blaxel" and len(path) == 2 and path[0] in ("agent", "function", "job"):
        kind = path[0]
        return (
            f"`[{kind}]` lists the packages of a multi-package root; each entry must be "
            f"a `[{kind}.<name>]` table with a `path`"
        )
    return None


#: What the Blaxel CLI does when its own settings do not decode (`readConfigToml`, `cli/core/config.go`).
DEFAULT_SETTINGS = "Blaxel cannot decode this file and deploys with default settings: nothing in it is applied"


def check(ctx: Context) -> Iterator[Hit]:
    for error in ctx.model_errors:
        if error.kind != "type":
            continue
        message = error.message
        hint = _HINTS.get((ctx.platform.name, error.canonical)) or _package_hint(ctx, error.canonical)
        if hint:
            message += f": {hint}"
        entry = _entry_of(ctx, error.canonical)
        uploaded = entry is not None and entry.uploaded
        consequence = UPLOADED if uploaded else _consequence(ctx, error.canonical, entry)
        if consequence:
            message += f". {consequence}" if hint else f": {consequence}"
        # a key the CLI does not read: what the platform makes of it is not known
        yield Hit(error.path, message, severity=Severity.WARNING if uploaded else None)
    if ctx.platform.name == "cerebrium":
        yield from _misread(ctx)
        yield from _comma_split(ctx)
        yield from _entrypoint(ctx)


#: What a type error of a key the CLI does not read means (`[cerebrium.experimental]`, Blaxel's `[build] slim`).
UPLOADED = "the CLI does not read it, and what the platform makes of it is not documented"
#: Tables of a blaxel.toml that the CLI decodes into its own typed struct, and
#: arrays whose items it types (strings; tables for triggers and volumes).
_DECODED_TABLES = ("entrypoint", "env", "build", "function", "agent", "job")
_DECODED_LISTS = ("functions", "models", "agents", "policies", "triggers", "volumes")


def _entry_of(ctx: Context, path: KeyPath) -> Entry | None:
    """The entry of ``path``, or of the key whose value holds it (an array's item)."""
    for end in range(len(path), 0, -1):
        entry = ctx.entry(path[:end])
        if entry is not None:
            return entry
    return None


def _consequence(ctx: Context, path: KeyPath, entry: Entry | None) -> str | None:
    """What the platform's CLI does with the value, in its own terms."""
    if entry is None or entry.refused is None:
        return None  # read (as written, to be passed on): what the API makes of it is the API's
    if ctx.platform.name == "blaxel":  # its decoding failed: nothing in the file is applied
        return DEFAULT_SETTINGS if entry.kind != "timeout" else None
    what = _KIND_NAMES.get(entry.kind or "")
    if what is None or isinstance(entry.value, (dict, list)) or entry.path != path:
        return "the Cerebrium CLI refuses it"
    return f"the Cerebrium CLI refuses it: it cannot read {show(entry.value)} as {what}"


_KIND_NAMES = {"int": "a number", "float": "a number", "bool": "a boolean", "str": "a string"}
_EXPECTED = {"int": "an integer", "float": "a number", "bool": "a boolean", "str": "a string"}


def _misread(ctx: Context) -> Iterator[Hit]:
    """A value the Cerebrium CLI converts into another value than the one
    written: a truncated float, an octal digit string, a number as a string
    that Go prints otherwise (the decode stage's reading)."""
    for entry in ctx.reading.converted:
        if entry.kind not in _EXPECTED or entry.lost_to is not None or entry.ignored:
            continue
        if entry.read is UNREAD or as_meant(ctx, entry):
            continue
        from ..validate import _name, toml_type  # only for a value misread: a clean check never imports it

        value, read = entry.value, entry.read
        written = f"`{toml_value(value)}`" if isinstance(value, bool) else show(value)
        if isinstance(value, float) and isinstance(read, int) and not isinstance(read, bool):
            reads = f"Cerebrium reads {written} as {read}, dropping the fraction"
        else:
            reads = f"Cerebrium reads {written} as {toml_value(read)}"
        name = _name(entry.path)
        yield Hit(entry.written, f"`{name}` must be {_EXPECTED[entry.kind or '']}, not {toml_type(value)}: {reads}")


def _comma_split(ctx: Context) -> Iterator[Hit]:
    """A string in a list setting that the CLI's comma split turns into other values."""
    for key in ("include", "exclude", "shell_commands", "pre_build_commands"):
        entry = ctx.entry(("cerebrium", "deployment", key))
        if entry is None or not isinstance(entry.value, str) or not isinstance(entry.read, list):
            continue
        value, parts = entry.value, entry.read
        if read_as_meant(value, parts):
            continue  # read as meant: unusual-spelling suggests the array
        inner = value.strip()
        if inner.startswith("[") and inner.endswith("]"):
            inner = inner[1:-1]
        meant = [p.strip().strip("'\"") for p in inner.split(",") if p.strip().strip("'\"")]
        shown = [show(p) for p in parts[:4]] + ([f"{len(parts) - 4} more"] if len(parts) > 4 else [])
        reads = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
        path = entry.written
        yield Hit(
            path,
            f"`{key}` is one string, which Cerebrium splits at each comma, keeping spaces and brackets: "
            f"it reads {reads}; write an array: `{key} = [{', '.join(show(m) for m in meant)}]`",
            fix=Fix(f"Write `{key}` as an array", Applicability.SAFE, set_value(path[:-1], path[-1], meant), (path,)),
        )


def _entrypoint(ctx: Context) -> Iterator[Hit]:
    """A custom runtime's entrypoint written as one string: the CLI does not
    split it at spaces (the old Python CLI did), so the container is asked to
    run a program named after the whole command; at commas it does split,
    keeping the spaces."""
    entry = ctx.entry(ENTRYPOINT)
    if entry is None or not isinstance(entry.value, str) or not entry.value.strip() or not isinstance(entry.read, list):
        return
    value, parts = entry.value, entry.read
    if as_meant(ctx, entry):
        return  # read as meant: unusual-spelling suggests the array
    if len(parts) > 1:
        meant = [p.strip() for p in parts if p.strip()]
        reads = ", ".join(show(p) for p in parts[:4]) + (f" and {len(parts) - 4} more" if len(parts) > 4 else "")
        what = f"which the Cerebrium CLI splits at each comma, keeping the spaces: it runs {reads}"
    else:
        import shlex  # only for an entrypoint written as one command

        try:
            meant = shlex.split(value)
        except ValueError:  # unbalanced quotes: no fix to offer
            meant = []
        what = (
            f"which the Cerebrium CLI reads as a list of one (it does not split at spaces): the container "
            f"is asked to run a program named {show(value)}"
        )
    array = "[" + ", ".join(show(m) for m in meant) + "]"
    path = entry.written
    yield Hit(
        path,
        f"`entrypoint` is one string, {what}; write an array" + (f": `entrypoint = {array}`" if meant else ""),
        fix=Fix(f"Write `entrypoint = {array}`", Applicability.UNSAFE, set_value(path[:-1], path[-1], meant), (path,))
        if meant
        else None,
    )
