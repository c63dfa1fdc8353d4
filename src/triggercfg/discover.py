"""Which files to check, and which platform each one is.

A file argument is always checked. A directory is searched recursively for
``blaxel.toml`` and ``cerebrium.toml``: inside a git work tree git decides
(tracked and untracked files, minus what ``.gitignore`` ignores); elsewhere
the walk skips ``.git``, virtual environments and ``node_modules``.
"""

# Annotations are evaluated: NamedTuples compile string ones (CONTRIBUTING.md, Benchmark).
import os
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from .platforms import BY_FILENAME, PLATFORMS, Platform

#: The names of triggercfg's own configuration files (config.NAMES).
_CONFIG_NAMES = frozenset((".triggercfg.toml", "triggercfg.toml", "pyproject.toml"))
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".nox", ".mypy_cache"}
_SCHEMA_DIRECTIVE = rb"(?m)^\s*#:schema\s+(\S+)"


class Target(NamedTuple):
    path: str  # where it is on disk
    display: str  # how the user named it, for messages
    platform: Platform
    #: The directory whose search found it; None for a file named on the
    #: command line. A fix never writes outside it (through a symlink).
    root: str | None = None
    #: Its ``config.Options`` (the nearest configuration file's), when they
    #: differ from the run's.
    options: Any = None


class Problem(NamedTuple):
    """A path the tool could not work with (exit code 2)."""

    display: str
    message: str


def discover(
    paths: list[str],
    platform: str | None = None,
    *,
    excluded: Callable[[str], bool] | None = None,
    force_exclude: bool = False,
    bare: set[str] | None = None,
    outside_git: set[str] | None = None,
    found_many: tuple[int, Callable[[], None]] | None = None,
) -> tuple[list[Target], list[Problem]]:
    """The files to check, in a stable order, each once. Plain strings and
    ``os.scandir`` throughout: a monorepo has thousands of folders.
    ``excluded(path)`` drops files found by a search (and, with
    ``force_exclude``, files named on the command line: what pre-commit
    passes). ``bare`` gets the folders a search listed that hold no
    configuration file; ``outside_git``, the searched directories that are
    outside any git work tree, with none inside them (what
    :func:`repository_listing` need not look for). ``found_many``: (n,
    callback), called once when a search has found n files (the runner
    starts a worker then)."""
    targets: list[Target] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    cwd = os.getcwd()
    for raw in paths:
        if os.path.isdir(raw):
            found, broken = _search(raw, bare, outside_git, found_many)
            found.sort(key=lambda p: p.split(os.sep))  # folder by folder
            problems.extend(Problem(_display(raw, file), why) for file, why in sorted(broken))
            if not found and not broken:
                what = (
                    "is a directory, not a file; " if os.path.basename(raw.rstrip("/" + os.sep)) in BY_FILENAME else ""
                )
                problems.append(Problem(raw, f"{what}no blaxel.toml or cerebrium.toml found in this directory"))
            for file in found:
                if excluded is None or not excluded(file):
                    _add(targets, seen, cwd, file, _display(raw, file), BY_FILENAME[os.path.basename(file)], raw)
        elif os.path.isfile(raw):
            if force_exclude and excluded is not None and excluded(raw):
                continue
            chosen = _platform_of(raw, platform)
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
                _add(targets, seen, cwd, raw, raw, chosen)
        elif os.path.islink(raw):
            problems.append(Problem(raw, _broken_link(raw)))
        elif os.path.lexists(raw):
            problems.append(Problem(raw, "not a regular file or directory"))
        else:
            problems.append(Problem(raw, "no such file or directory"))
    return targets, problems


def _add(
    targets: list[Target],
    seen: set[str],
    cwd: str,
    path: str,
    display: str,
    platform: Platform,
    root: str | None = None,
) -> None:
    key = os.path.normpath(os.path.join(cwd, path))  # `check . a/` names a/blaxel.toml twice
    if key not in seen:
        seen.add(key)
        targets.append(Target(path, display, platform, root))


