"""Read stage: bytes on disk → text, or one clear problem.

The text handed to later stages never contains the UTF-8 byte-order mark, so
lines and columns are what an editor shows. ``Source`` remembers the BOM and
the line ending so that a fix can write them back unchanged.
"""

# Annotations are evaluated: NamedTuples compile string ones (CONTRIBUTING.md, Benchmark).
import codecs
import os
from typing import NamedTuple

from .diagnostics import Span

#: A configuration file larger than this is not a configuration file.
MAX_BYTES = 4 * 1024 * 1024


class Source(NamedTuple):
    text: str  # decoded, BOM removed
    bom: bool
    newline: str  # "\r\n" when every line ends with CRLF, else "\n"


class ReadProblem(NamedTuple):
    """The bytes cannot be TOML; reported as ``toml-syntax``."""

    message: str
    span: Span


class Oversized(bytes):
    """The first bytes of a file over ``MAX_BYTES``, and its full ``size``:
    a 50 MB file is never read whole."""

    size: int


def read_file(path: str) -> bytes:
    """The bytes of a file on disk (the one place the tool reads a checked
    file): one read, so a file that changes meanwhile is seen as it was at
    one moment; at most ``MAX_BYTES + 1`` of them. Plain system calls: a
    buffered file object costs more than reading a configuration file."""
    handle = os.open(path, _READ)
    try:
        size = os.fstat(handle).st_size
        data = os.read(handle, min(size, MAX_BYTES) + 1)  # one byte more than expected: a file that grew shows it
        if len(data) > size:  # grown since, or not a regular file (a pipe, /proc): read on, up to the limit
            parts = [data]
            total = len(data)
            while total <= MAX_BYTES:
                more = os.read(handle, 1 << 16)
                if not more:
                    break
                parts.append(more)
                total += len(more)
            data = b"".join(parts)
        if len(data) <= MAX_BYTES:
            return data
        head = Oversized(data)
        head.size = max(os.fstat(handle).st_size, len(data))
        return head
    finally:
        os.close(handle)


_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def decode(data: bytes) -> Source | ReadProblem:
    if len(data) > MAX_BYTES:
        size = getattr(data, "size", len(data))
        return ReadProblem(
            f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit for a configuration file",
            Span(1, 1, 1, 1),
        )
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    for bom, name in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if data.startswith(bom):
            return ReadProblem(
                f"file is encoded as {name}; TOML files must be UTF-8 (re-save it as UTF-8)",
                Span(1, 1, 1, 2),
            )
    has_bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if has_bom else data
    nul = body.find(b"\x00")
    if nul != -1:
        line, col = _line_col_bytes(body, nul)
        return ReadProblem(
            f"file looks binary: it contains a NUL byte (at byte {nul + (3 if has_bom else 0)})",
            Span(line, col, line, col + 1),
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col_bytes(body, exc.start)
        bad = body[exc.start : exc.start + 1].hex()
        return ReadProblem(
            f"file is not valid UTF-8: byte 0x{bad} at line {line}, column {col} "
            "(TOML files must be UTF-8; re-save the file as UTF-8)",
            Span(line, col, line, col + 1),
        )
    if "\r" in text and "\n" not in text:
        end = text.index("\r")
        return ReadProblem(
            "lines end with a bare carriage return (classic Mac OS line endings); TOML needs "
            "\\n or \\r\\n: re-save the file with Unix or Windows line endings",
            Span(1, end + 1, 1, end + 2),
        )
    crlf = text.count("\r\n")
    # CRLF only when every line ends so; a mixed file keeps what it has.
    newline = "\r\n" if crlf and crlf == text.count("\n") else "\n"
    return Source(text=text, bom=has_bom, newline=newline)


def _line_col_bytes(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and character column of a byte offset (decoding what precedes it)."""
    before = data[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    column = len(before[start:].decode("utf-8", errors="replace")) + 1
    return line, column
