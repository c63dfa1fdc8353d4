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
from typing import Any

from ..diagnostics import KeyPath
from ..edits import toml_value
from . import UNREAD, Entry, Ignored, Origin, Reading, Refused, run
from ._model import Entries

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


def decode(data: dict[str, Any]) -> Reading:
    return run("cerebrium", _Reader(data), data)


def _lower(parent: KeyPath, key: str, written: KeyPath) -> str:
    return key.lower()


class _Reader:
    def __init__(self, data: dict[str, Any]) -> None:
        self.origins: dict[KeyPath, Origin] = {}
        #: lower-cased path -> the path as written, of the spelling that wins
        self.written: dict[KeyPath, KeyPath] = {}
        self.entries = Entries(data, _lower)
        #: (the written path of a spelling another replaces, its lower-cased path)
        self.collisions: list[tuple[KeyPath, KeyPath]] = []
        #: The first value the CLI cannot read, in its decode order (it stops there).
        self.refusal: Refused | None = None
        self.partner: str | None = None

    # -- viper: keys in lower case, the later spelling replacing the earlier --------
    def fold(self, node: Any, lowered: KeyPath, written: KeyPath) -> Any:
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            low = key.lower()
            if low in out:  # the later spelling wins, and takes the later place
                self.collisions.append((self.written[(*lowered, low)], (*lowered, low)))
                del out[low]
            self.written[(*lowered, low)] = (*written, key)
            out[low] = self.fold(value, (*lowered, low), (*written, key))
        return out

    def read(self, data: dict[str, Any]) -> dict[str, Any]:
        root = self.fold(data, (), ())
        if "cerebrium" not in root:
            raise Refused("'cerebrium' key not found in cerebrium.toml. Please ensure your config file is valid")
        top = root["cerebrium"]
        self.mark(("cerebrium",), top)
        section = top if isinstance(top, dict) else {}
        out: dict[str, Any] = {}

        deployment = self.struct("deployment", section.get("deployment"), ("cerebrium", "deployment"))
        for key, default in (("include", DEFAULT_INCLUDE), ("exclude", DEFAULT_EXCLUDE)):
            if key not in deployment:
                deployment[key] = list(default)
                self.origins[("cerebrium", "deployment", key)] = Origin((), "filled in by the CLI")
        out["deployment"] = deployment
        for name in ("hardware", "scaling"):
            if section.get(name) is not None:
                values = self.struct(name, section[name], ("cerebrium", name))
                if values:
                    out[name] = values
        hardware = out.get("hardware", {})
        if hardware.get("compute") and hardware["compute"][0] != "CPU" and "gpu_count" not in hardware:
            hardware["gpu_count"] = 1  # a GPU, and no count: one
            self.origins[("cerebrium", "hardware", "gpu_count")] = Origin((), "filled in by the CLI for a GPU")
        if section.get("dependencies") is not None:
            dependencies = self.dependencies(section["dependencies"])
            if dependencies:
                out["dependencies"] = dependencies
        runtime = self.runtime(section.get("runtime"))
        if runtime:
            out["runtime"] = runtime
        if section.get("experimental") is not None:
            self.upload(UPLOADED)
        if self.refusal is not None:
            raise self.refusal
        written_hardware = section.get("hardware")
        self.check(out, isinstance(written_hardware, dict) and "compute" in written_hardware)
        return {"cerebrium": out}

    # -- sections -----------------------------------------------------------------
    def struct(self, name: str, node: Any, path: KeyPath, fields: str | None = None) -> dict[str, Any]:
        if node is None:
            return {}
        if not isinstance(node, dict):
            self.refuse(Refused(f"failed to parse {name} config: '' expected a map, got '{_go_kind(node)}'"), path)
            return {}
        self.mark(path, node)
        out: dict[str, Any] = {}
        known = FIELDS[fields or name]
        for key in [k for k in known if k in node]:  # the struct's order; other keys are ignored
            value = node[key]
            kind, empty_absent = known[key]
            where = (*path, key)
            try:
                converted, how = _convert(kind, key, value)
            except Refused as refused:
                self.refuse(
                    Refused(
                        f"failed to parse {name} config: decoding failed due to the following "
                        f"error(s):\n\n{refused.message}"
                    ),
                    where,
                    refused.message,
                    kind,
                )
                continue
            self.entries.update(self.written[where], read=converted, how=how, kind=kind)
            if kind == MAP:
                for package, spec in converted.items():
                    entry = (*where, package)
                    written = node[key][package]
                    package_how = None if isinstance(written, str) else f"written {toml_value(written)}"
                    self.entries.update(self.written[entry], read=spec, how=package_how, kind=STR)
                    self.origins[entry] = Origin(self.source(entry), package_how)
            if empty_absent and converted in ("", 0, [], None) and converted is not False:
                continue
            if kind == MAP and not converted:
                continue
            out[key] = converted
            self.origins[where] = Origin(self.source(where), how)
        return out

    def dependencies(self, node: Any) -> dict[str, Any]:
        path: KeyPath = ("cerebrium", "dependencies")
        if not isinstance(node, dict):
            self.refuse(
                Refused(f"failed to parse dependencies config: '' expected a map, got '{_go_kind(node)}'"), path
            )
            return {}
        out = self.struct("dependencies", node, path)
        if node.get("paths") is not None:
            paths = self.struct("dependencies", node["paths"], (*path, "paths"), fields="paths")
            if paths:
                out["paths"] = paths
        return out

    def runtime(self, node: Any) -> dict[str, Any]:
        if not isinstance(node, dict):
            return {}
        path: KeyPath = ("cerebrium", "runtime")
        self.mark(path, node)
        out: dict[str, Any] = {}
        if node.get("custom") is not None:
            out["custom"] = self.struct("custom runtime", node["custom"], (*path, "custom"), fields="custom")
            self.origins[(*path, "custom")] = Origin(self.source((*path, "custom")))
        for partner in PARTNERS:
            if node.get(partner) is not None:
                self.partner = partner
                table = node[partner]
                self.mark((*path, partner), table)
                values: dict[str, Any] = {}
                if isinstance(table, dict):
                    for key in ("port", *PARTNER_STRINGS):
                        if table.get(key) is None:
                            continue
                        where = (*path, partner, key)
                        # viper.GetInt and GetString: 0 and "" when they cannot
                        read: Any = _cast_int(table[key]) if key == "port" else _cast_str(table[key])
                        values[key] = read
                        how = _how(table[key], read)
                        self.entries.update(self.written[where], read=read, how=how, kind=INT if key == "port" else STR)
                        self.origins[where] = Origin(self.source(where), how)
                out[partner] = values
                self.origins[(*path, partner)] = Origin(self.source((*path, partner)))
                break  # one partner service at a time; deepgram is looked at first
        if node.get("container_runtime") is not None:
            value = node["container_runtime"]
            where = (*path, "container_runtime")
            try:
                read = value if isinstance(value, str) else weak_str(value, "container_runtime")
            except Refused as refused:  # viper.GetString of a table or an array: the CLI reads ""
                read = ""
                self.entries.update(self.written[where], refused=refused.message, kind=STR)
            else:
                self.entries.update(self.written[where], read=read, how=_how(value, read), kind=STR)
            out["container_runtime"] = read
            self.origins[where] = Origin(self.source(where), _how(value, read))
        return out

    # -- the CLI's own checks -------------------------------------------------------
    def check(self, out: dict[str, Any], compute_written: bool) -> None:
        deployment = out["deployment"]
        if not deployment.get("name"):
            raise Refused(
                "invalid configuration: `deployment.name` is required in config file",
                self.source(("cerebrium", "deployment", "name")),
            )
        hardware = out.get("hardware", {})
        if hardware.get("provider") == "coreweave":
            raise Refused(
                "invalid configuration: cortex V4 does not support Coreweave. Please use AWS or GCP",
                self.source(("cerebrium", "hardware", "provider")),
            )
        if compute_written and (not hardware.get("compute") or any(not c for c in hardware["compute"])):
            raise Refused(
                "invalid configuration: `hardware.compute` must not be empty",
                self.source(("cerebrium", "hardware", "compute")),
            )
        tier = out.get("scaling", {}).get("compute_tier")
        if tier is not None and tier not in COMPUTE_TIERS:
            raise Refused(
                f"invalid configuration: invalid compute_tier {tier!r}: must be one of " + ", ".join(COMPUTE_TIERS),
                self.source(("cerebrium", "scaling", "compute_tier")),
            )
        runtime = out.get("runtime", {}).get("container_runtime")
        if runtime is not None and runtime not in CONTAINER_RUNTIMES:
            raise Refused(
                f"invalid configuration: invalid container_runtime {runtime!r}: must be one of "
                + ", ".join(CONTAINER_RUNTIMES),
                self.source(("cerebrium", "runtime", "container_runtime")),
            )

    # -- the entries ----------------------------------------------------------------
    def mark(self, lowered: KeyPath, node: Any) -> None:
        """A table the CLI reads (its keys say for themselves)."""
        self.entries.update(self.written[lowered], read=node, kind=MAP if isinstance(node, dict) else None)

    def upload(self, lowered: KeyPath) -> None:
        written = self.written[lowered]
        self.entries.update(written, uploaded=True)
        for entry in self.entries.below(written):
            self.entries.update(entry.written, uploaded=True)

    def refuse(self, refused: Refused, lowered: KeyPath, words: str | None = None, kind: str | None = None) -> None:
        written = self.written[lowered]
        self.entries.update(written, refused=words or refused.message, kind=kind)
        if self.refusal is None:
            refused.source = written
            self.refusal = refused

    def model(self, data: dict[str, Any]) -> tuple[tuple[Entry, ...], dict[str, Any], dict[KeyPath, Entry]]:
        """The entries (what the CLI makes of every key), the view and its index."""
        self.lose()
        entries, view, index = self.entries.finish()
        return _classify(entries, view), view, index

    def lose(self) -> None:
        """Each spelling another replaces: ignored, unless both read as one value."""
        for loser, lowered in self.collisions:
            winner = self.written[lowered]
            lost, kept = self.entries.get(loser), self.entries.get(winner)
            assert lost is not None and kept is not None
            same = _same(lost, kept)
            ignored = None
            if not same:
                what = "table" if isinstance(lost.value, dict) else "key"
                ignored = Ignored("collision", True, f"another spelling of this {what} replaces it", winner)
            self.entries.lose(loser, winner, ignored)

    def source(self, lowered: KeyPath) -> KeyPath:
        """The path as written in the file of a lower-cased path (its longest known prefix)."""
        for end in range(len(lowered), 0, -1):
            written = self.written.get(lowered[:end])
            if written is not None:
                return written + lowered[end:]
        return lowered


