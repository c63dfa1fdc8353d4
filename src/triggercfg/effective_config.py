"""The effective configuration: what each platform's CLI will deploy with.

``effective(text, platform)`` and ``effective_paths(paths)`` run read, parse
and decode (``decode/``) and add the documented server-side defaults of the
keys the file leaves unset where they bound an async run. A file the CLI
refuses carries the findings ``triggercfg check`` gives it. ``show.py``
renders the result; ``docs/show-output.md`` is the JSON contract.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

from .config import Config, Options, resolver
from .decode import UNREAD, Origin, Reading
from .diagnostics import Anchor, Finding, KeyPath, Severity
from .discover import Problem, discover
from .engine import FileReport, check_bytes, context_of
from .platforms import PLATFORMS, Platform
from .rules import Context
from .source import read_file

#: The grace period Cerebrium applies when the file sets none (docs: 900 s).
GRACE_PERIOD_DEFAULT = 900
#: The Blaxel async trigger's bound: its default is not documented, its maximum is 900 s.
ASYNC_TIMEOUT_BOUND = 900


#: The default of the mappings below: shared, so it cannot change.
_EMPTY: Mapping[Any, Any] = MappingProxyType({})


class Default(NamedTuple):
    value: Any
    why: str


class IgnoredKey(NamedTuple):
    """A key or table the file writes that the platform does not read, or may not use."""

    #: The key path as written (an element of an array of tables by its index).
    path: KeyPath
    #: Where the platform would read it (canonical spelling): where `show` prints it.
    at: KeyPath
    line: int
    #: False where the platform may still read it (Blaxel's random choice of a
    #: spelling; a key passed on to an API that does not document it there).
    certain: bool
    #: `unknown`, `undocumented`, `misplaced`, `legacy`, `collision`, `unused` or `replaced`.
    kind: str
    #: Why, in words.
    reason: str
    value: Any
    #: Whether the CLI still holds it (in ``read``), passing it on to an API that may ignore it.
    read: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": list(self.path),
            "line": self.line,
            "certain": self.certain,
            "kind": self.kind,
            "reason": self.reason,
        }


class Effective(NamedTuple):
    path: str
    platform: str
    accepted: bool
    #: What the CLI holds after decoding (None when it refuses the file).
    read: dict[str, Any] | None
    #: Documented server-side defaults of keys ``read`` lacks, nested as ``read``.
    defaults: dict[str, Any]
    #: The CLI's own words when it refuses the file ("" otherwise).
    error: str = ""
    #: What ``triggercfg check`` says of a refused file (its errors).
    findings: tuple[Finding, ...] = ()
    origins: Mapping[KeyPath, Origin] = _EMPTY
    #: Where a default applies (path in ``read`` terms), and why.
    default_notes: Mapping[KeyPath, Default] = _EMPTY
    ambiguous: Mapping[KeyPath, tuple[Any, ...]] = _EMPTY
    #: What the file writes that the platform does not read (or may not), outermost first.
    ignored: tuple[IgnoredKey, ...] = ()
    #: The decode stage's whole account (None for a file that is not TOML).
    reading: Reading | None = None

    @property
    def passed(self) -> dict[KeyPath, IgnoredKey]:
        """The ignored keys the CLI still holds (passes on), by their path in ``read``."""
        return {key.at: key for key in self.ignored if key.read}

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON object (``docs/show-output.md``)."""
        return {
            "path": self.path,
            "platform": self.platform,
            "accepted": self.accepted,
            "read": self.read,
            "defaults": self.defaults,
            "ignored": [key.to_dict() for key in self.ignored],
        }


