"""Peak resident memory of a command's largest process, its workers included.

    python bench/peak_rss.py COMMAND [ARGS...]    # prints kilobytes

GNU time reports what ``wait4`` tells of the command's own process, which
includes only the children that process waited for. triggercfg does not
wait for workers that have sent everything (they leave on their own), so
this helper makes itself their reaper (Linux ``PR_SET_CHILD_SUBREAPER``):
every process of the command ends up reaped here, and the largest peak of
them all is printed. Elsewhere it falls back to the command's own process.
"""

from __future__ import annotations

import os
import sys

PR_SET_CHILD_SUBREAPER = 36


def main() -> None:
    argv = sys.argv[1:]
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    devnull = os.open(os.devnull, os.O_RDWR)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
    peak = 0
    while True:
        try:
            _, _, usage = os.wait4(-1, 0)
        except ChildProcessError:
            break
        peak = max(peak, usage.ru_maxrss)
    print(peak)


if __name__ == "__main__":
    main()