def _same(lost: Entry, kept: Entry) -> bool:
    """Whether two spellings of one key give the CLI one value (`2.0` and `2`
    for a number; the same table)."""
    if isinstance(lost.value, dict) or isinstance(kept.value, dict):
        return isinstance(lost.value, dict) and isinstance(kept.value, dict) and lost.value == kept.value
    if kept.read is UNREAD or kept.kind is None:
        return type(lost.value) is type(kept.value) and lost.value == kept.value
    try:
        read, _ = _convert(kept.kind, str(kept.path[-1]), lost.value)
    except Refused:
        return False
    return type(read) is type(kept.read) and read == kept.read


def _classify(entries: tuple[Entry, ...], view: dict[str, Any]) -> tuple[Entry, ...]:
    """Why the CLI does not read each key it does not read (unknown,
    misplaced, legacy, the second partner runtime); a table it does not read
    is one entry, not one per key."""
    from ..shape import root, tables

    shapes = {table.path: table for table in tables(root("cerebrium"), view)}
    out = []
    skip: KeyPath | None = None
    for entry in entries:
        if skip is not None and entry.written[: len(skip)] == skip:
            out.append(entry)
            continue
        skip = None
        if entry.lost_to is not None or entry.refused is not None:
            skip = entry.written
        elif entry.read is UNREAD and (not entry.uploaded or (entry.path[:2] == UPLOADED and len(entry.path) > 2)):
            ignored = _why(entry, shapes)
            if ignored is not None:
                entry = entry._replace(ignored=ignored)
                skip = entry.written
        out.append(entry)
    return tuple(out)


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
    from ..shape import find_table, known_keys, root

    return known_keys(find_table(root("cerebrium"), section.capitalize()))


