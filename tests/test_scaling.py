"""Nothing grows faster than the number of findings (issue 19): checking,
fixing, the editors' text edits (SARIF, quick fixes) and `--diff` of a file
with N findings make about twice the work of N/2.

Work is counted, never timed: every Python call and C call the profiler
sees, which is the same on every run and machine. Each of the defects this
guards against (comparing each model error with every other, `in` on a list
of fixes, the line starts recomputed per finding, a diff of the whole text
per finding) made the count grow fourfold.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

from triggercfg.api import check_text, fix_text
from triggercfg.config import Options
from triggercfg.diffs import unified_diff
from triggercfg.fixer import text_edits
from triggercfg.platforms import PLATFORMS


def document(triggers: int) -> bytes:
    """A blaxel.toml whose every trigger has findings with fixes (a timeout over the maximum)."""
    return (
        'type = "agent"\nname = "x"\n'
        + "".join(
            f'[[triggers]]\nid = "t{i}"\ntype = "http-async"\n[triggers.configuration]\ntimeout = 3600\n'
            for i in range(triggers)
        )
    ).encode()


def calls(work: Callable[[], Any]) -> int:
    count = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def _fix_and_diff(data: bytes) -> None:
    fixed = fix_text(data, "blaxel", unsafe=True).new_content
    assert fixed is not None
    unified_diff("blaxel.toml", data, fixed)


WORK: dict[str, Callable[[bytes], Any]] = {
    "check": lambda data: check_text(data, "blaxel"),
    "text edits (SARIF, quick fixes)": lambda data: text_edits("blaxel.toml", data, PLATFORMS["blaxel"], Options()),
    "fix and diff": _fix_and_diff,
}


@pytest.mark.parametrize("name", list(WORK))
def test_work_grows_linearly_with_findings(name: str) -> None:
    work = WORK[name]
    small, large = document(300), document(600)
    work(small)  # warm: imports and compiled patterns are paid once
    assert len(check_text(large, "blaxel").findings) == 600
    ratio = calls(lambda: work(large)) / calls(lambda: work(small))
    assert ratio < 2.3, f"{name}: twice the findings cost {ratio:.2f}x the work"
