"""Edit primitives for fixes: small functions that return an ``Edit`` (a callable
that mutates a tomlkit document in place).

Each keeps every byte it does not mean to change (STYLE.md §7.4–7.5): scalar
replacement reuses the old item's trivia (its inline comment and spacing) and
quote style; moved keys take their inline comment and the comment lines right
above them; a created sub-table goes before the comments that tomlkit files
under the end of the previous table. tomlkit is imported only when an edit
runs.
"""

# Annotations are evaluated: NamedTuples compile string ones (CONTRIBUTING.md, Benchmark).
from collections.abc import Callable
from typing import Any, Literal, NamedTuple

from .diagnostics import Edit, KeyPath


class TextForm(NamedTuple):
    """The same edit as a replacement of one span of the text, when it is one.

    The fixer applies it directly to the text: nothing else can move, and no
    tomlkit document is built. ``render`` gets the span's text as written and
    returns the replacement, or None when only the tomlkit edit can do it.
    """

    path: KeyPath
    #: "key" or "value": that span; "entry": the whole lines of a key-value pair
    #: that stands on lines of its own (its comment included).
    anchor: Literal["key", "value", "entry"]
    render: Callable[[str], str | None]


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def toml_string(value: str, *, literal: bool = False) -> str:
    """``value`` as a TOML string, as tomlkit writes it."""
    if literal and "'" not in value and not any((c < " " and c != "\t") or c == "\x7f" for c in value):
        return f"'{value}'"
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char < " " or char == "\x7f":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    """A value as TOML text (what `show` and the editor's inlay hints print)."""
    import datetime  # only where a value is shown: a clean check never imports them
    import math

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{ " + ", ".join(f"{_table_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }" if value else "{}"
        )
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def _table_key(key: str) -> str:
    return key if key and all(c.isascii() and (c.isalnum() or c in "-_") for c in key) else toml_string(key)


def _scalar_text(old: str, value: Any) -> str | None:
    """How ``value`` replaces the scalar written as ``old`` (same quote style)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        if old.startswith(('"""', "'''")):
            return None  # a multi-line string: tomlkit keeps its form
        return toml_string(value, literal=old.startswith("'"))
    if isinstance(value, list) and all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
        items = [_scalar_text('"', v) for v in value]  # a new array: basic strings
        return None if None in items else "[" + ", ".join(items) + "]"  # type: ignore[arg-type]  # None was ruled out on this line
    return None


def _node(doc: Any, path: KeyPath) -> Any:
    node = doc
    for part in path:
        node = node[part]
    return node


def _container(table: Any) -> Any:
    """The tomlkit Container behind a table, an array-of-tables element or a document."""
    return getattr(table, "value", table) if not hasattr(table, "_body") else table


def set_value(table_path: KeyPath, key: str | int, value: Any) -> Edit:
    """Replace the value of ``key`` (or of item ``key`` of an array), keeping its
    comment and (for strings) quote style."""

    def edit(doc: Any) -> None:
        import tomlkit
        from tomlkit.items import String

        table = _node(doc, table_path)
        old = table[key] if isinstance(key, int) else table.item(key)
        new: Any = value
        if isinstance(value, str) and isinstance(old, String):
            new = tomlkit.string(value, literal=old.type.is_literal())
        table[key] = new

    edit.text = TextForm((*table_path, key), "value", lambda old: _scalar_text(old, value))  # type: ignore[attr-defined]  # the text form rides on the edit function as an attribute
    return edit


def rename_key(table_path: KeyPath, old: str, new: str) -> Edit:
    """Rename ``old`` to ``new`` in place: same position, value, comment and spacing."""

    def edit(doc: Any) -> None:
        from tomlkit.items import SingleKey

        container = _container(_node(doc, table_path))
        index = _index(container, old)
        key, item = container._body[index]
        written = key.as_string()  # the key as in the file, with its surrounding spaces
        stripped = written.strip()
        text = new if _bare(new) else '"' + new.replace("\\", "\\\\").replace('"', '\\"') + '"'
        renamed = SingleKey(new, sep=key.sep, original=written.replace(stripped, text, 1))
        container._body[index] = (renamed, item)
        container._map.pop(key)
        container._map[renamed] = index

    def rename_text(written: str) -> str | None:
        if written != old and written not in (toml_string(old), toml_string(old, literal=True)):
            return None
        return new if _bare(new) else toml_string(new)

    edit.text = TextForm((*table_path, old), "key", rename_text)  # type: ignore[attr-defined]  # the text form rides on the edit function as an attribute
    return edit


