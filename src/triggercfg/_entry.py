"""The console entry point: interrupts are caught from its first instruction,
before the command-line interface is even imported (see ``interrupt``).

A `check` of paths with flags, as CI and pre-commit run it, is parsed here
and run without importing click (``command.parse_check``); everything else
goes to the click interface in ``cli``.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

from .interrupt import Interrupted, install


def console() -> NoReturn:
    """The installed `triggercfg` command (and `python -m triggercfg`):
    :func:`main`, then leave without tearing the interpreter down, which
    costs ~4 ms of a one-file check, once the output is flushed and nothing
    is registered to run at exit (coverage's hooks are, under the tests)."""
    try:
        main()
    except SystemExit as exit:
        code = exit.code
    else:
        code = 0
    if not isinstance(code, int) or _work_at_exit():
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: the interpreter's own exit says so, as before
        sys.exit(code)
    os._exit(code)


def _work_at_exit() -> bool:
    """Whether leaving at once would skip something: an exit handler, or a thread."""
    import atexit

    handlers = getattr(atexit, "_ncallbacks", None)
    threading = sys.modules.get("threading")
    return handlers is None or handlers() > 0 or (threading is not None and threading.active_count() > 1)


def main() -> None:
    install()
    try:
        from .command import check, parse_check, run

        args = parse_check(sys.argv[1:])
        if args is not None:
            run(lambda: check(args))
        from .cli import main as run_cli

        run_cli()
    except Interrupted as exc:
        sys.stderr.write("triggercfg: interrupted: each file is either unchanged or fully fixed\n")
        sys.exit(128 + exc.args[0])
