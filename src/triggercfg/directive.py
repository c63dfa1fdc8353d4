"""``check --add-schema-directive``: a ``#:schema`` line (and a blank line,
which tombi requires) at the top of each checked file, so that taplo, tombi and Even Better TOML associate the schema
with no editor settings (a safe fix: a comment, nothing else changes).

The directive names the published schema URL (or, with ``--schema-location``,
any path or URL). A file that already has a ``#:schema`` directive in its
first lines keeps it. The BOM and line endings are kept; a file that does not
parse is never written.
"""

from __future__ import annotations

import re

from .source import Source, decode

_EXISTING = re.compile(r"(?m)\A(?:[ \t]*(?:#.*)?\r?\n)*?[ \t]*#:schema\s")


def add_schema_directive(data: bytes, location: str) -> bytes | None:
    """The bytes with the directive added, or None when nothing is to change
    (a directive is there, or the file is not UTF-8 TOML text)."""
    source = decode(data)
    if not isinstance(source, Source):
        return None
    if _EXISTING.match(source.text):
        return None
    from .parse import parse
    from .source import ReadProblem

    if isinstance(parse(source.text), ReadProblem):  # TOML 1.1: what every platform's files are written in
        return None
    # a blank line after it, as tombi requires, unless the file already starts with one
    gap = "" if source.text.startswith(("\n", "\r\n")) else source.newline
    text = f"#:schema {location}{source.newline}{gap}{source.text}"
    return (b"\xef\xbb\xbf" if source.bom else b"") + text.encode("utf-8")
