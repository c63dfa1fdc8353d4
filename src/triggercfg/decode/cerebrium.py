"""What the Cerebrium CLI reads from a parsed ``cerebrium.toml``.

The CLI (Go, ``pkg/projectconfig``) reads the file with viper and decodes
each section into its structs with mapstructure, weakly typed:

- every key is lower-cased, package names included; two spellings of one key
  or table collide, and the later replaces the earlier, whole;
- digit strings become integers, floats are truncated, booleans become 1 or
  0 and back, numbers become strings as Go prints them (``3.10`` is ``"3.1"``);
- a string where a list is expected is split at commas, spaces kept (except
  ``compute``, which is a list of one);
- ``include`` and ``exclude`` are filled in when the file gives none;
- then its own checks: ``deployment.name`` is required, ``provider =
  "coreweave"`` is refused, ``compute`` may not be empty, ``compute_tier`` and
  ``container_runtime`` are enumerations.

``../shared/PLATFORMS.md`` §3 and the 665 observations in ``../shared/decoded``
(``tests/test_decoding.py``) are what this follows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from ..diagnostics import KeyPath
from ..edits import toml_value
from ..shape import find_table, known_keys, root, tables
from . import UNREAD, Entry, Ignored, Origin, Reading, Refused, Whole, reading

DEFAULT_INCLUDE = ["./*", "main.py", "cerebrium.toml"]
DEFAULT_EXCLUDE = [".*"]

# Field kinds: how mapstructure converts into the Go type behind each key.
STR, INT, FLOAT, BOOL, LIST, MAP, COMPUTE = "str", "int", "float", "bool", "list", "map", "compute"

#: section -> key -> (kind, absent when empty or zero)
FIELDS: dict[str, dict[str, tuple[str, bool]]] = {
    "deployment": {
        "name": (STR, True),
        "python_version": (STR, True),
        "docker_base_image_url": (STR, True),
        "include": (LIST, True),
        "exclude": (LIST, True),
        "shell_commands": (LIST, True),
        "pre_build_commands": (LIST, True),
        "disable_auth": (BOOL, False),
        "use_uv": (BOOL, False),
        "deployment_initialization_timeout": (INT, False),
    },
    "hardware": {
        "cpu": (FLOAT, False),
        "memory": (FLOAT, False),
        "compute": (COMPUTE, True),
        "gpu_count": (INT, False),
        "provider": (STR, False),
        "region": (STR, False),
    },
    "scaling": {
        "min_replicas": (INT, False),
        "max_replicas": (INT, False),
        "cooldown": (INT, False),
        "replica_concurrency": (INT, False),
        "response_grace_period": (INT, False),
        "scaling_metric": (STR, False),
        "scaling_target": (INT, False),
        "scaling_buffer": (INT, False),
        "roll_out_duration_seconds": (INT, False),
        "evaluation_interval_seconds": (INT, False),
        "load_balancing_algorithm": (STR, False),
        "compute_tier": (STR, False),
    },
    "dependencies": {
        "pip": (MAP, False),
        "conda": (MAP, False),
        "apt": (MAP, False),
    },
    "paths": {
        "pip": (STR, True),
        "conda": (STR, True),
        "apt": (STR, True),
    },
    "custom": {
        "entrypoint": (LIST, True),
        "port": (INT, True),
        "healthcheck_endpoint": (STR, True),
        "readycheck_endpoint": (STR, True),
        "dockerfile_path": (STR, True),
    },
}
PARTNERS = ("deepgram", "rime")
COMPUTE_TIERS = ("interruptible", "protected")
CONTAINER_RUNTIMES = ("v1", "v2")


PARTNER_STRINGS = ("model_name", "language", "image_version")
#: Sections of `[cerebrium]` that hold keys of their own, in the CLI's decode order.
SECTIONS = ("deployment", "hardware", "scaling")
#: Documented, but not read by the CLI: the platform reads it from the uploaded file.
UPLOADED = ("cerebrium", "experimental")
#: The order in which the CLI decodes the sections (it stops at the first that fails).
_ORDER = {"deployment": 0, "hardware": 1, "scaling": 2, "dependencies": 3, "runtime": 4}
#: Each struct's fields, by their place in it (for the order in which the CLI decodes them).
_FIELD_ORDER = {id(fields): {key: index for index, key in enumerate(fields)} for fields in FIELDS.values()}
_FAILED = "decoding failed due to the following error(s):\n\n"
_NO_CEREBRIUM = "'cerebrium' key not found in cerebrium.toml. Please ensure your config file is valid"
_DEPENDENCY_ORDER = {name: index for index, name in enumerate((*FIELDS["dependencies"], *FIELDS["paths"]))}


def decode(data: dict[str, Any]) -> Reading:
    walk = _Walk()
    walk.table(data, (), (), walk.view, walk.root)
    walk.classify()
    return reading("cerebrium", walk)


Handler = Callable[[Entry, str, dict[str, Any]], None]


class _Walk:
    """One walk of the file: an entry for every key, what the CLI reads from
    each (viper's lower case, the later of two spellings winning, whole;
    mapstructure's weak typing), and the view of the values read."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.by_path: dict[KeyPath, Entry] = {}
        self.view: dict[str, Any] = {}
        #: Keys the CLI does not read, outermost only (classified at the end).
        self.unread: list[Entry] = []
        #: (order, entry, the CLI's message) of each value the CLI cannot decode.
        self.refusals: list[tuple[tuple[int, int], Entry, str]] = []
        self.partner: str | None = None
        self.converted: list[Entry] = []
        self.renamed: list[Entry] = []
        self.lost: list[Entry] = []

    # -- the walk -------------------------------------------------------------------
    def table(self, node: dict[str, Any], written: KeyPath, path: KeyPath, view: dict[str, Any], read: Handler) -> None:
        """Each key of one table: the later of two spellings wins, whole (and
        takes the later place); ``read`` reads each winner into ``view``."""
        lows = [key.lower() for key in node]
        entries = self.entries
        if len(set(lows)) == len(lows):  # every key in one spelling: the usual case, with nothing to lose
            renamed = self.renamed
            for (key, value), low in zip(node.items(), lows, strict=True):
                entry = Entry((*written, key), (*path, low), value)
                entries.append(entry)
                if key != low:
                    renamed.append(entry)
                read(entry, low, view)
            return
        last = dict(zip(lows, node, strict=True))
        lost: list[Entry] | None = None
        here: dict[str, Entry] = {}
        for (key, value), low in zip(node.items(), lows, strict=True):
            entry = here[key] = Entry((*written, key), (*path, low), value)
            entries.append(entry)
            if key != low:
                self.renamed.append(entry)
            if last[low] != key:  # a later spelling replaces this one
                entry.lost_to = (*written, last[low])
                self.lost.append(entry)
                lost = [*(lost or ()), entry]
                self.below(entry)
                continue
            read(entry, low, view)
        for entry in lost or ():
            self.lose(entry, here[str(entry.lost_to[-1])])  # type: ignore[index]  # set just above

    def below(self, entry: Entry, uploaded: bool = False) -> None:
        """Entries for the keys inside a value the CLI does not read (or reads whole)."""
        value = entry.value
        if isinstance(value, dict):
            for key, item in value.items():
                inner = Entry((*entry.written, key), (*entry.path, key.lower()), item)
                inner.uploaded = uploaded
                self.entries.append(inner)
                self.below(inner, uploaded)
        elif isinstance(value, list):
            for index, element in enumerate(value):
                if isinstance(element, dict):
                    self.below(Entry((*entry.written, index), (*entry.path, index), element), uploaded)

    def take(
        self, entry: Entry, view: dict[str, Any], read: Any, how: str | None = None, kind: str | None = None
    ) -> None:
        """The CLI reads ``entry`` as ``read``."""
        entry.read, entry.how, entry.kind = read, how, kind
        if how is not None:
            self.converted.append(entry)
        self.by_path[entry.path] = entry
        view[str(entry.path[-1])] = read

    def skip(self, entry: Entry) -> None:
        """The CLI does not read ``entry`` (nor anything inside it)."""
        self.unread.append(entry)
        self.below(entry)

    def refuse(
        self,
        entry: Entry,
        view: dict[str, Any],
        order: tuple[int, int],
        words: str,
        error: str,
        kind: str | None = None,
    ) -> None:
        entry.refused, entry.kind = words, kind
        self.by_path[entry.path] = entry
        view[str(entry.path[-1])] = entry.value  # as written: the models say what is wrong with it
        self.refusals.append((order, entry, error))
        self.below(entry)

    def subtable(self, entry: Entry, view: dict[str, Any], read: Handler) -> None:
        """A table the CLI reads key by key."""
        inner: dict[str, Any] = {}
        self.take(entry, view, inner, None, MAP)
        entry.read = entry.value
        self.table(entry.value, entry.written, entry.path, inner, read)

    # -- what the CLI reads where ---------------------------------------------------------
    def root(self, entry: Entry, low: str, view: dict[str, Any]) -> None:
        if low != "cerebrium":
            self.skip(entry)
        elif isinstance(entry.value, dict):
            self.subtable(entry, view, self.section)
        else:
            self.take(entry, view, entry.value)

    def section(self, entry: Entry, low: str, view: dict[str, Any]) -> None:
        if low in SECTIONS:
            self.struct(entry, view, low, low, FIELDS[low], _ORDER[low])
        elif low == "dependencies":
            if not isinstance(entry.value, dict):
                self.not_a_map(entry, view, "dependencies", (_ORDER[low], -1))
            else:
                self.subtable(entry, view, self.dependency)
        elif low == "runtime":
            self.runtime(entry, view)
        elif low == "experimental":  # read from the uploaded file, not by the CLI
            self.uploaded(entry, view, top=True)
        else:
            self.skip(entry)

    def uploaded(self, entry: Entry, view: dict[str, Any], top: bool = False) -> None:
        """Read from the uploaded file, not by the CLI: in the view as written."""
        entry.uploaded = True
        self.by_path[entry.path] = entry
        if not top:
            self.unread.append(entry)  # its own keys: documented, or unknown (classify says which)
        if isinstance(entry.value, dict):
            inner: dict[str, Any] = {}
            view[str(entry.path[-1])] = inner
            self.table(entry.value, entry.written, entry.path, inner, lambda e, low, table: self.uploaded(e, table))
        else:
            view[str(entry.path[-1])] = entry.value
            self.below(entry, uploaded=True)

    def struct(
        self,
        entry: Entry,
        view: dict[str, Any],
        low: str,
        name: str,
        fields: dict[str, tuple[str, bool]],
        section: int,
        order: dict[str, int] | None = None,
    ) -> None:
        """A section mapstructure decodes into a struct: its fields, in any case."""
        if not isinstance(entry.value, dict):
            self.not_a_map(entry, view, name, (section, -1))
            return
        keys = order or _FIELD_ORDER[id(fields)]

        def read(field: Entry, key: str, inner: dict[str, Any]) -> None:
            if key in fields:
                self.field(field, inner, fields[key][0], name, (section, keys[key]))
            else:
                self.skip(field)

        self.subtable(entry, view, read)

    def field(self, entry: Entry, view: dict[str, Any], kind: str, name: str, order: tuple[int, int]) -> None:
        value, key = entry.value, str(entry.path[-1])
        if _EXACT.get(kind) is type(value):  # most values: read as written, no conversion to make
            entry.read, entry.kind = value, kind
            self.by_path[entry.path] = entry
            view[key] = value
            return
        if kind == MAP and isinstance(value, dict):
            self.packages(entry, view, name, order)
            return
        try:
            read, how = _convert(kind, key, value)
        except Refused as refused:
            error = (
                f"failed to parse {name} config: decoding failed due to the following error(s):\n\n{refused.message}"
            )
            self.refuse(entry, view, order, refused.message, error, kind)
            return
        self.take(entry, view, read, how, kind)

    def packages(self, entry: Entry, view: dict[str, Any], name: str, order: tuple[int, int]) -> None:
        """`pip`, `conda`, `apt`: package names (lower-cased too) and the strings of their versions."""
        key = str(entry.path[-1])
        failed: list[str] = []

        def read(package: Entry, low: str, inner: dict[str, Any]) -> None:
            spec = package.value
            if isinstance(spec, str):
                self.take(package, inner, spec, None, STR)
                return
            try:
                text = weak_str(spec, f"{key}[{low}]")
            except Refused as refused:
                package.refused, package.kind = refused.message, STR
                self.by_path[package.path] = package
                inner[low] = spec
                failed.append(refused.message)
                self.below(package)
                return
            self.take(package, inner, text, f"written {toml_value(spec)}", STR)

        inner: dict[str, Any] = {}
        self.take(entry, view, inner, None, MAP)
        self.table(entry.value, entry.written, entry.path, inner, read)
        entry.read = inner
        if failed:
            entry.refused = failed[0]
            error = f"failed to parse {name} config: {_FAILED}{failed[0]}"
            self.refusals.append((order, entry, error))

    def not_a_map(self, entry: Entry, view: dict[str, Any], name: str, order: tuple[int, int]) -> None:
        words = f"'' expected a map, got '{_go_kind(entry.value)}'"
        self.refuse(entry, view, order, words, f"failed to parse {name} config: {words}")

    def dependency(self, entry: Entry, low: str, view: dict[str, Any]) -> None:
        section = _ORDER["dependencies"]
        if low in FIELDS["dependencies"]:
            self.field(entry, view, MAP, "dependencies", (section, _DEPENDENCY_ORDER[low]))
        elif low == "paths":
            self.struct(entry, view, low, "dependencies", FIELDS["paths"], section, _DEPENDENCY_ORDER)
        else:
            self.skip(entry)

    def runtime(self, entry: Entry, view: dict[str, Any]) -> None:
        value = entry.value
        if not isinstance(value, dict):  # read as nothing: viper finds no runtime below it
            self.take(entry, view, value)
            return
        present = {key.lower() for key, item in value.items() if item is not None}
        self.partner = next((partner for partner in PARTNERS if partner in present), None)

        def read(inner: Entry, low: str, table: dict[str, Any]) -> None:
            if low == "custom":
                self.struct(inner, table, low, "custom runtime", FIELDS["custom"], _ORDER["runtime"])
            elif low == self.partner:
                self.partner_table(inner, table)
            elif low == "container_runtime":
                item = inner.value
                try:
                    text = item if isinstance(item, str) else weak_str(item, "container_runtime")
                except Refused as refused:  # viper.GetString of a table or an array: ""
                    self.take(inner, table, "", None, STR)
                    inner.refused = refused.message
                    return
                self.take(inner, table, text, _how(item, text), STR)
            else:
                self.skip(inner)

        self.subtable(entry, view, read)

    def partner_table(self, entry: Entry, view: dict[str, Any]) -> None:
        """The partner service the CLI runs: viper.GetInt and GetString of its
        settings, which read 0 and "" where they cannot."""
        if not isinstance(entry.value, dict):
            self.take(entry, view, {})
            return

        def read(inner: Entry, low: str, table: dict[str, Any]) -> None:
            if low == "port":
                value = _cast_int(inner.value)
                self.take(inner, table, value, _how(inner.value, value), INT)
            elif low in PARTNER_STRINGS:
                text = _cast_str(inner.value)
                self.take(inner, table, text, _how(inner.value, text), STR)
            else:
                self.skip(inner)

        self.subtable(entry, view, read)

    # -- after the walk -----------------------------------------------------------------
    def lose(self, entry: Entry, kept: Entry) -> None:
        """A spelling another replaces: ignored, unless both give the CLI one value."""
        if _same(entry, kept):
            return
        what = "table" if isinstance(entry.value, dict) else "key"
        entry.ignored = Ignored("collision", True, f"another spelling of this {what} replaces it", entry.lost_to)

    def classify(self) -> None:
        """Why the CLI does not read each key it does not read (unknown,
        misplaced, legacy, the second partner runtime)."""
        if not self.unread:
            return
        shapes = {table.path: table for table in tables(root("cerebrium"), self.view)}
        for entry in self.unread:
            entry.ignored = _why(entry, shapes)

    def assemble(self, reading: Reading) -> Whole:
        """What the CLI holds after decoding and its own checks (``show``)."""
        view = self.view
        if "cerebrium" not in view:
            return Whole(
                False, "'cerebrium' key not found in cerebrium.toml. Please ensure your config file is valid", None, {}
            )
        if self.refusals:
            _, entry, error = min(self.refusals, key=lambda refusal: refusal[0])
            return Whole(False, error, None, {}, entry.written)
        origins: dict[KeyPath, Origin] = {}
        out: dict[str, Any] = {}
        top = ("cerebrium",)
        deployment = self.struct_read((*top, "deployment"), FIELDS["deployment"], origins)
        for key, default in (("include", DEFAULT_INCLUDE), ("exclude", DEFAULT_EXCLUDE)):
            if key not in deployment:
                deployment[key] = list(default)
                origins[(*top, "deployment", key)] = Origin((), "filled in by the CLI")
        out["deployment"] = deployment
        for name in ("hardware", "scaling"):
            values = self.struct_read((*top, name), FIELDS[name], origins)
            if values:
                out[name] = values
        hardware = out.get("hardware", {})
        if hardware.get("compute") and hardware["compute"][0] != "CPU" and "gpu_count" not in hardware:
            hardware["gpu_count"] = 1  # a GPU, and no count: one
            origins[(*top, "hardware", "gpu_count")] = Origin((), "filled in by the CLI for a GPU")
        dependencies = self.struct_read((*top, "dependencies"), FIELDS["dependencies"], origins)
        paths = self.struct_read((*top, "dependencies", "paths"), FIELDS["paths"], origins)
        if paths:
            dependencies["paths"] = paths
        if dependencies:
            out["dependencies"] = dependencies
        runtime = self.runtime_read(origins)
        if runtime:
            out["runtime"] = runtime
        refusal = _check(out, self.by_path)
        if refusal is not None:
            return Whole(False, refusal.message, None, {}, refusal.source)
        return Whole(True, "", {"cerebrium": out}, origins)

    def struct_read(
        self, path: KeyPath, fields: dict[str, tuple[str, bool]], origins: dict[KeyPath, Origin]
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, (kind, empty_absent) in fields.items():
            entry = self.by_path.get((*path, key))
            if entry is None or entry.refused is not None or entry.read is UNREAD:
                continue
            read = entry.read
            if empty_absent and read in ("", 0, [], None) and read is not False:
                continue
            if kind == MAP:
                if not read:
                    continue
                read = dict(read)
                for package in read:
                    inner = self.by_path[(*path, key, package)]
                    origins[(*path, key, package)] = Origin(inner.written, inner.how)
            out[key] = read
            origins[(*path, key)] = Origin(entry.written, entry.how)
        return out

    def runtime_read(self, origins: dict[KeyPath, Origin]) -> dict[str, Any]:
        path: KeyPath = ("cerebrium", "runtime")
        out: dict[str, Any] = {}
        if (*path, "custom") in self.by_path:
            out["custom"] = self.struct_read((*path, "custom"), FIELDS["custom"], origins)
            origins[(*path, "custom")] = Origin(self.by_path[(*path, "custom")].written)
        if self.partner is not None and (*path, self.partner) in self.by_path:
            values: dict[str, Any] = {}
            for key in ("port", *PARTNER_STRINGS):
                entry = self.by_path.get((*path, self.partner, key))
                if entry is not None and entry.value is not None:
                    values[key] = entry.read
                    origins[entry.path] = Origin(entry.written, entry.how)
            out[self.partner] = values
            origins[(*path, self.partner)] = Origin(self.by_path[(*path, self.partner)].written)
        entry = self.by_path.get((*path, "container_runtime"))
        if entry is not None:
            out["container_runtime"] = entry.read
            origins[entry.path] = Origin(entry.written, entry.how)
        return out


def _check(out: dict[str, Any], by_path: dict[KeyPath, Entry]) -> Refused | None:
    """The CLI's own checks of what it decoded."""

    def source(path: KeyPath) -> KeyPath | None:
        entry = by_path.get(path)
        return entry.written if entry is not None else None

    deployment = out["deployment"]
    if not deployment.get("name"):
        return Refused(
            "invalid configuration: `deployment.name` is required in config file",
            source(("cerebrium", "deployment", "name")),
        )
    hardware = out.get("hardware", {})
    if hardware.get("provider") == "coreweave":
        return Refused(
            "invalid configuration: cortex V4 does not support Coreweave. Please use AWS or GCP",
            source(("cerebrium", "hardware", "provider")),
        )
    compute = ("cerebrium", "hardware", "compute")
    if compute in by_path and (not hardware.get("compute") or any(not c for c in hardware["compute"])):
        return Refused("invalid configuration: `hardware.compute` must not be empty", source(compute))
    tier = out.get("scaling", {}).get("compute_tier")
    if tier is not None and tier not in COMPUTE_TIERS:
        return Refused(
            f"invalid configuration: invalid compute_tier {tier!r}: must be one of " + ", ".join(COMPUTE_TIERS),
            source(("cerebrium", "scaling", "compute_tier")),
        )
    runtime = out.get("runtime", {}).get("container_runtime")
    if runtime is not None and runtime not in CONTAINER_RUNTIMES:
        return Refused(
            f"invalid configuration: invalid container_runtime {runtime!r}: must be one of "
            + ", ".join(CONTAINER_RUNTIMES),
            source(("cerebrium", "runtime", "container_runtime")),
        )
    return None


def _same(lost: Entry, kept: Entry) -> bool:
    """Whether two spellings of one key give the CLI one value (`2.0` and `2`
    for a number; the same table)."""
    if isinstance(lost.value, dict) or isinstance(kept.value, dict):
        return isinstance(lost.value, dict) and isinstance(kept.value, dict) and lost.value == kept.value
    if kept.read is UNREAD or kept.kind is None or kept.kind == MAP:
        return type(lost.value) is type(kept.value) and lost.value == kept.value
    try:
        read, _ = _convert(kept.kind, str(kept.path[-1]), lost.value)
    except Refused:
        return False
    return type(read) is type(kept.read) and read == kept.read


def _why(entry: Entry, shapes: dict[KeyPath, Any]) -> Ignored | None:
    path, value = entry.path, entry.value
    key, parent = str(path[-1]), path[:-1]
    table = shapes.get(parent)
    known = frozenset(table.known - table.legacy) if table is not None else frozenset()
    what = "table" if isinstance(value, dict) else "key"
    if parent[:2] == UPLOADED:
        if table is not None and key in table.known:
            return None
        return Ignored("unknown", False, f"not a {what} the platform documents here", known=known)
    if not parent:
        if key in (*SECTIONS, "dependencies", "runtime") and isinstance(value, dict):
            return Ignored("misplaced", True, "Cerebrium reads sections only under `[cerebrium]`", ("cerebrium", key))
        return Ignored("unknown", True, "Cerebrium reads only `[cerebrium]`", known=frozenset({"cerebrium"}))
    if table is not None and key in table.legacy:
        return Ignored("legacy", True, f"a legacy {what} the CLI no longer reads")
    if parent == ("cerebrium", "runtime") and key in PARTNERS:
        return Ignored("unused", True, "one partner runtime is read, and `deepgram` comes first")
    if not isinstance(value, dict) and parent[:1] == ("cerebrium",) and len(parent) <= 2:
        homes = [s for s in SECTIONS if key in _section_keys(s) and ("cerebrium", s) != parent]
        if len(homes) == 1 and (len(parent) == 1 or parent[1] in SECTIONS):
            return Ignored(
                "misplaced",
                True,
                f"a `[cerebrium.{homes[0]}]` key, which Cerebrium reads only there",
                ("cerebrium", homes[0]),
            )
    return Ignored("unknown", True, f"not a {what} Cerebrium reads", known=known)


def _section_keys(section: str) -> frozenset[str]:
    """The keys the models document in a section of `[cerebrium]` (legacy ones included: a `gpu`
    under `[cerebrium.deployment]` belongs in `[cerebrium.hardware]`, where it was renamed)."""
    return known_keys(find_table(root("cerebrium"), section.capitalize()))


# -- mapstructure's weak conversions -----------------------------------------------------


#: The Python type of a value each kind reads exactly as written.
_EXACT: dict[str, type] = {STR: str, INT: int, FLOAT: float, BOOL: bool}


def _convert(kind: str, key: str, value: Any) -> tuple[Any, str | None]:
    if kind == STR:
        converted: Any = value if isinstance(value, str) else weak_str(value, key)
    elif kind == INT:
        converted = _weak_int(value, key)
    elif kind == FLOAT:
        converted = _weak_float(value, key)
    elif kind == BOOL:
        converted = _weak_bool(value, key)
    elif kind == LIST:
        converted, how = _weak_list(value, key)
        return converted, how
    elif kind == COMPUTE:
        if isinstance(value, list):
            converted = [e if isinstance(e, str) else weak_str(e, key) for e in value]
            return converted, _how(value, converted)
        return [value if isinstance(value, str) else weak_str(value, key)], (
            None if isinstance(value, str) else f"written {toml_value(value)}"
        )
    else:  # MAP
        if isinstance(value, list) and not value:
            return {}, None
        if not isinstance(value, dict):
            raise Refused(f"'{key}' expected a map, got '{_go_kind(value)}'")
        out = {}
        for name, spec in value.items():
            out[name] = spec if isinstance(spec, str) else weak_str(spec, f"{key}[{name}]")
        return out, None
    return converted, _how(value, converted)


def _how(written: Any, read: Any) -> str | None:
    if type(written) is type(read) and written == read:
        return None
    if isinstance(written, float) and isinstance(read, float):
        return None
    if isinstance(written, int) and not isinstance(written, bool) and isinstance(read, float) and written == read:
        return None
    return f"written {toml_value(written)}"


def weak_str(value: Any, key: str = "") -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _go_float(value)
    raise Refused(f"'{key}' expected type 'string', got unconvertible type '{_go_type(value)}', value: '{value}'")


def _weak_int(value: Any, key: str) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise Refused(f"'{key}' cannot hold {value}")
        return int(value)  # Go truncates toward zero
    if isinstance(value, str):
        if value == "":
            return 0
        parsed = _go_parse_int(value)
        if parsed is None:
            raise Refused(f"cannot parse '{key}' as int: strconv.ParseInt: parsing {value!r}: invalid syntax")
        return parsed
    raise Refused(f"'{key}' expected type 'int', got unconvertible type '{_go_type(value)}', value: '{value}'")


def _weak_float(value: Any, key: str) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        if value == "":
            return 0.0
        if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|[+-]?(?i:inf|infinity|nan)", value):
            return float(value)
        raise Refused(f"cannot parse '{key}' as float: strconv.ParseFloat: parsing {value!r}: invalid syntax")
    raise Refused(f"'{key}' expected type 'float64', got unconvertible type '{_go_type(value)}', value: '{value}'")


_TRUE = ("1", "t", "T", "TRUE", "true", "True")
_FALSE = ("0", "f", "F", "FALSE", "false", "False")


def _weak_bool(value: Any, key: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, str):
        if value in _TRUE:
            return True
        if value in _FALSE or value == "":
            return False
        raise Refused(f"cannot parse '{key}' as bool: strconv.ParseBool: parsing {value!r}: invalid syntax")
    raise Refused(f"'{key}' expected type 'bool', got unconvertible type '{_go_type(value)}', value: '{value}'")


def _weak_list(value: Any, key: str) -> tuple[list[str], str | None]:
    if isinstance(value, str):
        if value == "":
            return [], None
        parts = value.split(",")
        return parts, ("split at commas" if len(parts) > 1 else "a string read as a list of one")
    if isinstance(value, list):
        out = [e if isinstance(e, str) else weak_str(e, f"{key}[{i}]") for i, e in enumerate(value)]
        return out, _how(value, out)
    if isinstance(value, dict):
        raise Refused(f"'{key}': source data must be an array or slice, got map")
    return [weak_str(value, key)], f"written {toml_value(value)}"


def _cast_int(value: Any) -> int:
    """spf13/cast's ToInt, as ``viper.GetInt`` reads a partner's port: 0 when it cannot."""
    try:
        return _weak_int(value, "port")
    except Refused:
        return 0


def _cast_str(value: Any) -> str:
    """spf13/cast's ToString, as ``viper.GetString`` reads a partner's setting: "" when it cannot."""
    try:
        return value if isinstance(value, str) else weak_str(value)
    except Refused:
        return ""


def _go_parse_int(text: str) -> int | None:
    """strconv.ParseInt(text, 0, 64): a sign, then 0x/0o/0b or a leading 0 (octal), underscores between digits."""
    match = re.fullmatch(r"([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)", text)
    if match is None or "__" in text or text.endswith("_"):
        return None
    sign, digits = match.groups()
    try:
        if digits.startswith(("0x", "0X", "0o", "0O", "0b", "0B")):
            number = int(digits, 0)
        elif digits.startswith("0") and len(digits) > 1:
            number = int(digits.replace("_", ""), 8)
        else:
            number = int(digits.replace("_", ""))
    except ValueError:
        return None
    number = -number if sign == "-" else number
    return number if -(2**63) <= number < 2**63 else None


def _go_float(value: float) -> str:
    """strconv.FormatFloat(value, 'f', -1, 64): the shortest decimal, never an exponent."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    text = repr(value)
    if "e" in text or "E" in text:
        from decimal import Decimal

        text = format(Decimal(text), "f")
    if text.endswith(".0"):
        text = text[:-2]
    return text


def _go_kind(value: Any) -> str:
    return {bool: "bool", int: "int64", float: "float64", str: "string", list: "slice", dict: "map"}.get(
        type(value), type(value).__name__
    )


def _go_type(value: Any) -> str:
    if isinstance(value, list):
        return "[]interface {}"
    return "map[string]interface {}" if isinstance(value, dict) else _go_kind(value)
