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

from .config import Options
from .decode import Origin, Reading
from .diagnostics import Finding, KeyPath, Severity
from .discover import Problem, discover
from .engine import FileReport, check_bytes, context_of
from .platforms import PLATFORMS, Platform
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

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON object (``docs/show-output.md``)."""
        return {
            "path": self.path,
            "platform": self.platform,
            "accepted": self.accepted,
            "read": self.read,
            "defaults": self.defaults,
        }


def effective(text: str | bytes, platform: str, *, path: str = "<string>", options: Options | None = None) -> Effective:
    """What ``platform``'s CLI reads from one document given as text (or bytes)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return _effective(path, data, PLATFORMS[platform], options or Options())


def effective_paths(
    paths: Sequence[str | os.PathLike[str]], *, platform: str | None = None, options: Options | None = None
) -> tuple[list[Effective], list[Problem]]:
    """The same for files and directories, found as ``check`` finds them."""
    targets, problems = discover([os.fspath(p) for p in paths], platform)
    out = []
    problems = list(problems)
    for target in targets:
        try:
            data = read_file(target.path)
        except OSError as exc:
            problems.append(Problem(target.display, f"cannot read: {exc.strerror or exc}"))
            continue
        out.append(_effective(target.display, data, target.platform, target.options or options or Options()))
    return out, problems


def _effective(path: str, data: bytes, platform: Platform, options: Options) -> Effective:
    ctx = context_of(path, data, platform, options)
    if isinstance(ctx, FileReport):
        error = "the file is not valid TOML"
    elif ctx.newer:
        error = f"the file is not TOML {platform.toml[:3]}"
    else:
        error = ctx.reading.error
    if error:  # refused: what check says of the file explains it
        report = check_bytes(path, data, platform, options, facts=False)
        findings = tuple(f for f in report.findings if f.severity is Severity.ERROR)
        return Effective(path, platform.name, False, None, {}, error, findings)
    reading: Reading = ctx.reading  # type: ignore[union-attr]  # a parsed file always has its context
    assert reading.read is not None
    defaults, notes = _defaults(platform.name, reading.read)
    return Effective(
        path, platform.name, True, reading.read, defaults, "", (), reading.origins, notes, reading.ambiguous or {}
    )


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


__all__ = ["Effective", "effective", "effective_paths"]
