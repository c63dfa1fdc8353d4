"""The entries of a file, the view and its index: built once per file, for
both platforms (their readers say what is read where, and why not)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..diagnostics import KeyPath
from . import UNREAD, Entry, Ignored

#: canonical(parent's canonical path, key as written, parent's written path) -> the key's canonical name
Canonical = Callable[[KeyPath, str, KeyPath], str]


class Entries:
    """Every key the file writes, by written path, in document order; the
    readers fill in what the platform makes of each."""

    def __init__(self, data: dict[str, Any], canonical: Canonical) -> None:
        self.by_written: dict[KeyPath, Entry] = {}
        #: canonical path -> written path, of the spelling that wins (tables and keys)
        self.written: dict[KeyPath, KeyPath] = {}
        self._walk(data, (), (), canonical)

    def _walk(self, node: dict[str, Any], written: KeyPath, path: KeyPath, canonical: Canonical) -> None:
        for key, value in node.items():
            where, at = (*written, key), (*path, canonical(path, key, written))
            self.by_written[where] = Entry(where, at, value)
            self.written[at] = where
            if isinstance(value, dict):
                self._walk(value, where, at, canonical)
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, dict):
                        self._walk(item, (*where, index), (*at, index), canonical)

    def update(self, written: KeyPath, **fields: Any) -> None:
        entry = self.by_written.get(written)
        if entry is not None:
            self.by_written[written] = entry._replace(**fields)

    def get(self, written: KeyPath) -> Entry | None:
        return self.by_written.get(written)

    def below(self, written: KeyPath) -> Iterator[Entry]:
        """The entries inside the table (or array of tables) written at ``written``."""
        depth = len(written)
        for path, entry in self.by_written.items():
            if len(path) > depth and path[:depth] == written:
                yield entry

    def lose(self, loser: KeyPath, winner: KeyPath, ignored: Ignored | None) -> None:
        """``loser`` is another spelling of ``winner``, which the platform takes instead."""
        self.update(loser, lost_to=winner, ignored=ignored)

    def finish(self) -> tuple[tuple[Entry, ...], dict[str, Any], dict[KeyPath, Entry]]:
        """The entries, the view (values read, nested by canonical path) and its index."""
        entries = tuple(self.by_written.values())
        view: dict[str, Any] = {}
        index: dict[KeyPath, Entry] = {}
        skip: KeyPath | None = None
        for entry in entries:
            if skip is not None and entry.written[: len(skip)] == skip:
                continue
            skip = None
            if not entry.in_view:
                skip = entry.written
                continue
            parent = _node(view, entry.path[:-1])
            if parent is None:  # its table is not in the view (a scalar where a table was expected)
                skip = entry.written
                continue
            index[entry.path] = entry
            parent[entry.path[-1]] = _shell(entry)
        return entries, view, index


def _shell(entry: Entry) -> Any:
    """What the view holds for one entry: an empty table (or array of empty
    tables) that the entries below it fill, or the value read (as written
    where the platform refuses it, or reads it from the uploaded file)."""
    value = entry.value
    if isinstance(value, dict):
        return {}
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        return [{} if isinstance(item, dict) else item for item in value]
    if entry.read is UNREAD or entry.variable:
        return value
    return entry.read


def _node(view: dict[str, Any], path: KeyPath) -> Any:
    node: Any = view
    for part in path:
        if isinstance(node, dict) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
        if node is None:
            return None
    return node if isinstance(node, dict) else None
