"""Rewrite the expectations of every rule fixture from the current code.

Run ``python tests/regen_fixtures.py`` after changing a rule, then read the
diff: every changed line is a change of behaviour a user will see.
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from fixtures_lib import dir_cases, file_cases, platform_of, render, sibling

from triggercfg.api import check_paths, check_text, fix_text


def _write(path, content, keep: bool) -> None:
    if keep:
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    elif path.exists():
        path.unlink()


def main() -> None:
    for case in file_cases():
        data = case.read_bytes()
        platform = platform_of(case)
        result = check_text(data, platform, path=case.name)
        _write(sibling(case, ".expected"), render(result.findings), not case.name.startswith("ok"))
        safe = fix_text(data, platform, path=case.name)
        changed = safe.new_content != data
        _write(sibling(case, ".fixed.toml"), safe.new_content, changed)
        _write(sibling(case, ".fixed.expected"), render(safe.findings), changed)
        unsafe = fix_text(data, platform, unsafe=True, path=case.name)
        differs = unsafe.new_content != safe.new_content
        _write(sibling(case, ".unsafe.toml"), unsafe.new_content, differs)
        _write(sibling(case, ".unsafe.expected"), render(unsafe.findings), differs)
    for folder in dir_cases():
        here = os.getcwd()
        os.chdir(folder)  # paths in messages are then relative, as a user sees them
        try:
            result = check_paths(["."], repository=False, config=False)
        finally:
            os.chdir(here)
        _write(folder / "expected", render(result.findings, with_path=True), folder.name != "ok")


if __name__ == "__main__":
    main()
