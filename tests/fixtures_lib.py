"""Shared logic of the rule fixtures: discovery and rendering of expectations.

Layout (one folder per rule, named after the rule):

* ``<rule>/<case>.<platform>.toml``: the input. ``ok*`` cases must produce no
  finding at all; ``bad*`` cases must produce the findings in
* ``<rule>/<case>.<platform>.expected``: one ``line:column: severity CODE [rule] message`` per line.
* ``<case>.<platform>.fixed.toml`` / ``.fixed.expected``: the bytes after
  ``--fix`` and what remains; ``.unsafe.toml`` / ``.unsafe.expected``: the same
  with ``--unsafe-fixes``, when that differs. Absent when a fix changes nothing.
* ``<rule>/{ok,bad}/``: a directory case (cross-file rules); ``bad/expected``
  lists ``path:line:column: severity CODE [rule] message`` relative to the folder.

``python tests/regen_fixtures.py`` rewrites the expectations; read the diff.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent / "fixtures"


def file_cases() -> list[Path]:
    return sorted(p for p in HERE.glob("*/*.toml") if not p.name.endswith((".fixed.toml", ".unsafe.toml")))


def dir_cases() -> list[Path]:
    return sorted(p for p in HERE.glob("*/*") if p.is_dir())


def platform_of(path: Path) -> str:
    return path.name.rsplit(".", 2)[-2]


def sibling(path: Path, suffix: str) -> Path:
    return path.with_name(path.name[: -len(".toml")] + suffix)


def render(findings, *, with_path: bool = False) -> str:
    lines = []
    for f in findings:
        where = f"{f.path}:" if with_path else ""
        lines.append(f"{where}{f.line}:{f.column}: {f.severity.value} {f.code} [{f.rule}] {f.message}")
    return "".join(line + "\n" for line in lines)
