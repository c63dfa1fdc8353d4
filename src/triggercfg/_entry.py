"""The console entry point: interrupts are caught from its first instruction,
before the command-line interface is even imported (see ``interrupt``)."""

from __future__ import annotations

import sys

from .interrupt import Interrupted, install


def main() -> None:
    install()
    try:
        from .cli import main as run

        run()
    except Interrupted as exc:
        sys.stderr.write("triggercfg: interrupted: each file is either unchanged or fully fixed\n")
        sys.exit(128 + exc.args[0])