def field_kind(path: KeyPath) -> str | None:
    """The kind of value the CLI reads at ``path`` (its keys in any case):
    ``str``, ``int``, ``float``, ``bool``, ``list``, ``map`` or ``compute``;
    None for a key it does not read."""
    lowered = tuple(part.lower() if isinstance(part, str) else str(part) for part in path)
    fields = None
    if len(lowered) == 3 and lowered[0] == "cerebrium" and lowered[1] in FIELDS:
        fields = FIELDS[lowered[1]]
    elif len(lowered) == 4 and lowered[:3] == ("cerebrium", "dependencies", "paths"):
        fields = FIELDS["paths"]
    elif len(lowered) == 4 and lowered[:3] == ("cerebrium", "runtime", "custom"):
        fields = FIELDS["custom"]
    if fields is not None:
        return fields[lowered[-1]][0] if lowered[-1] in fields else None
    if lowered == ("cerebrium", "runtime", "container_runtime"):
        return STR
    if len(lowered) == 4 and lowered[:2] == ("cerebrium", "runtime") and lowered[2] in PARTNERS:
        return INT if lowered[3] == "port" else STR if lowered[3] in PARTNER_STRINGS else None
    return None


def read_value(path: KeyPath, value: Any) -> tuple[Any, str | None] | None:
    """What the CLI reads from ``value`` written at ``path``, as ``decode``
    reads it in the whole file: ``(read, how)``; None for a key the CLI does
    not read. Raises :class:`Refused`, in the decoder's words, for a value
    the CLI cannot read."""
    kind = field_kind(path)
    if kind is None:
        return None
    if len(path) == 4 and str(path[2]).lower() in PARTNERS:  # viper.GetInt / GetString: never refused
        read = _cast_int(value) if kind == INT else _cast_str(value)
        return read, _how(value, read)
    return _convert(kind, str(path[-1]).lower(), value)


# -- mapstructure's weak conversions -----------------------------------------------------


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