class MoveForm(NamedTuple):
    """A move as two span edits: cut the key's lines (and the comment lines
    right above them) and paste them after the last key of ``target``."""

    path: KeyPath
    target: KeyPath


def replace_text(replacements: tuple[tuple[int, int, str], ...]) -> Edit:
    """Replace spans of the text itself (offsets into the text the finding was
    made on): a rewrite of syntax, which a document edit cannot express."""

    def edit(doc: Any) -> None:
        raise NotImplementedError("a syntax rewrite applies to the text only")

    edit.spans = replacements  # type: ignore[attr-defined]  # the text form rides on the edit function as an attribute
    return edit


def chain(*edits: Edit) -> Edit:
    """One edit that applies several in order. Its ``parts`` let the fixer
    apply each as a text replacement where each has a text form."""

    def edit(doc: Any) -> None:
        for one in edits:
            one(doc)

    edit.parts = edits  # type: ignore[attr-defined]  # the text form rides on the edit function as an attribute
    return edit


def parts(edit: Edit) -> tuple[Edit, ...]:
    """The edits one edit is made of (itself, unless it is a chain)."""
    return getattr(edit, "parts", None) or (edit,)


def remove_key(table_path: KeyPath, key: str) -> Edit:
    def edit(doc: Any) -> None:
        _node(doc, table_path).remove(key)

    edit.text = TextForm((*table_path, key), "entry", lambda lines: "")  # type: ignore[attr-defined]  # the text form rides on the edit function as an attribute
    return edit


def move_key(source: KeyPath, key: str, target: KeyPath, *, new_key: str | None = None) -> Edit:
    """Move ``key`` from table ``source`` to table ``target`` (created if missing),
    with its inline comment and the comment lines directly above it."""

    def edit(doc: Any) -> None:
        import tomlkit
        from tomlkit.items import Comment

        src = _container(_node(doc, source))
        index = _index(src, key)
        first = index
        while first > 0 and src._body[first - 1][0] is None and isinstance(src._body[first - 1][1], Comment):
            first -= 1
        comments = [item for _, item in src._body[first:index]]
        item = src.item(key)
        src.remove(key)
        for _ in comments:
            src._body.pop(first)
            _reindex(src)
        item.trivia.indent = ""
        parent = _node(doc, target[:-1])
        name = target[-1]
        assert isinstance(name, str)  # a table's path: names, never indices
        created = name not in parent
        if created:
            _add_table(parent, name, tomlkit.table())
        dest = _node(doc, target)
        for comment in comments:
            comment.trivia.indent = ""
            _container(dest).append(None, comment)
        _append(dest, new_key or key, item)
        if created and not doc.as_string().endswith(dest.as_string()):
            # Something follows the new table: keep a blank line before it.
            # (Keys added to this table later are placed before that line.)
            dest.add(tomlkit.nl())

    if new_key is None:
        edit.move = MoveForm((*source, key), target)  # type: ignore[attr-defined]  # the move form rides on the edit function as an attribute
    return edit


def _append(table: Any, key: str, item: Any) -> None:
    """Add a key after the table's last entry, before its trailing blank lines."""
    from tomlkit.items import Whitespace

    container = _container(table)
    body = container._body
    position = len(body)
    while position > 0 and body[position - 1][0] is None and isinstance(body[position - 1][1], Whitespace):
        position -= 1
    if position == len(body):
        table.add(key, item)
    else:
        container._insert_at(position, key, item)


def _add_table(parent: Any, name: str, table: Any) -> None:
    """Add a sub-table before the trailing comments/blank lines of ``parent``'s body,
    which belong visually to whatever follows."""
    from tomlkit.items import Comment, Whitespace

    container = _container(parent)
    body = container._body
    position = len(body)
    while position > 0 and body[position - 1][0] is None and isinstance(body[position - 1][1], (Comment, Whitespace)):
        position -= 1
    if position == len(body):
        parent.add(name, table)
    else:
        container._insert_at(position, name, table)


def _index(container: Any, key: str) -> int:
    for index, (k, _) in enumerate(container._body):
        if k is not None and k.key == key:
            return index
    raise KeyError(key)


def _reindex(container: Any) -> None:
    container._map = {}
    for index, (k, _) in enumerate(container._body):
        if k is None:
            continue
        if k in container._map:
            existing = container._map[k]
            container._map[k] = (*existing, index) if isinstance(existing, tuple) else (existing, index)
        else:
            container._map[k] = index


def _bare(key: str) -> bool:
    return bool(key) and all(c.isascii() and (c.isalnum() or c in "-_") for c in key)
