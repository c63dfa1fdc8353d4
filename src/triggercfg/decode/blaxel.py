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
from typing import Any

from ..diagnostics import KeyPath
from ..shape import all_known_keys, root, tables
from . import UNREAD, Entry, Ignored, Origin, Reading, Refused, Whole, reading

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
#: `[build]`: the struct holds one map, `args`.
BUILD_FIELDS = {"args": ENV}
#: Where refusals of the timeout conversion come in the CLI's order: after the whole struct decodes.
_TIMEOUTS = len(_ORDER) + 1

Order = tuple[int, ...]


def decode(data: dict[str, Any]) -> Reading:
    walk = _Walk()
    walk.struct(data, (), (), walk.view, FIELDS, ())
    walk.timeouts()
    walk.classify()
    return reading("blaxel", walk)


def _lower(fields: dict[str, str]) -> dict[str, str]:
    """Each field's name by its lower case (one table per struct, made once)."""
    found = _LOWERS.get(id(fields))
    if found is None:
        found = _LOWERS[id(fields)] = {name.lower(): name for name in fields}
    return found


_LOWERS: dict[int, dict[str, str]] = {}


def _match(fields: dict[str, str], node: dict[str, Any]) -> dict[str, list[str]]:
    """The keys of ``node`` that each struct field takes, by canonical name,
    in file order: its own spelling, or any other case. BurntSushi/toml visits
    a table's keys in Go's map order, which is random, so of two spellings
    either may be the one the CLI keeps."""
    chosen: dict[str, list[str]] = {}
    lower = _lower(fields)
    for key in node:
        name = key if key in fields else lower.get(key.lower())
        if name is not None:
            chosen.setdefault(name, []).append(key)
    return chosen


