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
  (`" 30S "` is 30 seconds);
- **cerebrium.toml**: a number written as a string (`cooldown = "30"` is 30,
  `cpu = "2.5"` is 2.5),
  a whole float where an integer belongs (`max_replicas = 2.0` is 2), a
  boolean written as a string (`disable_auth = "true"`) or as 1 or 0
  (`disable_auth = 1` is `true`), and one string where
  a list belongs when it holds no comma (`include = "main.py"` is
  `["main.py"]`) or commas without spaces (`"a.py,b.py"`).

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

from ..diagnostics import Anchor, Applicability, Fix, Hit, KeyPath, Severity
from ..edits import rename_key, set_value
from . import Context, Rule
from ._util import read_as_meant, show, table_header, timeout_paths

RULE = Rule(
    "TC010",
    "unusual-spelling",
    Severity.WARNING,
    "Key or value in a form the platform converts",
    fix="sometimes",
)

#: Cerebrium tables whose keys are the user's own names (packages), not settings.
_FREE_FORM = frozenset({"pip", "conda", "apt"})


def check(ctx: Context) -> Iterator[Hit]:
    yield from _keys(ctx)
    if ctx.platform.name == "blaxel":
        yield from _timeouts(ctx)
    else:
        yield from _cerebrium_values(ctx)


def case_readers(ctx: Context) -> Iterator[tuple[KeyPath, dict[str, Any], frozenset[str]]]:
    """(table path, table, keys it knows) for every table whose keys the CLI
    matches whatever their case (the decode stage says which)."""
    if ctx.platform.name == "blaxel":
        from ..decode.blaxel import case_insensitive_tables

        yield from case_insensitive_tables(ctx.data)
        return
    for table in ctx.tables:  # the Cerebrium CLI lower-cases every key (decode.cerebrium.fold)
        if not (table.path[-1:] and table.path[-1] in _FREE_FORM):
            yield table.path, table.data, table.known


def _keys(ctx: Context) -> Iterator[Hit]:
    platform = "Blaxel" if ctx.platform.name == "blaxel" else "Cerebrium"
    for where, data, known in case_readers(ctx):
        canonical: dict[str, str] | None = None
        for key, value in data.items():
            if key in known:
                continue
            if canonical is None:
                canonical = {k.lower(): k for k in known}
            meant = canonical.get(key.lower())
            if meant is None or sum(1 for k in data if k.lower() == meant.lower()) > 1:
                continue  # unknown (unknown-key), or two spellings (case-collision)
            path = (*where, key)
            if isinstance(value, dict) or (isinstance(value, list) and value and isinstance(value[0], dict)):
                # A table's name can stand in several headers: say what to write, fix nothing.
                header = table_header((*where, meant))
                if isinstance(value, list):
                    header = f"[{header}]"  # an array of tables
                yield Hit(
                    path,
                    f"table `{key}` is read as `{meant}` ({platform} ignores the case of this name); write `{header}`",
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
                    rename_key(where, key, meant),
                    (path, (*where, meant)),
                ),
            )


def _timeouts(ctx: Context) -> Iterator[Hit]:
    from ..decode.blaxel import seconds_of

    for path in timeout_paths(ctx.data):
        value = ctx.get(path)
        if not isinstance(value, str):
            continue
        canonical = value.strip()
        canonical = canonical[:-1] + canonical[-1:].lower()
        seconds = seconds_of(value)
        if canonical != value and seconds is not None and seconds_of(canonical) == seconds:
            yield _rewrite(path, value, canonical, f"Blaxel reads it as {seconds} seconds", spells=True)


def _cerebrium_values(ctx: Context) -> Iterator[Hit]:
    """Values the CLI converts (the decode stage says how) into what a person
    reads in them: the canonical form is the value it reads."""
    from ..decode import Refused
    from ..decode.cerebrium import read_value

    for table in ctx.tables:
        for key, value in table.data.items():
            path = (*table.path, key)
            if key == "entrypoint" or isinstance(value, dict):
                continue  # one string is a command line, not a list of one: invalid-type says what it runs
            try:
                reading = read_value(path, value)
            except Refused:
                continue  # the CLI refuses it: invalid-type
            if reading is None or reading[1] is None or not read_as_meant(value, reading[0]):
                continue  # not read, read as written, or read as something else (invalid-type)
            read = reading[0]
            if isinstance(read, float) and read.is_integer() and not (isinstance(value, str) and "." in value):
                read = int(read)  # `cpu = "2"` is 2, as written
            yield _rewrite(
                path,
                value,
                read,
                _READS[type(read)]
                if isinstance(value, str) or isinstance(read, bool)
                else "Cerebrium reads it as the integer",
            )


_READS = {
    int: "Cerebrium reads it as the number",
    float: "Cerebrium reads it as the number",
    bool: "Cerebrium reads it as the boolean",
    list: "Cerebrium reads it as the array",
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
