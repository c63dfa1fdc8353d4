"""The console entry point: interrupts are caught from its first instruction,
before the command-line interface is even imported (see ``interrupt``).

A `check` of paths with flags, as CI and pre-commit run it, is parsed here
and run without importing click (``command.parse_check``); everything else
goes to the click interface in ``cli``.
"""

from __future__ import annotations

import sys

from .interrupt import Interrupted, install


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
