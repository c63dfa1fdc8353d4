"""A key or value written in a form the platform converts to what was meant.

## What it does
Reports spellings that the platform's CLI reads exactly as intended, but that
no reader expects, and rewrites them in the canonical form:

- **both files**: a key in another case where the CLI matches keys whatever
  their case: `Type = "agent"` and `[Runtime]` in a blaxel.toml (the CLI's
  own settings: top-level keys, `[entrypoint]`, `[build]` and package
  tables), and any key or table of a cerebrium.toml (`Cooldown`,
  `[Cerebrium.Deployment]`);
- **blaxel.toml**: a timeout with spaces around it or an upper-case unit
  (`" 30S "` is 30 seconds); a whole float in a table the CLI passes on to
  the API (`[runtime] memory = 4096.0`, a port's `target = 8080.0`): the
  API receives JSON, in which 4096.0 is the integer 4096 (a fraction is an
  `invalid-type` error);
- **cerebrium.toml**: a number written as a string (`cooldown = "30"` is 30,
  `cpu = "2.5"` is 2.5), a whole float where an integer belongs
  (`max_replicas = 2.0` is 2), an integer where a string belongs (`name =
  4643` is `"4643"`), a boolean written as a string (`disable_auth =
  "true"`) or as 1 or 0 (`disable_auth = 1` is `true`), and one string
  where a list belongs when it holds no comma (`include = "main.py"` is
  `["main.py"]`) or commas without spaces (`"a.py,b.py"`,
  `entrypoint = "uvicorn,main:app"`, which splits into exactly its words).

A key under a table written in another case (`[Cerebrium.Scaling]`) gets
exactly the verdicts of its lower-case twin, plus this warning on the
table's name.

## Why is this bad?
Nothing breaks today, but the file says one thing and means another: a
reader, a review or another tool (an editor's schema, a script) takes the
spelling at its word. Cerebrium's CLI decodes with viper's weak typing, which
lower-cases every key and converts strings and whole floats; the Blaxel CLI
matches its own keys regardless of case and trims timeouts.

What the CLI reads comes from the decode stage, the reading `triggercfg
show` prints (checked against 1,064 observations of the CLIs' own decoding);
this rule only judges whether it is what a person reads in the spelling:
`"030"` is 24 to Go, `"tRuE"` is refused, and both are errors instead. The
schemas keep the canonical types, so an editor underlines `cooldown = "30"`;
the linter, which knows what the CLI does with it, warns instead of failing
the run. Spellings the CLI reads as something else are errors of other rules
(`invalid-type`, `case-collision`).

## Example
```toml
[cerebrium.scaling]
cooldown = "30"
```

Use instead:
```toml
[cerebrium.scaling]
cooldown = 30
```

## Fix safety
Safe: the fix writes what the CLI already reads. A key is renamed only when
the canonical spelling is not also present (that is a `case-collision`), and
a table name is not renamed (it may appear in several headers); the message
says what to write.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..decode import UNREAD
from ..diagnostics import Anchor, Applicability, Fix, Hit, KeyPath, Severity
from ..edits import rename_key, set_value
from . import Context, Rule
from ._util import as_meant, show, table_header, timeout_paths

RULE = Rule(
    "TC010",
    "unusual-spelling",
    Severity.WARNING,
    "Key or value in a form the platform converts",
    fix="sometimes",
)

#: Cerebrium tables whose keys are the user's own names (packages), not settings.
_FREE_FORM = frozenset({"pip", "conda", "apt"})
#: Values another rule explains (`python_version = 3.11`: python-version-not-string).
_OWN_RULE = frozenset({("cerebrium", "deployment", "python_version")})


def check(ctx: Context) -> Iterator[Hit]:
    yield from _keys(ctx)
    if ctx.platform.name == "blaxel":
        yield from _timeouts(ctx)
        yield from _whole_floats(ctx)
    else:
        yield from _cerebrium_values(ctx)


def _keys(ctx: Context) -> Iterator[Hit]:
    """Keys read under another spelling: the decode stage's canonical name differs."""
    platform = "Blaxel" if ctx.platform.name == "blaxel" else "Cerebrium"
    winners = {entry.lost_to for entry in ctx.reading.lost}  # two spellings: case-collision's
    for entry in ctx.reading.renamed:
        key, meant = entry.written[-1], entry.path[-1]
        if key == meant or not isinstance(key, str) or ctx.entry(entry.path) is not entry or entry.uploaded:
            continue
        if entry.written in winners or (entry.path[-2:-1] and entry.path[-2] in _FREE_FORM):
            continue
        path, where = entry.written, entry.written[:-1]
        value = entry.value
        if isinstance(value, dict) or (isinstance(value, list) and value and isinstance(value[0], dict)):
            # A table's name can stand in several headers: say what to write, fix nothing.
            if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
                write = f"`{meant}` in its headers"  # only a prefix: `[Cerebrium.Deployment]`
            else:
                header = table_header(entry.path)
                write = f"`[{header}]`" if isinstance(value, list) else f"`{header}`"  # an array of tables
            yield Hit(
                path,
                f"table `{key}` is read as `{meant}` ({platform} ignores the case of this name); write {write}",
                Anchor.KEY,
            )
            continue
        yield Hit(
            path,
            f"`{key}` is read as `{meant}` ({platform} ignores the case of this key); write `{meant}`",
            Anchor.KEY,
            Fix(
                f"Rename `{key}` to `{meant}`",
                Applicability.SAFE,
                rename_key(where, key, str(meant)),
                (path, (*where, meant)),
            ),
        )


