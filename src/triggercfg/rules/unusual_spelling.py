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
- **cerebrium.toml**: a number written as a string (`cooldown = "30"` is 30),
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

Evidence: PLATFORMS.md §3, from running each CLI's own decoding code. The
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
from ._util import show, table_header, timeout_paths

RULE = Rule(
    "TC010", "unusual-spelling", Severity.WARNING,
    "Key or value in a form the platform converts", fix="sometimes",
)

#: Tables of a blaxel.toml that the CLI decodes into its own struct (so their
#: keys match whatever their case); `[runtime]`, `[[triggers]]` and the rest are
#: maps passed on to the API as written.
BLAXEL_STRUCTS = frozenset({"BlaxelConfig", "Entrypoint", "Package", "Build"})
#: Cerebrium tables whose keys are the user's own names (packages), not settings.
_FREE_FORM = frozenset({"pip", "conda", "apt"})
#: List settings where one string is a form of its own: `compute = "CPU"`, and a
#: custom `entrypoint`, which the CLI does not split into words.
_STRING_FORMS = frozenset({"compute", "entrypoint"})
_BOOLS = {"1": True, "t": True, "true": True, "0": False, "f": False, "false": False}  # Go's ParseBool, any case


def check(ctx: Context) -> Iterator[Hit]:
    yield from _keys(ctx)
    if ctx.platform.name == "blaxel":
        yield from _timeouts(ctx)
    else:
        yield from _cerebrium_values(ctx)


def case_readers(ctx: Context) -> Iterator[tuple[KeyPath, dict[str, Any], frozenset[str]]]:
    """(table path, table, keys it knows) for every table whose keys the CLI
    matches whatever their case."""
    for table in ctx.tables:
        if ctx.platform.name == "blaxel" and table.name not in BLAXEL_STRUCTS:
            continue
        if ctx.platform.name == "cerebrium" and table.path[-1:] and table.path[-1] in _FREE_FORM:
            continue
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
                yield Hit(path, f"table `{key}` is read as `{meant}` ({platform} ignores the case of this name); "
                                f"write `{header}`", Anchor.KEY)
                continue
            yield Hit(
                path,
                f"`{key}` is read as `{meant}` ({platform} ignores the case of this key); write `{meant}`",
                Anchor.KEY,
                Fix(f"Rename `{key}` to `{meant}`", Applicability.SAFE, rename_key(where, key, meant),
                    (path, (*where, meant))),
            )


def _timeouts(ctx: Context) -> Iterator[Hit]:
    for path in timeout_paths(ctx.data):
        value = ctx.get(path)
        if not isinstance(value, str):
            continue
        canonical = value.strip()
        canonical = canonical[:-1] + canonical[-1:].lower()
        if canonical != value and canonical[:-1].isascii() and (canonical.isdigit() or canonical[:-1].isdigit()):
            yield _rewrite(path, value, canonical, "Blaxel reads it")


def _cerebrium_values(ctx: Context) -> Iterator[Hit]:
    for table in ctx.tables:
        if table.name is None:
            continue
        fields = _fields(table.name)
        for key, value in table.data.items():
            expected = fields.get(key)
            if expected is None:
                continue
            path = (*table.path, key)
            if "int" in expected and "str" not in expected:
                if isinstance(value, str) and value.isascii() and value.isdigit():
                    yield _rewrite(path, value, int(value), "Cerebrium reads it as the number")
                elif isinstance(value, float) and value.is_integer() and "float" not in expected:
                    yield _rewrite(path, value, int(value), "Cerebrium reads it as the integer")
            elif "float" in expected and isinstance(value, str) and value.isascii() and value.isdigit():
                yield _rewrite(path, value, int(value), "Cerebrium reads it as the number")
            elif expected == {"bool"} and isinstance(value, str) and value.lower() in _BOOLS:
                yield _rewrite(path, value, _BOOLS[value.lower()], "Cerebrium reads it as the boolean")
            elif expected == {"bool"} and type(value) in (int, float) and value in (0, 1):
                yield _rewrite(path, value, bool(value), "Cerebrium reads it as the boolean")
            elif "list" in expected and key not in _STRING_FORMS and isinstance(value, str) and not value.strip().startswith("["):
                items = value.split(",")
                if all(item == item.strip() and item for item in items):
                    yield _rewrite(path, value, items, "Cerebrium reads it as the array")


def _rewrite(path: KeyPath, value: Any, canonical: Any, reads: str) -> Hit:
    written = _toml(canonical)
    return Hit(
        path,
        f"`{path[-1]}` is written {show(value)}; {reads} {written}, so write {written}",
        fix=Fix(f"Write {written}", Applicability.SAFE, set_value(path[:-1], path[-1], canonical), (path,)),
    )


def _toml(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return show(value)


def _fields(model_name: str) -> dict[str, set[str]]:
    """Field → the scalar kinds its shape accepts (`int`, `float`, `str`, `bool`, `list`)."""
    found = _KINDS.get(model_name)
    if found is None:
        from ..shape import find_table, kinds, root

        table = find_table(root("cerebrium"), model_name)
        found = _KINDS[model_name] = {key: kinds(field["s"]) for key, field in table["fields"].items()}
    return found


_KINDS: dict[str, dict[str, set[str]]] = {}
