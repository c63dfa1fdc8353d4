"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__


def render(result: Any, **_: Any) -> str:
    from ..rules import all_rules

    rules = list(all_rules().values())
    index = {r.name: i for i, r in enumerate(rules)}
    results = []
    for f in result.findings:
        entry: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.rule],
            "level": "error" if f.severity.value == "error" else "warning",
            "message": {"text": f.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": f.path.replace("\\", "/")},
                    "region": {
                        "startLine": f.span.line,
                        "startColumn": f.span.column,
                        "endLine": f.span.end_line,
                        "endColumn": f.span.end_column,
                    },
                },
                "logicalLocations": [{"fullyQualifiedName": f.key}] if f.key else [],
            }],
        }
        results.append(entry)
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "triggercfg",
                "version": __version__,
                "informationUri": "https://pypi.org/project/triggercfg/",
                "rules": [{
                    "id": r.code,
                    "name": r.name,
                    "shortDescription": {"text": r.summary},
                    "fullDescription": {"text": r.doc.split("\n", 1)[0]},
                    "help": {"text": r.doc, "markdown": r.doc},
                    "defaultConfiguration": {"level": "error" if r.severity.value == "error" else "warning"},
                } for r in rules],
            }},
            "results": results,
        }],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)