def effective(text: str | bytes, platform: str, *, path: str = "<string>", options: Options | None = None) -> Effective:
    """What ``platform``'s CLI reads from one document given as text (or bytes)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return _effective(path, data, PLATFORMS[platform], options or Options())


def effective_paths(
    paths: Sequence[str | os.PathLike[str]],
    *,
    platform: str | None = None,
    options: Options | None = None,
    config: Config = None,
) -> tuple[list[Effective], list[Problem]]:
    """The same for files and directories, found as ``check`` finds them,
    each file with the configuration in force for it, as ``triggercfg show``
    finds it (``config`` as in :func:`triggercfg.api.check_paths`): its
    `exclude` skips files a directory search finds, and the findings of a
    refused file honour its rule choices and limits."""
    base = options or Options()
    found = resolver(config, options)

    def folder(path: str) -> Options:
        return base if found is None else found.folder(os.path.dirname(path) or ".", remember=False)

    targets, problems = discover(
        [os.fspath(p) for p in paths], platform, excluded=lambda path: folder(path).excluded(path)
    )
    out = []
    problems = list(problems)
    for target in targets:
        try:
            data = read_file(target.path)
        except OSError as exc:
            problems.append(Problem(target.display, f"cannot read: {exc.strerror or exc}"))
            continue
        chosen = folder(target.path).for_file(target.path) if found is not None else base
        out.append(_effective(target.display, data, target.platform, chosen))
    return out, problems


def _effective(path: str, data: bytes, platform: Platform, options: Options) -> Effective:
    ctx = context_of(path, data, platform, options)
    reading = None if isinstance(ctx, FileReport) else ctx.reading
    if reading is None:
        error = "the file is not valid TOML"
    elif isinstance(ctx, Context) and ctx.newer:
        error = f"the file is not TOML {platform.toml[:3]}"
    else:
        error = reading.error
    ignored = _ignored(ctx) if isinstance(ctx, Context) else ()
    if error or reading is None or reading.read is None:  # refused: what check says of the file explains it
        report = check_bytes(path, data, platform, options, facts=False)
        findings = tuple(f for f in report.findings if f.severity is Severity.ERROR)
        return Effective(path, platform.name, False, None, {}, error, findings, ignored=ignored, reading=reading)
    defaults, notes = _defaults(platform.name, reading.read)
    assert isinstance(ctx, Context)
    return Effective(
        path,
        platform.name,
        True,
        reading.read,
        defaults,
        "",
        (),
        _as_written(ctx, reading.origins),
        notes,
        reading.ambiguous or {},
        ignored,
        reading,
    )


def _as_written(ctx: Context, origins: Mapping[KeyPath, Origin]) -> Mapping[KeyPath, Origin]:
    """The origins, a float read as a string saying how it is written: `3.10`
    is read "3.1", and "written 3.1" would hide why."""
    out = None
    for where, origin in origins.items():
        entry = ctx.reading.written(origin.source) if origin.source else None
        if entry is not None and isinstance(entry.value, float) and isinstance(entry.read, str) and origin.how:
            out = dict(origins) if out is None else out
            out[where] = origin._replace(how=f"written {ctx.raw_value(origin.source).strip()}")
    return origins if out is None else out


def _ignored(ctx: Context) -> tuple[IgnoredKey, ...]:
    """What the file writes that the platform does not read (or may not), located."""
    out = []
    for entry in ctx.reading.ignored():
        ignored = entry.ignored
        assert ignored is not None
        reason = ignored.why
        if ignored.reason == "collision" and ignored.home is not None:
            reason += f": `{ignored.home[-1]}`, line {ctx.locations.span(ignored.home, Anchor.KEY).line}"
        out.append(
            IgnoredKey(
                entry.written,
                entry.path,
                ctx.locations.span(entry.written, Anchor.KEY).line,
                ignored.certain,
                ignored.reason,
                reason,
                entry.value,
                entry.read is not UNREAD and entry.lost_to is None,
            )
        )
    return tuple(out)


def _defaults(platform: str, read: dict[str, Any]) -> tuple[dict[str, Any], dict[KeyPath, Default]]:
    notes: dict[KeyPath, Default] = {}
    if platform == "cerebrium":
        scaling = read.get("cerebrium", {}).get("scaling", {})
        if "response_grace_period" not in scaling:
            notes[("cerebrium", "scaling", "response_grace_period")] = Default(
                GRACE_PERIOD_DEFAULT, "the platform's default: requests, and async runs, stop after 15 minutes"
            )
    else:
        for index, trigger in enumerate(read.get("triggers", [])):
            if isinstance(trigger, dict) and trigger.get("type") == "http-async":
                configuration = trigger.get("configuration")
                if not isinstance(configuration, dict) or "timeout" not in configuration:
                    notes[("triggers", index, "configuration", "timeout")] = Default(
                        ASYNC_TIMEOUT_BOUND,
                        "at most 900 seconds (15 minutes), the platform's maximum for an "
                        "async task; its default is not documented",
                    )
    defaults: dict[str, Any] = {}
    for where, default in notes.items():
        _put(defaults, where, default.value, read)
    return defaults, notes


def _put(out: dict[str, Any], where: KeyPath, value: Any, shape: Any) -> None:
    """Set ``where`` in ``out``, making lists as long as ``shape``'s (of empty tables)."""
    node: Any = out
    for index, part in enumerate(where[:-1]):
        following = where[index + 1]
        shape = _child(shape, part)
        if isinstance(node, list):
            assert isinstance(part, int)  # a list is indexed by position
            child = node[part]
        else:
            if part not in node:
                node[part] = [{} for _ in shape] if isinstance(following, int) and isinstance(shape, list) else {}
            child = node[part]
        node = child
    node[where[-1]] = value


def _child(node: Any, part: str | int) -> Any:
    """``node[part]``, or None where ``node`` has no such part."""
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and part < len(node):
        return node[part]
    return None


__all__ = ["Effective", "IgnoredKey", "effective", "effective_paths"]
