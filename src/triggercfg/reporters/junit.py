"""JUnit XML: one test suite, one test case per checked file (named after the
file), one ``<failure>`` per finding in it (errors and warnings alike, with
the severity in its ``type``), one ``<error>`` per path that could not be
checked. CI systems that show test results (GitLab, Jenkins, Azure, CircleCI)
show the findings with no other set-up."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET


def render(result: Any, **_: Any) -> str:
    suite = ET.Element("testsuite", name="triggercfg")
    failures = errors = 0
    for file in result.files:
        case = ET.SubElement(suite, "testcase", classname="triggercfg", name=file.path, file=file.path)
        for f in file.findings:
            failures += 1
            failure = ET.SubElement(
                case, "failure", type=f.severity.value, message=f"{f.line}:{f.column}: {f.code} [{f.rule}] {f.message}"
            )
            failure.text = f"{file.path}:{f.line}:{f.column}: {f.code} [{f.rule}] {f.message}"
    for problem in result.problems:
        errors += 1
        case = ET.SubElement(suite, "testcase", classname="triggercfg", name=problem.display, file=problem.display)
        ET.SubElement(case, "error", type="error", message=problem.message).text = problem.message
    tests = len(result.files) + len(result.problems)
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    root = ET.Element("testsuites", name="triggercfg", tests=str(tests), failures=str(failures), errors=str(errors))
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
