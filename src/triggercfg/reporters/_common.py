"""Pieces shared by the text reporters."""

from __future__ import annotations

from typing import Any

from ..diagnostics import Applicability, Severity


def summary(result: Any, *, unsafe_fixes: bool, fixing: bool) -> list[str]:
    """The closing lines: counts, then what ``--fix`` could still do."""
    findings = result.findings
    errors = result.count(Severity.ERROR)
    warnings = result.count(Severity.WARNING)
    files = len(result.files)
    applied = sum(len(f.fixed) for f in result.files)
    lines = []
    if fixing and applied:
        lines.append(f"Fixed {_n(applied, 'finding')}.")
    if findings:
        lines.append(f"{_n(errors, 'error')}, {_n(warnings, 'warning')} in {_n(files, 'file')}.")
    elif files:
        lines.append(f"All checks passed ({_n(files, 'file')}).")
    safe = sum(1 for f in findings if f.fix and f.fix.applicability is Applicability.SAFE)
    unsafe = sum(1 for f in findings if f.fix and f.fix.applicability is Applicability.UNSAFE)
    if not fixing and (safe or (unsafe and unsafe_fixes)):
        fixable = safe + (unsafe if unsafe_fixes else 0)
        flag = "--fix --unsafe-fixes" if unsafe_fixes and unsafe else "--fix"
        more = f" ({unsafe} more with --unsafe-fixes)" if unsafe and not unsafe_fixes else ""
        lines.append(f"[*] {fixable} fixable with `{flag}`{more}.")
    elif unsafe and not unsafe_fixes:
        lines.append(f"{_n(unsafe, 'more fix', 'more fixes')} available with `--unsafe-fixes`.")
    return lines


def _n(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def marker(finding: Any, unsafe_fixes: bool) -> str:
    fix = finding.fix
    if fix and (fix.applicability is Applicability.SAFE or unsafe_fixes):
        return "[*] "
    return ""


_LINE_NUMBERS = r"(?i)\blines? \d+(?:(?:, | and )\d+)*"


def fingerprints(findings: list[Any]) -> list[str]:
    """A stable identity per finding, for CI systems that track findings
    across commits (GitLab Code Quality, SARIF ``partialFingerprints``): the
    file, the rule, the key path and the message with line numbers taken out,
    plus a counter for identical ones. Adding or moving unrelated lines
    changes none of them."""
    import hashlib
    import re

    seen: dict[str, int] = {}
    out = []
    for f in findings:
        base = "\0".join((f.path.replace("\\", "/"), f.rule, f.key, re.sub(_LINE_NUMBERS, "line N", f.message)))
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.append(hashlib.sha256(f"{base}\0{count}".encode()).hexdigest()[:32])
    return out


def severity_word(finding: Any) -> str:
    return "error" if finding.severity is Severity.ERROR else "warning"