def repository_listing(
    targets: list[Target], outside_git: set[str] | frozenset[str] = frozenset()
) -> Callable[[], list[Target]] | None:
    """Start listing the other config files of the git work tree(s) the
    targets are in (tracked or untracked, minus what ``.gitignore`` ignores):
    what the cross-file rules compare the targets with. Returns the function
    that waits for the listing, or None outside git. ``outside_git``: the
    searched directories :func:`discover` found outside git (their files
    need no walk up to look for ``.git``)."""
    roots: dict[str, None] = {}
    trees: dict[str, str | None] = {}  # folder -> its work tree: one walk up per folder, not per file
    for target in targets:
        if target.root is not None and target.root in outside_git:
            continue
        root = _work_tree(os.path.dirname(os.path.abspath(target.path)), trees)
        if root is not None:
            roots[root] = None
    if not roots:
        return None
    listings = {root: GitListing.start(root) for root in roots}

    def finish() -> list[Target]:
        known = {os.path.normpath(os.path.abspath(t.path)) for t in targets}
        out = []
        for root, listing in listings.items():
            listed = listing.result() if listing is not None else None
            if listed is None:
                continue
            for path in sorted(_named(root, listed)):
                if os.path.normpath(os.path.abspath(path)) not in known:
                    out.append(Target(path, _display_near(path), BY_FILENAME[os.path.basename(path)], root))
        return out

    return finish


def repository_files(targets: list[Target]) -> list[Target]:
    finish = repository_listing(targets)
    return [] if finish is None else finish()


def _display_near(path: str) -> str:
    """``path`` relative to the current folder when it is inside it."""
    relative = os.path.relpath(path)
    return (path if relative.startswith("..") else relative).replace(os.sep, "/")


def _work_tree(folder: str, known: dict[str, str | None]) -> str | None:
    """The folder holding ``.git`` at or above ``folder`` (``known`` caches every folder walked)."""
    walked = []
    found: str | None = None
    while True:
        if folder in known:
            found = known[folder]
            break
        walked.append(folder)
        if os.path.exists(os.path.join(folder, ".git")):
            found = folder
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    for name in walked:
        known[name] = found
    return found


def _broken_link(path: str) -> str:
    """Why a symbolic link leads to no file."""
    import errno

    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symbolic link that loops back on itself"
        if exc.errno == errno.ENOENT:
            return f"is a symbolic link to {os.readlink(path)!r}, which does not exist"
        return f"is a symbolic link that cannot be followed: {exc.strerror or exc}"
    return "not a regular file or directory"


def _display(raw: str, file: str) -> str:
    """``file`` (found under ``raw``) as the user would write it."""
    if raw in (".", "./"):
        prefix = "." + os.sep
        relative = file[len(prefix) :] if file.startswith(prefix) else os.path.relpath(file, raw)
        return relative.replace(os.sep, "/")
    return file.replace(os.sep, "/")


def _platform_of(path: str, override: str | None) -> Platform | None:
    name = os.path.basename(path)
    if name in BY_FILENAME:
        return BY_FILENAME[name]
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        head = b""
    for match in re.finditer(_SCHEMA_DIRECTIVE, head):
        target = match.group(1).decode("utf-8", "replace")
        for platform in PLATFORMS.values():
            if target.endswith(platform.schema_filename) or target == platform.schema_id:
                return platform
    if override is not None:
        return PLATFORMS[override]
    return None


def _search(
    root: str,
    bare: set[str] | None = None,
    outside_git: set[str] | None = None,
    found_many: tuple[int, Callable[[], None]] | None = None,
) -> tuple[list[str], list[tuple[str, str]]]:
    """The config files under ``root``, and the symbolic links named like one
    that lead to no file (with why). A FIFO or a directory named like a config
    file is passed over. ``bare`` gets the folders listed that hold no
    configuration file (what the configuration's search need not look at
    again); ``outside_git`` gets ``root`` when no folder above it or listed
    below it holds ``.git``; ``found_many`` is called when the files found
    reach its count."""
    listed = _git_files(root) if _in_git_work_tree(root) else None
    if listed is not None:
        found, broken = [], []
        named = _named(root, listed)
        if found_many is not None and len(named) >= found_many[0]:
            found_many[1]()
        for path in named:
            if os.path.isfile(path):
                found.append(path)
            elif os.path.islink(path):
                broken.append((path, _broken_link(path)))
        return found, broken
    found = []
    broken = []
    nested_git = False
    pending = [root]  # a stack, not recursion: trees can be deeper than Python's stack
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # unreadable: nothing to find there
        names = {entry.name for entry in entries}
        if folder is not root and "pyvenv.cfg" in names:
            continue  # a virtual environment
        if bare is not None and not names & _CONFIG_NAMES:
            bare.add(os.path.abspath(folder))
        nested_git = nested_git or ".git" in names
        if found_many is not None and len(found) >= found_many[0]:
            found_many[1]()
            found_many = None
        for entry in entries:
            if entry.name in BY_FILENAME and entry.is_symlink():
                if os.path.isfile(entry.path):
                    found.append(entry.path)
                elif not os.path.isdir(entry.path):
                    broken.append((entry.path, _broken_link(entry.path)))
            elif entry.name in BY_FILENAME and entry.is_file():
                found.append(entry.path)
            elif entry.name not in _SKIP_DIRS and entry.is_dir(follow_symlinks=False):  # never into a link: no loops
                pending.append(entry.path)
    if outside_git is not None and not nested_git:
        outside_git.add(root)
    return found, broken


