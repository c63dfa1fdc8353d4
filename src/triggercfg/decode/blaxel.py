"""What the Blaxel CLI reads from a parsed ``blaxel.toml``.

The CLI (Go, ``cli/core/config.go``) decodes the file with BurntSushi/toml
into its ``Config`` struct:

- its own keys (top level, ``[entrypoint]``, package tables, ``[build]``) are
  matched in any case, and with two spellings the later wins; the contents of
  ``[env]``, ``[runtime]``, each ``[[triggers]]`` and ``[[volumes]]``,
  ``[githubRunner]`` and ``[build] args`` are kept exactly as written;
- types are strict: a value of another type fails the whole decode, and the
  CLI then deploys with default settings, applying nothing from the file;
- string timeouts (``[runtime]``, a trigger, its ``configuration``) become
  integer seconds (``"15m"`` is 900); a malformed one is refused;
- ``$VAR``, ``${VAR:default}`` and ``${secrets.NAME}`` in the top-level string
  fields are read as where nothing is set: the default, else the text.

``../shared/PLATFORMS.md`` §1 and §3 and the 399 observations in
``../shared/decoded`` (``tests/test_decoding.py``) are what this follows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..diagnostics import KeyPath
from . import UNREAD, Entry, Ignored, Origin, Reading, Refused, run
from ._model import Entries

STR, LIST, BOOL, INT, OPT_INT, OPT_BOOL, ENTRYPOINT, ENV, PACKAGES, MAP, TABLES, BUILD = (
    "str",
    "list",
    "bool",
    "int",
    "opt-int",
    "opt-bool",
    "entrypoint",
    "env",
    "packages",
    "map",
    "tables",
    "build",
)

#: The Config struct: canonical key -> kind.
FIELDS: dict[str, str] = {
    "name": STR,
    "workspace": STR,
    "type": STR,
    "protocol": STR,
    "functions": LIST,
    "models": LIST,
    "agents": LIST,
    "entrypoint": ENTRYPOINT,
    "env": ENV,
    "function": PACKAGES,
    "agent": PACKAGES,
    "job": PACKAGES,
    "skipRoot": BOOL,
    "runtime": MAP,
    "triggers": TABLES,
    "volumes": TABLES,
    "policies": LIST,
    "defaultSize": OPT_INT,
    "directory": STR,
    "region": STR,
    "public": OPT_BOOL,
    "githubRunner": MAP,
    "memory": INT,
    "port": INT,
    "image": STR,
    "build": BUILD,
}
#: Top-level strings the CLI interpolates (``ResolveVarValue``).
INTERPOLATED = frozenset({"name", "workspace", "type", "protocol", "region", "directory", "image"})
PACKAGE_FIELDS = {"path": STR, "port": INT, "type": STR}
ENTRYPOINT_FIELDS = {"prod": STR, "dev": STR}
_LOWER = {name.lower(): name for name in FIELDS}
_ORDER = {
    name: index
    for fields in (FIELDS, PACKAGE_FIELDS, ENTRYPOINT_FIELDS, {"args": MAP})
    for index, name in enumerate(fields)
}

#: Compiled on first use (re caches it): a file without `$` never pays for it.
_VARIABLE = r"\$(?:\{(secrets\.)?([A-Za-z0-9_]+)(?::([^}]*))?\}|(secrets\.)?([A-Za-z0-9_]+))"
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
MAX_TIMEOUT = 31_536_000  # one year


#: Documented, but not read by the CLI: the platform reads them from the uploaded file.
UPLOADED: frozenset[KeyPath] = frozenset({("description",), ("build", "slim")})
#: Keys of a trigger's `[triggers.configuration]` (any type), and those of them
#: the CLI's own sample writes at the trigger's level, which the API may read there.
CONFIGURATION_KEYS = ("callbackUrl", "path", "authenticationType", "timeout", "schedule", "retry", "tasks")
SAMPLE_TRIGGER_KEYS = ("timeout", "schedule")


def decode(data: dict[str, Any]) -> Reading:
    return run("blaxel", _Reader(data), data)


def _struct_fields(parent: KeyPath) -> dict[str, str] | None:
    """The fields of the CLI's own struct at canonical table ``parent`` (whose
    keys it matches in any case); None for a map it keeps as written."""
    if not parent:
        return FIELDS
    if parent == ("entrypoint",):
        return ENTRYPOINT_FIELDS
    if parent == ("build",):
        return {"args": MAP}
    if len(parent) == 2 and parent[0] in ("function", "agent", "job"):
        return PACKAGE_FIELDS
    return None


def _canonical(parent: KeyPath, key: str, written: KeyPath) -> str:
    fields = _struct_fields(parent)
    if fields is None or key in fields:
        return key
    return next((name for name in fields if name.lower() == key.lower()), key)


def case_insensitive_tables(data: dict[str, Any]) -> Iterator[tuple[KeyPath, dict[str, Any], frozenset[str]]]:
    """(path as written, table, its fields) for every table of the file that
    the CLI decodes into its own struct, matching keys whatever their case:
    the top level, ``[entrypoint]``, ``[build]`` and each package table. The
    other tables (``[env]``, ``[runtime]``, ``[[triggers]]``, ...) are maps
    whose keys it keeps as written."""
    yield (), data, frozenset(FIELDS)
    for key, value in data.items():
        if not isinstance(value, dict):
            continue
        kind = FIELDS.get(key) or FIELDS.get(_LOWER.get(key.lower(), ""))
        if kind == ENTRYPOINT:
            yield (key,), value, frozenset(ENTRYPOINT_FIELDS)
        elif kind == BUILD:
            yield (key,), value, frozenset({"args"})
        elif kind == PACKAGES:
            for package, table in value.items():
                if isinstance(table, dict):
                    yield (key, package), table, frozenset(PACKAGE_FIELDS)


def _match(fields: dict[str, str], node: dict[str, Any]) -> dict[str, list[str]]:
    """The keys of ``node`` that each struct field takes, by canonical name,
    in file order: its own spelling, or any other case. BurntSushi/toml visits
    a table's keys in Go's map order, which is random, so of two spellings
    either may be the one the CLI keeps."""
    chosen: dict[str, list[str]] = {}
    lower = {name.lower(): name for name in fields}
    for key in node:
        name = key if key in fields else lower.get(key.lower())
        if name is not None:
            chosen.setdefault(name, []).append(key)
    return chosen


class _Reader:
    def __init__(self, data: dict[str, Any]) -> None:
        self.origins: dict[KeyPath, Origin] = {}
        self.ambiguous: dict[KeyPath, tuple[Any, ...]] = {}
        self.entries = Entries(data, _canonical)
        #: The first value the CLI cannot read (its decoding stops there).
        self.refusal: Refused | None = None

    def read(self, data: dict[str, Any]) -> dict[str, Any]:
        out = self.struct(FIELDS, data, (), ())
        self.timeouts(out)
        for path in UPLOADED:
            written = self.entries.written.get(path)
            if written is not None:
                self.entries.update(written, uploaded=True)
        if self.refusal is not None:
            raise self.refusal
        return out

    def refuse(self, refused: Refused) -> None:
        if refused.source is not None:
            self.entries.update(refused.source, refused=refused.message)
        if self.refusal is None:
            self.refusal = refused

    def field(self, kind: str, name: str, value: Any, source: KeyPath, path: KeyPath) -> Any:
        try:
            return self._field(kind, name, value, source, path)
        except Refused as refused:
            self.refuse(refused)
            return _ABSENT

    def _field(self, kind: str, name: str, value: Any, source: KeyPath, path: KeyPath) -> Any:
        how = None
        variable = False
        if kind == STR:
            _expect(value, str, "string", source)
            read = value
            if name in INTERPOLATED and len(path) == 1 and "$" in value:
                read, how = _interpolate(value)
                variable = how is not None
            self.entries.update(source, read=read, how=how, kind=kind, variable=variable)
            if not read:
                return _ABSENT
        elif kind in (INT, OPT_INT):
            if isinstance(value, bool) or not isinstance(value, int):
                _mismatch(value, "integer", source)
            read = value
            self.entries.update(source, read=read, kind=INT)
            if kind == INT and not read:
                return _ABSENT
        elif kind in (BOOL, OPT_BOOL):
            _expect(value, bool, "bool", source)
            read = value
            self.entries.update(source, read=read, kind=BOOL)
            if kind == BOOL and not read:
                return _ABSENT
        elif kind == LIST:
            _expect(value, list, "slice", source)
            for index, item in enumerate(value):
                _expect(item, str, "string", (*source, index))
            read = list(value)
            self.entries.update(source, read=read, kind=kind)
            if not read:
                return _ABSENT
        elif kind == ENTRYPOINT:
            if not isinstance(value, dict):
                raise Refused(
                    "Invalid 'entrypoint' field: The 'entrypoint' field must be a table with 'prod' "
                    "and/or 'dev' keys, not a string",
                    source,
                )
            self.entries.update(source, read=value, kind=kind)
            read = self.struct(ENTRYPOINT_FIELDS, value, source, path)
            if not read:
                return _ABSENT
        elif kind == ENV:
            _expect(value, dict, "map", source)
            self.entries.update(source, read=value, kind=kind)
            failed = None
            for key, item in value.items():
                try:
                    _expect(item, str, "string", (*source, key))
                except Refused as refused:
                    failed = failed or refused
                    self.entries.update((*source, key), refused=refused.message)
                    continue
                self.entries.update((*source, key), read=item, kind=STR)
                self.origins[(*path, key)] = Origin((*source, key))
            if failed is not None:
                raise failed
            read = dict(value)
            if not read:
                return _ABSENT
        elif kind == PACKAGES:
            _expect(value, dict, "map", source)
            self.entries.update(source, read=value, kind=kind)
            read = {}
            for key, item in value.items():
                if not isinstance(item, dict):
                    last = ".".join(str(part) for part in (*source, key))
                    self.refuse(
                        Refused(
                            f'toml: (last key "{last}"): type mismatch for core.Package: '
                            f"expected table but found {_toml_type(item)}",
                            (*source, key),
                        )
                    )
                    continue
                self.entries.update((*source, key), read=item, kind=MAP)
                read[key] = self.struct(PACKAGE_FIELDS, item, (*source, key), (*path, key))
                self.origins[(*path, key)] = Origin((*source, key))
            if not read:
                return _ABSENT
        elif kind == MAP:
            if not isinstance(value, dict):
                if name == "runtime":
                    raise Refused(
                        "Invalid 'runtime' field: The 'runtime' field must be a table, not a simple value.", source
                    )
                _mismatch(value, "map", source)
            read = value
            self.entries.update(source, read=value, kind=kind)
            self.passthrough(value, source, path)
            if not read:
                return _ABSENT
        elif kind == TABLES:
            if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
                raise Refused(f"Invalid '{name}' field: The '{name}' field must be an array of tables", source)
            read = value
            self.entries.update(source, read=value, kind=kind)
            self.passthrough(value, source, path)
            if not read:
                return _ABSENT
        else:  # BUILD
            _expect(value, dict, "struct", source)
            self.entries.update(source, read=value, kind=MAP)
            read = {}
            args = _match({"args": MAP}, value)
            if "args" in args:
                spelling = args["args"][-1]
                written = value[spelling]
                _expect(written, dict, "map", (*source, spelling))
                self.entries.update((*source, spelling), read=written, kind=MAP)
                for key, item in written.items():
                    _expect(item, str, "string", (*source, spelling, key))
                if written:
                    read["args"] = dict(written)
                    self.passthrough(written, (*source, spelling), (*path, "args"))
            if not read:
                return _ABSENT
        self.origins[path] = Origin(source, how)
        return read

    def struct(self, fields: dict[str, str], node: dict[str, Any], source: KeyPath, path: KeyPath) -> dict[str, Any]:
        out = {}
        matched = _match(fields, node)
        for name, keys in sorted(matched.items(), key=lambda item: _ORDER[item[0]]):  # the struct's order
            # every spelling is decoded (a wrong type in any fails the file); the last is shown
            values = [self.field(fields[name], name, node[key], (*source, key), (*path, name)) for key in keys]
            self.origins[(*path, name)] = self.origins.get((*path, name), Origin((*source, keys[-1])))
            if len(keys) > 1:
                self.origins[(*path, name)] = Origin(
                    (*source, keys[-1]), f"one of {len(keys)} spellings: " + ", ".join(f"`{key}`" for key in keys)
                )
                others = tuple(v for v in values[:-1] if v != values[-1])
                if others:
                    self.ambiguous[(*path, name)] = others
                winner = (*source, keys[-1])
                for key, value in zip(keys[:-1], values[:-1], strict=True):
                    same = value == values[-1] and type(value) is type(values[-1])
                    what = "table" if isinstance(node[key], (dict, list)) else "key"
                    self.entries.lose(
                        (*source, key),
                        winner,
                        None
                        if same
                        else Ignored(
                            "collision",
                            False,
                            f"the CLI takes this {what} or another spelling of it at random (Go map order), run by run",
                            winner,
                        ),
                    )
            if values[-1] is not _ABSENT:
                out[name] = values[-1]
        return out

    def passthrough(self, node: Any, source: KeyPath, path: KeyPath) -> None:
        """Values the CLI hands on as written (maps it does not look into): the
        API receives them as JSON, where a whole float is the integer."""
        if isinstance(node, dict):
            items: Any = node.items()
        elif isinstance(node, list):
            items = enumerate(node)
        else:
            return
        for key, value in items:
            self.origins[(*path, key)] = Origin((*source, key))
            if isinstance(key, str):
                if isinstance(value, float) and value.is_integer():
                    self.entries.update(
                        (*source, key), read=int(value), how=f"written {value!r}: JSON sends it as {int(value)}"
                    )
                else:
                    self.entries.update((*source, key), read=value)
            self.passthrough(value, (*source, key), (*path, key))

    # -- ConvertRuntimeTimeouts / ConvertTriggersTimeouts ------------------------------
    def timeouts(self, out: dict[str, Any]) -> None:
        runtime = out.get("runtime")
        if isinstance(runtime, dict) and "timeout" in runtime:
            out["runtime"] = runtime = dict(runtime)
            runtime["timeout"] = self.timeout(runtime["timeout"], ("runtime", "timeout"), "runtime")
        triggers = out.get("triggers")
        if isinstance(triggers, list):
            out["triggers"] = triggers = [dict(t) for t in triggers]
            for index, trigger in enumerate(triggers):
                if "timeout" in trigger:
                    trigger["timeout"] = self.timeout(
                        trigger["timeout"], ("triggers", index, "timeout"), f"trigger[{index}]"
                    )
                configuration = trigger.get("configuration")
                if isinstance(configuration, dict) and "timeout" in configuration:
                    trigger["configuration"] = configuration = dict(configuration)
                    configuration["timeout"] = self.timeout(
                        configuration["timeout"],
                        ("triggers", index, "configuration", "timeout"),
                        f"trigger[{index}].configuration",
                    )

    def timeout(self, value: Any, path: KeyPath, where: str) -> Any:
        if not isinstance(value, str):
            return value  # a number is passed on unchecked
        seconds = seconds_of(value)
        origin = self.origins.get(path, Origin(path))
        if seconds is None:
            self.refuse(
                Refused(
                    f"{where}: invalid timeout value: invalid duration format: {value.strip()} (expected "
                    "format: number followed by s, m, h, d, or w, e.g. '30s', '5m', '1h')",
                    origin.source,
                )
            )
            return value
        if seconds > MAX_TIMEOUT:
            self.refuse(
                Refused(f"{where}: invalid timeout value: duration exceeds maximum allowed (1 year)", origin.source)
            )
            return value
        how = f"written {_quote(value)}, converted to seconds"
        self.origins[path] = origin._replace(how=how)
        self.entries.update(origin.source, read=seconds, how=how, kind="timeout")
        return seconds

    # -- the entries ----------------------------------------------------------------
    def model(self, data: dict[str, Any]) -> tuple[tuple[Entry, ...], dict[str, Any], dict[KeyPath, Entry]]:
        """The entries (what the CLI makes of every key), the view and its index."""
        entries, view, index = self.entries.finish()
        return _classify(entries, view), view, index


def _classify(entries: tuple[Entry, ...], view: dict[str, Any]) -> tuple[Entry, ...]:
    """Why each key is not read: a key the CLI does not read (unknown, or a
    top-level `transport`), or, in the maps it passes on to the API, a key the
    API does not document, documents in another table, or uses only with
    another trigger type; a table ignored whole is one entry."""
    from ..shape import all_known_keys, root, tables

    shapes = {table.path: table for table in tables(root("blaxel"), view)}
    homes = all_known_keys("blaxel")
    out = []
    skip: KeyPath | None = None
    for entry in entries:
        if skip is not None and entry.written[: len(skip)] == skip:
            out.append(entry)
            continue
        skip = None
        if entry.lost_to is not None or entry.refused is not None or entry.uploaded:
            skip = entry.written if entry.lost_to is not None or entry.refused is not None else None
            out.append(entry)
            continue
        ignored = _why(entry, shapes, homes)
        if ignored is not None:
            entry = entry._replace(ignored=ignored)
            if ignored.certain or isinstance(entry.value, (dict, list)):
                skip = entry.written
        out.append(entry)
    return tuple(out)


def _why(entry: Entry, shapes: dict[KeyPath, Any], homes: dict[str, set[KeyPath]]) -> Ignored | None:
    path = entry.path
    key, parent = str(path[-1]), path[:-1]
    table = shapes.get(parent)
    what = "table" if isinstance(entry.value, dict) else "key"
    if entry.read is UNREAD:  # the CLI does not read it
        known = frozenset(table.known) if table is not None else frozenset()
        if path == ("transport",):
            return Ignored(
                "misplaced", True, "no longer read at the top level (since the CLI of 2025-10-14)", ("runtime",)
            )
        return Ignored("unknown", True, f"not a {what} the Blaxel CLI reads", known=known)
    if len(parent) == 2 and parent[0] == "triggers" and key == "configuration" and isinstance(entry.value, list):
        return Ignored("misplaced", False, "the API reads `configuration` as one table, not as an array of tables")
    if table is None or key in table.known:
        if table is not None and key in table.legacy:
            return Ignored("legacy", False, "removed from the Blaxel API on 2026-04-15: it may be ignored")
        if path[-2:] == ("runtime", "envs") and len(path) == 2:
            return Ignored("replaced", False, "the CLI replaces `envs` with the variables of `[env]` (from its code)")
        return None
    if _struct_fields(parent) is not None:
        return None  # matched in the struct (another case): read
    if len(parent) == 2 and parent[0] == "triggers" and key in CONFIGURATION_KEYS:
        sample = key in SAMPLE_TRIGGER_KEYS
        return Ignored(
            "misplaced",
            not sample,
            "the API reads it only in `[triggers.configuration]`"
            + ("; the CLI's own sample writes it here, so it may be read" if sample else ""),
            (*parent, "configuration"),
        )
    pattern = tuple("*" if isinstance(part, int) else part for part in parent)
    if (*pattern, key) in homes.get(key, ()):
        return Ignored("unused", False, "the API uses it only with another trigger type", known=frozenset(table.known))
    return Ignored(
        "undocumented",
        False,
        f"passed on by the CLI, but the Blaxel API does not document this {what}",
        known=frozenset(table.known),
    )


def seconds_of(text: str) -> int | None:
    """The seconds a Blaxel timeout string stands for, as the CLI converts it
    (``"45"``, ``"15m"``, ``" 30S "``), or None when the CLI refuses it."""
    text = text.strip()
    digits, unit = (text[:-1], text[-1].lower()) if text[-1:].lower() in _UNITS else (text, "s")
    if not (digits.isascii() and digits.isdigit()):
        return None  # also a unit that only Unicode case folding makes one (`ſ`, the Kelvin sign)
    return int(digits) * _UNITS[unit]


def _interpolate(value: str) -> tuple[str, str | None]:
    """``ResolveVarValue`` where nothing is set: the default, else the text as written."""
    match = re.fullmatch(_VARIABLE, value)
    if match is None:
        return value, None
    default = match.group(3)
    if default is not None:
        return default, f"written {_quote(value)}: the default, where the variable is not set"
    return value, "a variable: read as written where it is not set"


class _Absent:
    pass


_ABSENT = _Absent()


def _expect(value: Any, kind: type, go: str, source: KeyPath) -> None:
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        _mismatch(value, go, source)


def _mismatch(value: Any, go: str, source: KeyPath) -> None:
    last = ".".join(str(part) for part in source)
    raise Refused(
        f'toml: (last key "{last}"): incompatible types: TOML value has type {_toml_type(value)}; '
        f"destination has type {go}",
        source,
    )


def _toml_type(value: Any) -> str:
    return {
        bool: "bool",
        int: "int64",
        float: "float64",
        str: "string",
        list: "[]interface {}",
        dict: "map[string]interface {}",
    }.get(type(value), "time.Time")


def _quote(value: str) -> str:
    from ..edits import toml_string

    return toml_string(value)
