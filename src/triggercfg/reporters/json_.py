"""One JSON array of finding objects (the public contract: docs/json-output.md).

The text is exactly ``json.dumps([f.to_dict() ...], indent=2,
ensure_ascii=False)``, written out field by field: with ``indent``, the
standard library encodes in Python, eight times slower than its C string
encoder, which this uses for every string (a first run on an old repository
reports findings by the hundred thousand).
"""

from __future__ import annotations

from collections.abc import Iterator
from json.encoder import encode_basestring as _string
from typing import Any

from ..diagnostics import Applicability, Severity

#: Each severity's and applicability's word (an Enum's ``.value`` is a slow property).
_WORDS = {member: member.value for member in (*Severity, *Applicability)}
#: Findings per piece of :func:`chunks`.
BATCH = 2000


def render(result: Any, **options: Any) -> str:
    return "".join(chunks(result, **options))


def chunks(result: Any, **_: Any) -> Iterator[str]:
    findings = result.findings
    if not findings:
        yield "[]"
        return
    for start in range(0, len(findings), BATCH):
        yield ("[\n" if start == 0 else ",\n") + ",\n".join(map(_object, findings[start : start + BATCH]))
    yield "\n]"


def _object(f: Any) -> str:
    span, fix = f.span, f.fix
    fix_text = (
        "null"
        if fix is None
        else f'{{\n      "applicability": "{_WORDS[fix.applicability]}",\n'
        f'      "message": {_string(fix.message)}\n    }}'
    )
    platform = "null" if f.platform is None else _string(f.platform)
    return (
        f'  {{\n    "path": {_string(f.path)},\n    "platform": {platform},\n    "rule": "{f.rule}",\n'
        f'    "code": "{f.code}",\n    "severity": "{_WORDS[f.severity]}",\n    "message": {_string(f.message)},\n'
        f'    "key": {_string(f.key)},\n    "line": {span.line},\n    "column": {span.column},\n'
        f'    "end_line": {span.end_line},\n    "end_column": {span.end_column},\n    "fix": {fix_text}\n  }}'
    )


# Rule names and codes, severities and applicabilities are plain ASCII words
# (tests/test_rules_registry.py holds the names and codes to that), so they
# are written between quotes without an encoder call.
