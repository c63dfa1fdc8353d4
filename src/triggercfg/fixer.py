"""Fix stage: apply the fixes of a file's findings with tomlkit, in rounds.

Each round re-checks the text, applies every fix that does not touch a key
path already touched in that round (a conflicting fix waits for the next
round, where its finding may be gone), and verifies that the result still
parses. Only then is the text accepted. The byte-order mark and CRLF line
endings of the original are restored on the way out.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from .config import Options
from .diagnostics import Applicability, Finding
from .engine import FileReport, check_bytes
from .platforms import Platform

MAX_ROUNDS = 8


@dataclass(frozen=True)
class FixOutcome:
    original: bytes
    fixed: bytes  # equal to ``original`` when nothing changed
    applied: tuple[Finding, ...]  # the findings whose fixes were applied
    report: FileReport  # the findings that remain

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def applicable(finding: Finding, *, unsafe: bool) -> bool:
    return finding.fix is not None and (unsafe or finding.fix.applicability is Applicability.SAFE)


def fix_bytes(path: str, data: bytes, platform: Platform, options: Options, *, unsafe: bool) -> FixOutcome:
    report = check_bytes(path, data, platform, options)
    if report.source is None or report.context is None:
        return FixOutcome(data, data, (), report)  # never write a file that did not parse
    source = report.source
    text = source.text
    applied: list[Finding] = []
    for _ in range(MAX_ROUNDS):
        fixes = [f for f in report.findings if applicable(f, unsafe=unsafe)]
        if not fixes:
            break
        new_text, done = _apply(text, fixes)
        if not done or new_text == text:
            break
        try:
            tomllib.loads(new_text)
        except tomllib.TOMLDecodeError:
            break  # a fix produced invalid TOML: keep the last good text
        applied.extend(done)
        text = new_text
        report = check_bytes(path, _encode(text, source.bom, source.newline), platform, options)
    fixed = _encode(text, source.bom, source.newline) if applied else data
    return FixOutcome(data, fixed, tuple(applied), report)


def _apply(text: str, fixes: list[Finding]) -> tuple[str, list[Finding]]:
    import tomlkit

    doc = tomlkit.parse(text)
    touched: set = set()
    done = []
    for finding in fixes:
        fix = finding.fix
        assert fix is not None
        if touched & set(fix.touches):
            continue
        before = doc.as_string()
        try:
            fix.edit(doc)
        except Exception:  # noqa: BLE001 - a fix that cannot apply is skipped, never fatal
            doc = tomlkit.parse(before)
            continue
        touched |= set(fix.touches)
        done.append(finding)
    return doc.as_string(), done


_LONE_LF = re.compile(r"(?<!\r)\n")


def _encode(text: str, bom: bool, newline: str) -> bytes:
    if newline == "\r\n":
        text = _LONE_LF.sub("\r\n", text)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
