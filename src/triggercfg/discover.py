"""Which files to check, and which platform each one is.

A file argument is always checked. A directory is searched recursively for
``blaxel.toml`` and ``cerebrium.toml``: inside a git work tree git decides
(tracked and untracked files, minus what ``.gitignore`` ignores); elsewhere
the walk skips ``.git``, virtual environments and ``node_modules``.
"""

from __future__ import annotations

from typing import NamedTuple

import os
import re
from pathlib import Path

from .platforms import BY_FILENAME, PLATFORMS, Platform

_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".nox", ".mypy_cache"}
_SCHEMA_DIRECTIVE = re.compile(rb"^\s*#:schema\s+(\S+)", re.MULTILINE)


class Target(NamedTuple):
    path: Path
    display: str  # how the user named it, for messages
    platform: Platform


class Problem(NamedTuple):
    """A path the tool could not work with (exit code 2)."""

    display: str
    message: str


def discover(paths: list[str], platform: str | None = None) -> tuple[list[Target], list[Problem]]:
    targets: list[Target] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(_search(path))
            if not found:
                problems.append(Problem(raw, "no blaxel.toml or cerebrium.toml found in this directory"))
            for file in found:
                _add(targets, seen, file, _display(raw, path, file), BY_FILENAME[file.name])
        elif path.is_file():
            chosen = _platform_of(path, platform)
            if chosen is None:
                problems.append(
                    Problem(
                        raw,
                        "cannot tell the platform: name the file blaxel.toml or cerebrium.toml, "
                        "pass --platform blaxel|cerebrium, or start it with "
                        "`#:schema ./schemas/blaxel.schema.json`",
                    )
                )
            else:
                _add(targets, seen, path, raw, chosen)
        elif path.exists() or path.is_symlink():
            problems.append(Problem(raw, "not a regular file or directory"))
        else:
            problems.append(Problem(raw, "no such file or directory"))
    return targets, problems


def _add(targets: list[Target], seen: set[Path], path: Path, display: str, platform: Platform) -> None:
    key = path.resolve()
    if key not in seen:
        seen.add(key)
        targets.append(Target(path, display, platform))


def _display(raw: str, root: Path, file: Path) -> str:
    relative = file.relative_to(root).as_posix()
    if raw in (".", "./"):
        return relative
    return raw.rstrip("/\\") + "/" + relative


def _platform_of(path: Path, override: str | None) -> Platform | None:
    if path.name in BY_FILENAME:
        return BY_FILENAME[path.name]
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        head = b""
    for match in _SCHEMA_DIRECTIVE.finditer(head):
        target = match.group(1).decode("utf-8", "replace")
        for platform in PLATFORMS.values():
            if target.endswith(platform.schema_filename) or target == platform.schema_id:
                return platform
    if override is not None:
        return PLATFORMS[override]
    return None


def _search(root: Path) -> list[Path]:
    names = set(BY_FILENAME)
    listed = _git_files(root)
    if listed is not None:
        return [
            root / rel
            for rel in listed
            if rel.rsplit("/", 1)[-1] in names and not (set(rel.split("/")[:-1]) & _SKIP_DIRS)
            and (root / rel).is_file()
        ]
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(
            d for d in dirs if d not in _SKIP_DIRS and not (Path(folder, d) / "pyvenv.cfg").exists()
        )
        found.extend(Path(folder, f) for f in files if f in names)
    return found


def _git_files(root: Path) -> list[str] | None:
    import subprocess

    try:
        done = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
            cwd=root,
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return [p for p in done.stdout.decode("utf-8", "surrogateescape").split("\0") if p]
