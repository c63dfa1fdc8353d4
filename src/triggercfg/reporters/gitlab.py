"""A GitLab Code Quality report: a JSON array of issues, for
``artifacts: reports: codequality:`` in ``.gitlab-ci.yml``. Errors are
``major`` and warnings ``minor`` in GitLab's words, so errors rank first in the
merge request widget; each fingerprint is stable when unrelated lines move."""

from __future__ import annotations

import json
from typing import Any

from ._common import fingerprints

_SEVERITY = {"error": "major", "warning": "minor"}


def render(result: Any, **_: Any) -> str:
    findings = result.findings
    issues = [
        {
            "type": "issue",
            "description": f"{f.code} [{f.rule}] {f.message}",
            "check_name": f.rule,
            "categories": ["Bug Risk"] if f.severity.value == "error" else ["Style"],
            "fingerprint": fingerprint,
            "severity": _SEVERITY[f.severity.value],
            "location": {
                "path": f.path.replace("\\", "/").removeprefix("./"),
                "lines": {"begin": f.span.line, "end": f.span.end_line},
            },
        }
        for f, fingerprint in zip(findings, fingerprints(findings), strict=True)
    ]
    for problem in result.problems:  # a file that could not be checked is a finding too
        issues.append(
            {
                "type": "issue",
                "description": problem.message,
                "check_name": "triggercfg",
                "categories": ["Bug Risk"],
                "fingerprint": fingerprints([_Problem(problem.display, problem.message)])[0],
                "severity": "critical",
                "location": {"path": problem.display.replace("\\", "/").removeprefix("./"), "lines": {"begin": 1}},
            }
        )
    return json.dumps(issues, indent=2, ensure_ascii=False)


class _Problem:
    def __init__(self, path: str, message: str) -> None:
        self.path, self.rule, self.key, self.message = path, "triggercfg", "", message