def _timeouts(ctx: Context) -> Iterator[Hit]:
    from ..decode.blaxel import seconds_of

    for canonical in timeout_paths(ctx.view):
        entry = ctx.entry(canonical)
        if entry is None or not isinstance(entry.value, str):
            continue
        value = entry.value
        spelt = value.strip()
        spelt = spelt[:-1] + spelt[-1:].lower()
        seconds = seconds_of(value)
        if spelt != value and seconds is not None and seconds_of(spelt) == seconds:
            yield _rewrite(entry.written, value, spelt, f"Blaxel reads it as {seconds} seconds", spells=True)


def _whole_floats(ctx: Context) -> Iterator[Hit]:
    """A whole float in a table the CLI passes on to the API: JSON has one kind
    of number, so `4096.0` arrives as 4096, the integer the API documents."""
    for entry in ctx.reading.converted:
        if (
            isinstance(entry.value, float)
            and isinstance(entry.read, int)
            and entry.ignored is None
            and ctx.entry(entry.path) is entry
        ):
            yield _rewrite(
                entry.written,
                entry.value,
                entry.read,
                "the CLI passes it on as JSON, where a whole float is the integer: the API receives",
            )


def _cerebrium_values(ctx: Context) -> Iterator[Hit]:
    """Values the CLI converts (the decode stage says how) into what a person
    reads in them: the canonical form is the value it reads."""
    for entry in ctx.reading.converted:
        if entry.read is UNREAD or entry.kind in (None, "map", "compute"):
            continue
        if ctx.entry(entry.path) is not entry or entry.path in _OWN_RULE:
            continue
        if not isinstance(entry.value, (str, int, float)) or not as_meant(ctx, entry):
            continue  # not a spelling (an array of numbers), or read as something else (invalid-type)
        value, read = entry.value, entry.read
        if isinstance(read, float) and read.is_integer() and not (isinstance(value, str) and "." in value):
            read = int(read)  # `cpu = "2"` is 2, as written
        yield _rewrite(
            entry.written,
            value,
            read,
            _READS[type(read)]
            if isinstance(value, str) or isinstance(read, (bool, str))
            else "Cerebrium reads it as the integer",
        )


_READS = {
    int: "Cerebrium reads it as the number",
    float: "Cerebrium reads it as the number",
    bool: "Cerebrium reads it as the boolean",
    list: "Cerebrium reads it as the array",
    str: "Cerebrium reads it as the string",
}


def _rewrite(path: KeyPath, value: Any, canonical: Any, reads: str, spells: bool = False) -> Hit:
    """``spells``: ``canonical`` is another spelling of what the platform reads, not the value itself."""
    written = _toml(canonical)
    said = f"{reads}; write {written}" if spells else f"{reads} {written}, so write {written}"
    return Hit(
        path,
        f"`{path[-1]}` is written {show(value)}; {said}",
        fix=Fix(f"Write {written}", Applicability.SAFE, set_value(path[:-1], path[-1], canonical), (path,)),
    )


def _toml(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return show(value)
