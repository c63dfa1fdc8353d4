"""SIGINT and SIGTERM, for the command line: a run stops at once, and no
file is left half written.

``install`` makes both signals raise ``Interrupted`` in the main process.
Three things make that safe:

- a write holds both signals until the file is replaced or its temporary
  file removed (``runner.write_atomic``), so an interrupt never lands inside
  one;
- worker processes go back to the default action (they die at once; a held
  signal takes effect just after the write), and the parent ends them when
  it is interrupted;
- when Python swallows the exception (raised inside a finaliser, it can only
  be "ignored"), ``checkpoint``, called between files, raises it again.

The library API installs nothing: a program that embeds triggercfg keeps its
own signal handling.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from typing import Any

_received: int | None = None


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived. A BaseException, so that only cleanup
    (``finally``) runs on its way out, and click does not turn it into
    "Aborted!" with exit code 1. ``args[0]`` is the signal number."""


def _handler(signum: int, frame: object) -> None:
    global _received
    _received = signum
    raise Interrupted(signum)


def _unraisable(hook: Callable[[Any], object]) -> Callable[[Any], None]:
    def quiet(info: Any) -> None:
        if not isinstance(info.exc_value, Interrupted):  # else ``checkpoint`` raises it again
            hook(info)

    return quiet


def install() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _handler)
    sys.unraisablehook = _unraisable(sys.unraisablehook)


def checkpoint() -> None:
    """Raise ``Interrupted`` if a signal arrived that has not ended the run."""
    if _received is not None:
        raise Interrupted(_received)


def in_worker() -> None:
    """In a forked worker process: the default action for both signals."""
    if _received is not None or signal.getsignal(signal.SIGTERM) is _handler:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
