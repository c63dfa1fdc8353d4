"""Pieces shared by the text reporters."""

from __future__ import annotations

import re
from typing import Any

from ..diagnostics import Applicability, Severity

#: Control characters as their visible pictures (one character each, so carets stay aligned): a
#: file's text in a report never moves the cursor, clears the screen or sets a terminal's colours.
_VISIBLE = {
    **{code: 0x2400 + code for code in range(0x20) if code not in (0x09, 0x0A)},
    0x7F: 0x2421,
    **dict.fromkeys(range(128, 160), 65533),
}
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` (a path, message or source line from a file) with its control
    characters shown, never sent to the terminal; tabs and newlines kept."""
    return text.translate(_VISIBLE) if _CONTROL.search(text) else text


#: ANSI SGR codes of the colours and weights the reports use.
_SGR = {"red": "31", "yellow": "33", "blue": "34", "bold": "1"}


def style(text: str, fg: str | None = None, bold: bool = False) -> str:
    """``text`` in a colour and/or bold, as ANSI codes (the bytes ``click.style`` writes)."""
    codes = ([_SGR[fg]] if fg else []) + (["1"] if bold else [])
    return "".join(f"\x1b[{code}m" for code in codes) + text + "\x1b[0m"


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
