"""The fast path: the models' compiled shape, read without importing Pydantic.

``triggercfg/_shape_<platform>.py`` is generated from the models' core schemas (see
:mod:`triggercfg.models.compile`). This module answers the two questions the
clean path asks of the models, in plain Python:

* :func:`conforms`: would the model accept this document? It mirrors
  pydantic-core's strict validation exactly (a test compares the two on
  generated documents), so a file that conforms needs no Pydantic at all; a
  file that does not is handed to the models, which explain what is wrong.
* :func:`tables` and :func:`all_known_keys`: which keys does each table of a
  document know? ``unknown-key`` and ``misplaced-key`` ask this, never a list
  of their own.
"""

# Annotations are evaluated: NamedTuples compile string ones (CONTRIBUTING.md, Benchmark).
import re
from collections.abc import Iterator
from functools import cache
from typing import Any, NamedTuple

from .diagnostics import KeyPath

Node = dict[str, Any]


_ROOTS: dict[str, Node] = {}


def root(platform: str) -> Node:
    """The shape of ``platform``'s whole file (its generated module is imported on first use)."""
    found = _ROOTS.get(platform)
    if found is None:
        import importlib

        found = _ROOTS[platform] = importlib.import_module(f"{__package__}._shape_{platform}").SHAPE
    return found


# --- validation ----------------------------------------------------------------


def conforms(node: Node, value: Any) -> bool:
    """True when the model would accept ``value`` (pydantic-core, strict mode)."""
    return _CHECK[node["t"]](node, value)


