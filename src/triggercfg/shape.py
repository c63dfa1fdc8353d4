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
from collections.abc import Callable, Iterator
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
    check = _CHECKERS.get(id(node))
    if check is None:
        check = _CHECKERS[id(node)] = _checker(node)
        _KEEP.append(node)  # its id stays its own
    return check(value)


Check = Callable[[Any], bool]
#: Each shape's checker, made once: closures over the shape's constraints (a
#: walk that read the shape's dicts for every value cost three times as much).
_CHECKERS: dict[int, Check] = {}
_KEEP: list[Node] = []


def _checker(node: Node) -> Check:
    kind = node["t"]
    if kind == "table":
        return _table(node)
    if kind == "str":
        return _str(node)
    if kind in ("int", "float"):
        return _number(node)
    if kind == "bool":
        return lambda value: isinstance(value, bool)
    if kind == "any":
        return lambda value: True
    if kind == "literal":
        options = frozenset((type(option), option) for option in node["values"])
        types = frozenset(type(option) for option in node["values"])  # hashable: what a literal can be
        return lambda value: type(value) in types and (type(value), value) in options
    if kind == "list":
        return _list(node)
    if kind == "dict":
        return _dict(node)
    if kind == "union":
        return _union(node)
    if kind == "tagged":
        return _tagged(node)
    raise ValueError(f"unknown shape kind {kind!r}")


def _table(node: Node) -> Check:
    fields = [(key, _checker(field["s"]), field["req"]) for key, field in node["fields"].items()]

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return False
        for key, conforming, required in fields:
            if key in value:
                if not conforming(value[key]):
                    return False
            elif required:
                return False
        return True

    return check


def _sized(node: Node) -> Callable[[Any], bool] | None:
    low, high = node.get("min_length"), node.get("max_length")
    if low is None and high is None:
        return None
    return lambda value: not ((low is not None and len(value) < low) or (high is not None and len(value) > high))


def _str(node: Node) -> Check:
    sized = _sized(node)
    search = _regex(node["pattern"]).search if "pattern" in node else None
    if sized is None and search is None:
        return lambda value: isinstance(value, str)

    def check(value: Any) -> bool:
        if not isinstance(value, str) or (sized is not None and not sized(value)):
            return False
        return search is None or search(value) is not None

    return check


def _number(node: Node) -> Check:
    # Written as "not (value > bound)" so that NaN fails as it does in pydantic-core.
    gt, ge, lt, le = (node.get(bound) for bound in ("gt", "ge", "lt", "le"))
    floats = node["t"] == "float"
    finite = node.get("allow_inf_nan") is False
    types = (int, float) if floats else int  # strict floats accept integers too (JSON Schema's "number")

    def check(value: Any) -> bool:
        if isinstance(value, bool) or not isinstance(value, types):
            return False
        if finite and isinstance(value, float) and (value != value or value in (_INF, -_INF)):
            return False
        if gt is not None and not value > gt:
            return False
        if ge is not None and not value >= ge:
            return False
        if lt is not None and not value < lt:
            return False
        return le is None or value <= le

    if (gt, ge, lt, le) == (None, None, None, None) and not floats:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    return check


_INF = float("inf")


def _list(node: Node) -> Check:
    sized, item = _sized(node), _checker(node["items"])

    def check(value: Any) -> bool:
        if not isinstance(value, list) or (sized is not None and not sized(value)):
            return False
        for element in value:  # noqa: SIM110  # a loop, not all(): no generator per value on the hot path
            if not item(element):
                return False
        return True

    return check


def _dict(node: Node) -> Check:
    sized, item = _sized(node), _checker(node["values"])

    def check(value: Any) -> bool:
        if not isinstance(value, dict) or (sized is not None and not sized(value)):
            return False
        for element in value.values():  # noqa: SIM110  # a loop, not all(): no generator per value
            if not item(element):
                return False
        return True

    return check


def _union(node: Node) -> Check:
    choices = tuple(_checker(choice) for choice in node["choices"])

    def check(value: Any) -> bool:
        for choice in choices:  # noqa: SIM110  # a loop, not any(): no generator per value
            if choice(value):
                return True
        return False

    return check


def _tagged(node: Node) -> Check:
    key = node["key"]
    choices = {tag: _checker(choice) for tag, choice in node["choices"].items()}

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return False
        tag = value.get(key)
        choice = choices.get(tag) if isinstance(tag, str) else None
        return choice is not None and choice(value)

    return check


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
