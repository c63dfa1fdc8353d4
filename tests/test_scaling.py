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


def test_a_directory_search_looks_for_configuration_only_where_the_listing_shows_it(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checking a tree of one app per folder reads each folder's listing
    once: no folder is asked again whether it holds a configuration file
    (three system calls each), nor whether it is a virtual environment (one
    more), and each folder's options are found once for discovery and the
    checks together (issue 26)."""
    import os

    import triggercfg.config as config_module
    import triggercfg.discover as discover_module
    from triggercfg.api import check_paths
    from triggercfg.config import NAMES

    assert frozenset(NAMES) == discover_module._CONFIG_NAMES
    for index in range(40):
        folder = tmp_path / f"team-{index % 4}" / f"svc-{index}"
        folder.mkdir(parents=True)
        (folder / "blaxel.toml").write_text(f'type = "agent"\nname = "app-{index}"\n', encoding="utf-8")
    (tmp_path / "team-1" / "triggercfg.toml").write_text("async-timeout-maximum = 600\n", encoding="utf-8")
    asked: list[str] = []
    real_isfile, real_exists = os.path.isfile, os.path.exists

    def isfile(path: Any) -> bool:
        asked.append(os.fspath(path))
        return real_isfile(path)

    def exists(path: Any) -> bool:
        asked.append(os.fspath(path))
        return real_exists(path)

    monkeypatch.setattr(config_module.os.path, "isfile", isfile)
    monkeypatch.setattr(discover_module.os.path, "exists", exists)
    monkeypatch.chdir(tmp_path)
    result = check_paths(["."], repository=False)
    assert len(result.files) == 40 and result.findings == []
    names = [os.path.basename(path) for path in asked]
    assert "pyvenv.cfg" not in names
    # in the tree, only the folder whose listing shows a configuration file (the tree's root's
    # parents, which the search did not list, are looked at as before)
    looked = {os.path.dirname(path) for path in asked if os.path.basename(path) in NAMES}
    assert {folder for folder in looked if folder.startswith(str(tmp_path))} == {str(tmp_path / "team-1")}
    assert [f.path for f in check_paths(["team-1"], repository=False).files][:1] == ["team-1/svc-1/blaxel.toml"]
