"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

Each rule carries its full documentation (``help.markdown``) and its help
URI; each result carries ``partialFingerprints`` that stay the same when
unrelated lines move (so code scanning tracks a finding across commits), and
its fix as SARIF ``fixes`` when the run computed the text edits.
"""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ._common import fingerprints


def render(result: Any, *, edits: dict[Any, Any] | None = None, **_: Any) -> str:
    from ..docs import rule_markdown
    from ..rules import all_rules, rule_url

    rules = list(all_rules().values())
    index = {r.name: i for i, r in enumerate(rules)}
    findings = result.findings
    results = []
    for f, fingerprint in zip(findings, fingerprints(findings), strict=True):
        uri = f.path.replace("\\", "/")
        entry: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.rule],
            "level": "error" if f.severity.value == "error" else "warning",
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": _region(f.span),
                    },
                    "logicalLocations": [{"fullyQualifiedName": f.key}] if f.key else [],
                }
            ],
            "partialFingerprints": {"triggercfg/v1": fingerprint},
        }
        fix_edits = (edits or {}).get(f.sort_key())
        if f.fix is not None and fix_edits:
            entry["fixes"] = [
                {
                    "description": {"text": f.fix.message},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": uri},
                            "replacements": [
                                {"deletedRegion": _region(edit.span), "insertedContent": {"text": edit.new_text}}
                                for edit in fix_edits
                            ],
                        }
                    ],
                }
            ]
        results.append(entry)
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "triggercfg",
                        "version": __version__,
                        "informationUri": "https://github.com/triggercfg/triggercfg",
                        "rules": [
                            {
                                "id": r.code,
                                "name": r.name,
                                "shortDescription": {"text": r.summary},
                                "fullDescription": {"text": r.doc.split("\n", 1)[0]},
                                "helpUri": rule_url(r),
                                "help": {"text": r.doc, "markdown": rule_markdown(r)},
                                "defaultConfiguration": {
                                    "level": "error" if r.severity.value == "error" else "warning"
                                },
                                "properties": {"tags": sorted(r.platforms)},
                            }
                            for r in rules
                        ],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _region(span: Any) -> dict[str, int]:
    return {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
    }