def _named(root: str, listed: list[str]) -> list[str]:
    """The listed paths named like a config file, outside skipped folders."""
    return [
        os.path.join(root, rel)
        for rel in listed
        if rel.rsplit("/", 1)[-1] in BY_FILENAME and not (set(rel.split("/")[:-1]) & _SKIP_DIRS)
    ]


def _in_git_work_tree(start: str) -> bool:
    """Whether git could list ``start``: a ``.git`` in it or a folder above.
    Checked first, so that a tree outside git never waits for a git process."""
    folder = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return True
        parent = os.path.dirname(folder)
        if parent == folder:
            return False
        folder = parent


def _git_files(root: str) -> list[str] | None:
    listing = GitListing.start(root)
    return None if listing is None else listing.result()


class GitListing:
    """``git ls-files`` of the two config names under ``root``, started now
    and read later, so that git runs while the files are checked. Spawned
    directly (``posix_spawnp``), not through ``subprocess``, whose import
    alone costs as much as git's run."""

    _ARGS = (
        "ls-files",
        "-z",
        "--cached",
        "--others",
        "--exclude-standard",
        "--",
        # Only the two names: in a monorepo, the full listing costs more than everything else.
        ":(glob)**/blaxel.toml",
        ":(glob)**/cerebrium.toml",
    )

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self.fd = fd

    @classmethod
    def start(cls, root: str) -> "GitListing | None":
        if not hasattr(os, "posix_spawnp"):
            return _SubprocessListing(root)  # type: ignore[return-value]  # the same interface, without posix_spawn (Windows)
        read_end, write_end = os.pipe()
        try:
            devnull = os.open(os.devnull, os.O_RDWR)
            try:
                pid = os.posix_spawnp(
                    "git",
                    ["git", "-C", root, *cls._ARGS],
                    os.environ,
                    file_actions=[
                        (os.POSIX_SPAWN_DUP2, devnull, 0),
                        (os.POSIX_SPAWN_DUP2, write_end, 1),
                        (os.POSIX_SPAWN_DUP2, devnull, 2),
                        (os.POSIX_SPAWN_CLOSE, read_end),
                    ],
                )
            finally:
                os.close(devnull)
        except OSError:  # no git
            os.close(read_end)
            os.close(write_end)
            return None
        os.close(write_end)
        return cls(pid, read_end)

    def result(self) -> list[str] | None:
        chunks = []
        try:
            while chunk := os.read(self.fd, 1 << 16):
                chunks.append(chunk)
        finally:
            os.close(self.fd)
            _, status = os.waitpid(self.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            return None
        return [p for p in b"".join(chunks).decode("utf-8", "surrogateescape").split("\0") if p]


class _SubprocessListing:
    """Where there is no ``posix_spawnp`` (Windows)."""

    def __init__(self, root: str) -> None:
        self.root = root

    def result(self) -> list[str] | None:
        import subprocess

        try:
            done = subprocess.run(
                ["git", *GitListing._ARGS], cwd=self.root, capture_output=True, timeout=30, check=False
            )
        except (OSError, subprocess.SubprocessError):
            return None
        if done.returncode != 0:
            return None
        return [p for p in done.stdout.decode("utf-8", "surrogateescape").split("\0") if p]