class _Walk:
    """One walk of the file: an entry for every key, what the CLI reads from
    each (its own struct's fields in any case, strictly typed; the maps it
    passes on as written), and the view of the values read."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.by_path: dict[KeyPath, Entry] = {}
        self.view: dict[str, Any] = {}
        #: Keys the CLI does not read, outermost only; keys it passes on to the API (both classified at the end).
        self.unread: list[Entry] = []
        self.passed: list[Entry] = []
        #: (order, entry, the CLI's message) of each value the CLI cannot decode or convert.
        self.refusals: list[tuple[Order, Entry, str]] = []
        #: The spellings of each field of the CLI's structs, by canonical path, the one shown last.
        self.spellings: dict[KeyPath, list[Entry]] = {}
        self.converted: list[Entry] = []
        self.renamed: list[Entry] = []
        self.lost: list[Entry] = []

    # -- the CLI's own structs ------------------------------------------------------------
    def struct(
        self,
        node: dict[str, Any],
        written: KeyPath,
        path: KeyPath,
        view: dict[str, Any] | None,
        fields: dict[str, str],
        order: Order,
    ) -> None:
        """A table BurntSushi/toml decodes into a struct: each field in any case,
        every spelling decoded (a wrong type in any fails the file), the last shown."""
        matched = _match(fields, node)
        for key, value in node.items():
            name = key if key in fields else _name(fields, key)
            where = (*written, key)
            entry = Entry(where, (*path, name or key), value)
            self.entries.append(entry)
            if name is None:
                if (*path, key) in UPLOADED and view is not None:
                    entry.uploaded = True
                    self.by_path[entry.path] = entry
                    view[key] = value
                    self.below(entry)
                else:
                    self.unread.append(entry)
                    self.below(entry)
                continue
            spellings = matched[name]
            index = spellings.index(key)
            winner = index == len(spellings) - 1
            if name != key:
                self.renamed.append(entry)
            if not winner:
                entry.lost_to = (*written, spellings[-1])
                self.lost.append(entry)
            self.spellings.setdefault(entry.path, []).append(entry)
            self.field(entry, fields[name], name, view if winner else None, (*order, _ORDER[name], index))
        for name, spellings in matched.items():
            if len(spellings) > 1:
                self.lose((*path, name))

    def field(self, entry: Entry, kind: str, name: str, view: dict[str, Any] | None, order: Order) -> None:
        value, source, path = entry.value, entry.written, entry.path
        try:
            if kind == STR:
                _expect(value, str, "string", source)
                read, how = value, None
                if name in INTERPOLATED and len(path) == 1 and "$" in value:
                    read, how = _interpolate(value)
                    entry.variable = how is not None
                self.take(entry, view, read, how, kind)
            elif kind in (INT, OPT_INT):
                if isinstance(value, bool) or not isinstance(value, int):
                    _mismatch(value, "integer", source)
                self.take(entry, view, value, None, INT)
            elif kind in (BOOL, OPT_BOOL):
                _expect(value, bool, "bool", source)
                self.take(entry, view, value, None, BOOL)
            elif kind == LIST:
                _expect(value, list, "slice", source)
                for index, item in enumerate(value):
                    _expect(item, str, "string", (*source, index))
                self.take(entry, view, list(value), None, kind)
            elif kind == ENTRYPOINT:
                if not isinstance(value, dict):
                    raise Refused(
                        "Invalid 'entrypoint' field: The 'entrypoint' field must be a table with 'prod' "
                        "and/or 'dev' keys, not a string",
                        source,
                    )
                self.struct(value, source, path, self.table(entry, view, kind), ENTRYPOINT_FIELDS, order)
            elif kind == ENV:  # `[env]`, `[build] args`: strings by name, kept as written
                _expect(value, dict, "map", source)
                inner = self.table(entry, view, kind)
                for position, (key, item) in enumerate(value.items()):
                    child = Entry((*source, key), (*path, key), item)
                    self.entries.append(child)
                    if isinstance(item, str):
                        self.take(child, inner, item, None, STR)
                        continue
                    try:
                        _mismatch(item, "string", (*source, key))
                    except Refused as refused:
                        self.refuse(child, inner, refused, (*order, position), STR)
            elif kind == PACKAGES:
                _expect(value, dict, "map", source)
                inner = self.table(entry, view, kind)
                for position, (key, item) in enumerate(value.items()):
                    child = Entry((*source, key), (*path, key), item)
                    self.entries.append(child)
                    if isinstance(item, dict):
                        table = self.table(child, inner, MAP)
                        self.struct(item, child.written, child.path, table, PACKAGE_FIELDS, (*order, position))
                        continue
                    last = ".".join(str(part) for part in child.written)
                    mismatch = Refused(
                        f'toml: (last key "{last}"): type mismatch for core.Package: '
                        f"expected table but found {_toml_type(item)}",
                        child.written,
                    )
                    self.refuse(child, inner, mismatch, (*order, position), MAP)
            elif kind == MAP:  # `[runtime]`, `githubRunner`: passed on to the API as written
                if not isinstance(value, dict):
                    if name == "runtime":
                        raise Refused(
                            "Invalid 'runtime' field: The 'runtime' field must be a table, not a simple value.", source
                        )
                    _mismatch(value, "map", source)
                self.passthrough(entry, self.table(entry, view, kind))
            elif kind == TABLES:  # `[[triggers]]`, `[[volumes]]`: the same, each table of the array
                if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
                    raise Refused(f"Invalid '{name}' field: The '{name}' field must be an array of tables", source)
                shell: list[Any] = [{} for _ in value]
                self.take(entry, view, shell, None, kind)
                entry.read = value
                for index, item in enumerate(value):
                    element = Entry((*source, index), (*path, index), item)
                    self.passthrough(element, shell[index] if view is not None else None)
            else:  # BUILD
                _expect(value, dict, "struct", source)
                self.struct(value, source, path, self.table(entry, view, MAP), BUILD_FIELDS, order)
        except Refused as refused:
            self.refuse(entry, view, refused, order, kind)

    # -- the maps the CLI passes on ----------------------------------------------------------
    def passthrough(self, entry: Entry, view: dict[str, Any] | None) -> None:
        """Every key below ``entry``, as written: the API receives it as JSON, where a whole float is the integer."""
        value = entry.value
        for key, item in value.items():
            child = Entry((*entry.written, key), (*entry.path, key), item)
            self.entries.append(child)
            if view is not None:
                self.passed.append(child)
            if isinstance(item, dict):
                self.passthrough(child, self.table(child, view, None))
            elif isinstance(item, list) and any(isinstance(element, dict) for element in item):
                shell = [{} if isinstance(element, dict) else element for element in item]
                self.take(child, view, shell)
                child.read = item
                for index, element in enumerate(item):
                    if isinstance(element, dict):
                        inner = shell[index] if view is not None else None
                        self.passthrough(Entry((*child.written, index), (*child.path, index), element), inner)
            elif isinstance(item, float) and item.is_integer():
                self.take(child, view, int(item), f"written {item!r}: JSON sends it as {int(item)}")
            else:
                self.take(child, view, item)

    # -- ConvertRuntimeTimeouts / ConvertTriggersTimeouts ------------------------------
    def timeouts(self) -> None:
        """The CLI converts string timeouts to seconds, after decoding, in the values it keeps."""
        paths: list[tuple[KeyPath, str]] = [(("runtime", "timeout"), "runtime")]
        triggers = self.view.get("triggers")
        if isinstance(triggers, list):
            for index, trigger in enumerate(triggers):
                paths.append((("triggers", index, "timeout"), f"trigger[{index}]"))
                if isinstance(trigger.get("configuration"), dict):
                    paths.append((("triggers", index, "configuration", "timeout"), f"trigger[{index}].configuration"))
        for number, (path, where) in enumerate(paths):
            entry = self.by_path.get(path)
            if entry is not None and isinstance(entry.value, str):
                self.timeout(entry, where, (_TIMEOUTS, number))

    def timeout(self, entry: Entry, where: str, order: Order) -> None:
        value = entry.value
        seconds = seconds_of(value)
        if seconds is None:
            message = (
                f"{where}: invalid timeout value: invalid duration format: {value.strip()} (expected "
                "format: number followed by s, m, h, d, or w, e.g. '30s', '5m', '1h')"
            )
        elif seconds > MAX_TIMEOUT:
            message = f"{where}: invalid timeout value: duration exceeds maximum allowed (1 year)"
        else:
            entry.read, entry.how, entry.kind = seconds, f"written {_quote(value)}, converted to seconds", "timeout"
            self.converted.append(entry)
            self.node(entry.path[:-1])[str(entry.path[-1])] = seconds
            return
        entry.read, entry.refused, entry.kind = UNREAD, message, "timeout"
        self.refusals.append((order, entry, message))

    def node(self, path: KeyPath) -> Any:
        node: Any = self.view
        for part in path:
            node = node[part]
        return node

    # -- the entries ---------------------------------------------------------------------
    def table(self, entry: Entry, view: dict[str, Any] | None, kind: str | None) -> dict[str, Any] | None:
        """A table the CLI reads: its shell in the view, which its keys fill."""
        inner: dict[str, Any] | None = {} if view is not None else None
        self.take(entry, view, inner, None, kind)
        entry.read = entry.value
        return inner

    def take(
        self, entry: Entry, view: dict[str, Any] | None, read: Any, how: str | None = None, kind: str | None = None
    ) -> None:
        entry.read, entry.how, entry.kind = read, how, kind
        if how is not None:
            self.converted.append(entry)
        if view is not None:
            self.by_path[entry.path] = entry
            view[str(entry.path[-1])] = entry.value if entry.variable else read

    def refuse(
        self, entry: Entry, view: dict[str, Any] | None, refused: Refused, order: Order, kind: str | None = None
    ) -> None:
        entry.read, entry.refused, entry.kind = UNREAD, refused.message, kind
        self.refusals.append((order, entry, refused.message))
        if view is not None:
            self.by_path[entry.path] = entry
            view[str(entry.path[-1])] = entry.value  # as written: the models say what is wrong with it
        self.below(entry)

    def below(self, entry: Entry) -> None:
        """Entries for the keys inside a value the CLI does not read."""
        value = entry.value
        if isinstance(value, dict):
            for key, item in value.items():
                inner = Entry((*entry.written, key), (*entry.path, key), item)
                self.entries.append(inner)
                self.below(inner)
        elif isinstance(value, list):
            for index, element in enumerate(value):
                if isinstance(element, dict):
                    self.below(Entry((*entry.written, index), (*entry.path, index), element))

    def lose(self, path: KeyPath) -> None:
        """Two spellings of one field: the CLI takes either, at random; the
        earlier ones are ignored (maybe), unless they give it the same value."""
        spellings = self.spellings[path]
        kept = spellings[-1]
        for entry in spellings[:-1]:
            if _read_of(entry) == _read_of(kept) and type(entry.value) is type(kept.value):
                continue
            what = "table" if isinstance(entry.value, (dict, list)) else "key"
            entry.ignored = Ignored(
                "collision",
                False,
                f"the CLI takes this {what} or another spelling of it at random (Go map order), run by run",
                kept.written,
            )

    def classify(self) -> None:
        """Why each key is not read: a key the CLI does not read (unknown, or a
        top-level `transport`), or, in the maps it passes on to the API, a key
        the API does not document, documents in another table, or uses only
        with another trigger type; a table ignored whole is one entry."""
        if not self.unread and not self.passed:
            return
        shapes = {table.path: table for table in tables(root("blaxel"), self.view)}
        homes = all_known_keys("blaxel")
        for entry in self.unread:
            entry.ignored = _why(entry, shapes, homes)
        skip: KeyPath | None = None
        covering: Ignored | None = None
        for entry in self.passed:
            if skip is not None and entry.written[: len(skip)] == skip:
                entry.ignored = covering  # inside a table the API may ignore: as undocumented as it
                continue
            skip = None
            if entry.refused is not None:
                continue
            entry.ignored = ignored = _why(entry, shapes, homes)
            if ignored is not None and (ignored.certain or isinstance(entry.value, (dict, list))):
                skip, covering = entry.written, ignored

    # -- what the CLI holds of the whole file (`show`) ------------------------------------------
    def assemble(self, reading: Reading) -> Whole:
        if self.refusals:
            _, entry, error = min(self.refusals, key=lambda refusal: refusal[0])
            return Whole(False, error, None, {}, entry.written)
        origins: dict[KeyPath, Origin] = {}
        ambiguous: dict[KeyPath, tuple[Any, ...]] = {}
        read = self.struct_read((), FIELDS, origins, ambiguous)
        return Whole(True, "", read, origins, None, ambiguous or None)

    def struct_read(
        self,
        path: KeyPath,
        fields: dict[str, str],
        origins: dict[KeyPath, Origin],
        ambiguous: dict[KeyPath, tuple[Any, ...]],
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, kind in fields.items():
            spellings = self.spellings.get((*path, name))
            if not spellings:
                continue
            kept = spellings[-1]
            value = self.value_read(kept, kind, origins, ambiguous)
            where = (*path, name)
            if len(spellings) > 1:
                origins[where] = Origin(
                    kept.written,
                    f"one of {len(spellings)} spellings: " + ", ".join(f"`{e.written[-1]}`" for e in spellings),
                )
                scratch: dict[KeyPath, Origin] = {}
                others = tuple(
                    other for other in (self.value_read(e, kind, scratch, {}) for e in spellings[:-1]) if other != value
                )
                if others:
                    ambiguous[where] = others
            else:
                origins[where] = Origin(kept.written, kept.how if kind == STR else None)
            if value is not _ABSENT:
                out[name] = value
        return out

    def value_read(
        self,
        entry: Entry,
        kind: str,
        origins: dict[KeyPath, Origin],
        ambiguous: dict[KeyPath, tuple[Any, ...]],
    ) -> Any:
        read, path = entry.read, entry.path
        if kind == STR:
            return read if read else _ABSENT
        if kind in (INT, BOOL):
            return read if read else _ABSENT
        if kind in (OPT_INT, OPT_BOOL):
            return read
        if kind == LIST:
            return list(read) if read else _ABSENT
        if kind == ENTRYPOINT:
            return self.struct_read(path, ENTRYPOINT_FIELDS, origins, ambiguous) or _ABSENT
        if kind == ENV:
            for key in entry.value:
                origins[(*path, key)] = Origin((*entry.written, key))
            return dict(entry.value) or _ABSENT
        if kind == PACKAGES:
            out = {}
            for key in entry.value:
                out[key] = self.struct_read((*path, key), PACKAGE_FIELDS, origins, ambiguous)
                origins[(*path, key)] = Origin((*entry.written, key))
            return out or _ABSENT
        if kind == BUILD:
            out = {}
            spellings = self.spellings.get((*path, "args"))
            if spellings and spellings[-1].value:
                args = spellings[-1]
                out["args"] = dict(args.value)
                _origins(args.value, args.written, (*path, "args"), origins)
            return out or _ABSENT
        value = entry.value  # MAP, TABLES: as written, with the timeouts converted
        if not value:
            return _ABSENT
        _origins(value, entry.written, path, origins)
        if path == ("runtime",) and isinstance(value, dict) and "timeout" in value:
            value = dict(value)
            value["timeout"] = self.timeout_read(("runtime", "timeout"), value["timeout"], origins)
        elif path == ("triggers",):
            value = [dict(t) for t in value]
            for index, trigger in enumerate(value):
                if "timeout" in trigger:
                    trigger["timeout"] = self.timeout_read(("triggers", index, "timeout"), trigger["timeout"], origins)
                configuration = trigger.get("configuration")
                if isinstance(configuration, dict) and "timeout" in configuration:
                    trigger["configuration"] = configuration = dict(configuration)
                    configuration["timeout"] = self.timeout_read(
                        ("triggers", index, "configuration", "timeout"), configuration["timeout"], origins
                    )
        return value

    def timeout_read(self, path: KeyPath, value: Any, origins: dict[KeyPath, Origin]) -> Any:
        entry = self.by_path.get(path)
        if entry is None or entry.kind != "timeout":
            return value  # a number is passed on unchecked
        origins[path] = Origin(entry.written, entry.how)
        return entry.read


def _origins(node: Any, written: KeyPath, path: KeyPath, origins: dict[KeyPath, Origin]) -> None:
    """Each value below a map the CLI hands on as written came from the same place in the file."""
    if isinstance(node, dict):
        items: Any = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return
    for key, value in items:
        origins[(*path, key)] = Origin((*written, key))
        _origins(value, (*written, key), (*path, key), origins)


def _read_of(entry: Entry) -> Any:
    return entry.value if entry.read is UNREAD or isinstance(entry.value, (dict, list)) else entry.read


def _name(fields: dict[str, str], key: str) -> str | None:
    return _lower(fields).get(key.lower())


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
        if path == ("runtime", "envs"):
            return Ignored("replaced", False, "the CLI replaces `envs` with the variables of `[env]` (from its code)")
        return None
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