def _table(node: Node, value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    for key, field in node["fields"].items():
        if key in value:
            if not conforms(field["s"], value[key]):
                return False
        elif field["req"]:
            return False
    return True


def _sized(node: Node, value: str | list[Any] | dict[str, Any]) -> bool:
    return not (
        ("min_length" in node and len(value) < node["min_length"])
        or ("max_length" in node and len(value) > node["max_length"])
    )


def _str(node: Node, value: Any) -> bool:
    if not isinstance(value, str) or not _sized(node, value):
        return False
    return "pattern" not in node or _regex(node["pattern"]).search(value) is not None


def _bounded(node: Node, value: Any) -> bool:
    # Written as "not (value > bound)" so that NaN fails as it does in pydantic-core.
    if "gt" in node and not value > node["gt"]:
        return False
    if "ge" in node and not value >= node["ge"]:
        return False
    if "lt" in node and not value < node["lt"]:
        return False
    return "le" not in node or value <= node["le"]


def _int(node: Node, value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and _bounded(node, value)


def _float(node: Node, value: Any) -> bool:
    # Strict floats accept integers too (JSON Schema's "number").
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if node.get("allow_inf_nan") is False and isinstance(value, float) and (value != value or value in (_INF, -_INF)):
        return False
    return _bounded(node, value)


_INF = float("inf")


def _literal(node: Node, value: Any) -> bool:
    return any(type(value) is type(option) and value == option for option in node["values"])


def _list(node: Node, value: Any) -> bool:
    if not isinstance(value, list) or not _sized(node, value):
        return False
    items = node["items"]
    return all(conforms(items, item) for item in value)


def _dict(node: Node, value: Any) -> bool:
    if not isinstance(value, dict) or not _sized(node, value):
        return False
    values = node["values"]
    return all(conforms(values, item) for item in value.values())


def _union(node: Node, value: Any) -> bool:
    return any(conforms(choice, value) for choice in node["choices"])


def _tagged(node: Node, value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    tag = value.get(node["key"])
    choice = node["choices"].get(tag) if isinstance(tag, str) else None
    return choice is not None and conforms(choice, value)


_CHECK = {
    "table": _table,
    "str": _str,
    "int": _int,
    "float": _float,
    "bool": lambda node, value: isinstance(value, bool),
    "any": lambda node, value: True,
    "literal": _literal,
    "list": _list,
    "dict": _dict,
    "union": _union,
    "tagged": _tagged,
}


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    """pydantic-core's default engine is Rust's regex crate, where ``$`` matches
    only at the very end; Python's ``$`` also matches before a final newline."""
    return re.compile(_rust_dollars(pattern))


def _rust_dollars(pattern: str) -> str:
    out, index, in_class = [], 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[index + 1 : index + 2] == "]":  # a literal "]" first in the class
                out.append("[]")
                index += 2
                continue
        elif char == "$":
            char = r"\Z"
        out.append(char)
        index += 1
    return "".join(out)


# --- which keys each table knows --------------------------------------------


class Table(NamedTuple):
    path: KeyPath
    data: dict[str, Any]
    known: frozenset[str]  # keys the models document in this table (legacy ones included)
    name: str | None  # the model's name; None when a tag left the choice open
    legacy: frozenset[str] = frozenset()  # the deprecated ones among them


_KNOWN: dict[int, frozenset[str]] = {}  # by id() of a table node; the shapes live for the whole run
_LEGACY: dict[int, frozenset[str]] = {}


def known_keys(node: Node) -> frozenset[str]:
    found = _KNOWN.get(id(node))
    if found is None:
        found = _KNOWN[id(node)] = frozenset(node["fields"])
    return found


def legacy_keys(node: Node) -> frozenset[str]:
    found = _LEGACY.get(id(node))
    if found is None:
        found = _LEGACY[id(node)] = frozenset(key for key, field in node["fields"].items() if field["dep"])
    return found


def tables(node: Node, data: dict[str, Any], path: KeyPath = ()) -> list[Table]:
    """Every table of ``data`` that the shape describes, outermost first."""
    out: list[Table] = []
    _collect(node, data, path, out)
    return out


def _collect(node: Node, data: dict[str, Any], path: KeyPath, out: list[Table]) -> None:
    out.append(Table(path, data, known_keys(node), node["name"], legacy_keys(node)))
    for key, field in node["fields"].items():
        if key in data and _holds_tables(field["s"]):
            _walk(field["s"], data[key], (*path, key), out)


def _walk(node: Node, value: Any, path: KeyPath, out: list[Table]) -> None:
    kind = node["t"]
    if kind == "table":
        if isinstance(value, dict):
            _collect(node, value, path, out)
    elif kind == "list":
        if isinstance(value, list):
            items = node["items"]
            for index, item in enumerate(value):
                _walk(items, item, (*path, index), out)
    elif kind == "dict":
        if isinstance(value, dict):
            values = node["values"]
            for key, item in value.items():
                _walk(values, item, (*path, key), out)
    elif kind == "tagged":
        if isinstance(value, dict):
            tag = value.get(node["key"])
            chosen = node["choices"].get(tag) if isinstance(tag, str) else None
            if chosen is None and isinstance(tag, str):
                # a misspelt tag (`http_async`): checked as the one invalid-trigger-type suggests
                from .limits import TRIGGER_TYPE_ALIASES, TRIGGER_TYPES
                from .spelling import guess

                meant = guess(tag, TRIGGER_TYPES, TRIGGER_TYPE_ALIASES)
                chosen = node["choices"].get(meant.word) if meant is not None else None
            if chosen is None:  # unknown or missing tag: accept what any variant knows, at every depth
                _collect(_merged(node), value, path, out)
            else:
                _walk(chosen, value, path, out)
    elif kind == "union":
        # The first choice of the value's own shape (a table, an array) describes it.
        wanted = "table" if isinstance(value, dict) else "list" if isinstance(value, list) else None
        for choice in node["choices"]:
            if choice["t"] == wanted or (wanted == "table" and choice["t"] in ("tagged", "dict")):
                _walk(choice, value, path, out)
                return


_MERGED: dict[int, Node] = {}  # by id() of a tagged node


def _merged(node: Node) -> Node:
    """One table that knows what any variant of a tagged union knows, its
    sub-tables merged the same way (a trigger of no known type: its
    configuration may hold any trigger's keys, and no other)."""
    found = _MERGED.get(id(node))
    if found is None:
        found = _MERGED[id(node)] = _merge([c for c in node["choices"].values() if c["t"] == "table"])
    return found


def _merge(tables: list[Node]) -> Node:
    fields: dict[str, list[Node]] = {}
    for table in tables:
        for key, field in table["fields"].items():
            fields.setdefault(key, []).append(field["s"])
    merged = {}
    for key, shapes in fields.items():
        inner = [t for s in shapes for t in _tables_of(s)]
        shape = _merge(inner) if len(shapes) > 1 and inner and len(inner) == len(shapes) else shapes[0]
        merged[key] = {"s": shape, "req": False, "dep": False}
    return {"t": "table", "name": None, "fields": merged}


def _tables_of(shape: Node) -> list[Node]:
    """The table a field's shape holds (directly or as one choice of a union), if any."""
    if shape["t"] == "table":
        return [shape]
    if shape["t"] == "union":
        return [c for c in shape["choices"] if c["t"] == "table"][:1]
    return []


_HOLDS: dict[int, bool] = {}  # by id() of a node


def _holds_tables(node: Node) -> bool:
    """Whether a value of this shape can contain a table (`env`, a list of
    strings cannot: the walk never goes into them)."""
    found = _HOLDS.get(id(node))
    if found is None:
        found = _HOLDS[id(node)] = any(sub["t"] in ("table", "tagged") for sub in _nodes(node))
    return found


def kinds(node: Node) -> set[str]:
    """The scalar kinds a value of this shape may take (`int`, `str`, `list`, …;
    an enum counts as `str`)."""
    kind = node["t"]
    if kind == "union":
        return set().union(*(kinds(choice) for choice in node["choices"]))
    if kind == "literal":
        return {"str"}
    return {kind}


def find_table(node: Node, name: str) -> Node:
    """The table of the model called ``name`` (``Hardware``) anywhere in the shape."""
    found = _by_name(id(node), node).get(name)
    if found is None:
        raise KeyError(name)
    return found


_BY_NAME: dict[int, dict[str, Node]] = {}


def _by_name(key: int, node: Node) -> dict[str, Node]:
    if key not in _BY_NAME:
        index: dict[str, Node] = {}
        for sub in _nodes(node):
            if sub["t"] == "table":
                index.setdefault(sub["name"], sub)
        _BY_NAME[key] = index
    return _BY_NAME[key]


def _nodes(node: Node) -> Iterator[Node]:
    yield node
    kind = node["t"]
    if kind == "table":
        for field in node["fields"].values():
            yield from _nodes(field["s"])
    elif kind == "list":
        yield from _nodes(node["items"])
    elif kind == "dict":
        yield from _nodes(node["values"])
    elif kind == "union":
        for choice in node["choices"]:
            yield from _nodes(choice)
    elif kind == "tagged":
        for choice in node["choices"].values():
            yield from _nodes(choice)


@cache
def all_known_keys(platform: str) -> dict[str, set[KeyPath]]:
    """Every current (not deprecated) key name the platform knows, with the
    paths where it lives (list indices and dict keys written as ``*``)."""
    out: dict[str, set[KeyPath]] = {}

    def visit(table: Node, path: KeyPath) -> None:
        for key, field in table["fields"].items():
            if field["dep"]:
                continue  # never suggest a legacy key as a key's home
            out.setdefault(key, set()).add((*path, key))
            for sub, suffix in _tables_in(field["s"]):
                visit(sub, (*path, key, *suffix))

    visit(root(platform), ())
    return out


def _tables_in(node: Node, suffix: KeyPath = ()) -> list[tuple[Node, KeyPath]]:
    kind = node["t"]
    if kind == "table":
        return [(node, suffix)]
    if kind == "list":
        return _tables_in(node["items"], (*suffix, "*"))
    if kind == "dict":
        return _tables_in(node["values"], (*suffix, "*"))
    if kind == "union":
        return [t for c in node["choices"] for t in _tables_in(c, suffix)]
    if kind == "tagged":
        return [t for c in node["choices"].values() for t in _tables_in(c, suffix)]
    return []
