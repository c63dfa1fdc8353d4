"""The language server's keystroke-to-diagnostics round trip (issue 11).

Starts `triggercfg server` as an editor would, opens a blaxel.toml with 2,000
triggers, then types: each round sends one `didChange` (a character of a
trigger id, changed and changed back) and waits for the diagnostics of that
version. Reported: the median and 90th percentile round trip. The server
waits for a pause in typing as long as the document's last check took
(between 30 and 150 ms) before it checks again, so the round trip is about
twice the check. Standard library only: a minimal JSON-RPC client.

    python bench/server.py [--triggers 2000] [--rounds 30]
    python bench/server.py --workspace 3      # issue 25: beside two unopened 3 MB files

With ``--workspace MB``, the same edits are measured twice in one run: with
the file alone in its folder, and with two unopened blaxel.toml files of MB
megabytes beside it that deploy the same app name (so every check runs the
cross-file rules, and their message names a line of each). The target: at
most 1.5 times the round trip alone.

Appends its result to bench/SERVER.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).parent))
from workloads import many_triggers

HERE = Path(__file__).parent


class Client:
    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.next_id = 0

    def send(self, method: str, params: object, *, request: bool = False) -> int | None:
        message: dict[str, object] = {"jsonrpc": "2.0", "method": method, "params": params}
        ident = None
        if request:
            self.next_id += 1
            ident = message["id"] = self.next_id
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]
        return ident

    def receive(self) -> dict:
        length = 0
        while True:
            line = self.process.stdout.readline()  # type: ignore[union-attr]
            if line in (b"\r\n", b""):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.process.stdout.read(length))  # type: ignore[union-attr]

    def wait(self, predicate) -> dict:
        while True:
            message = self.receive()
            if "id" in message and "method" in message:  # a request from the server: accept it
                body = json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": None}).encode()
                self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)  # type: ignore[union-attr]
                self.process.stdin.flush()  # type: ignore[union-attr]
                continue
            if predicate(message):
                return message


class Session(NamedTuple):
    opened: float  # seconds from didOpen to its diagnostics
    diagnostics: int  # how many on open
    trips: list[float]  # keystroke to diagnostics, sorted
    hover: float  # seconds for a hover on a trigger id


def session(folder: Path, text: str, rounds: int, python: str = sys.executable) -> Session:
    """Start a server on ``folder``, open its blaxel.toml holding ``text``,
    type ``rounds`` edits and hover once."""
    path = folder / "blaxel.toml"
    uri = path.as_uri()
    client = Client([python, "-m", "triggercfg", "server"])
    ident = client.send(
        "initialize", {"processId": os.getpid(), "rootUri": folder.as_uri(), "capabilities": {}}, request=True
    )
    client.wait(lambda m: m.get("id") == ident)
    client.send("initialized", {})
    started = time.perf_counter()
    client.send(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "toml", "version": 1, "text": text}}
    )
    first = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
    opened = time.perf_counter() - started
    position = text.index('id = "') + len('id = "')
    line = text.count("\n", 0, position)
    column = position - (text.rfind("\n", 0, position) + 1)
    original = text[position]
    trips = []
    for version in range(2, rounds + 2):
        character = "x" if version % 2 == 0 else original
        started = time.perf_counter()
        client.send(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [
                    {
                        "range": {
                            "start": {"line": line, "character": column},
                            "end": {"line": line, "character": column + 1},
                        },
                        "text": character,
                    }
                ],
            },
        )
        client.wait(
            lambda m, v=version: (
                m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == v
            )
        )
        trips.append(time.perf_counter() - started)
    started = time.perf_counter()
    ident = client.send(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": line, "character": column}},
        request=True,
    )
    client.wait(lambda m: m.get("id") == ident)
    hover = time.perf_counter() - started
    ident = client.send("shutdown", None, request=True)
    client.wait(lambda m: m.get("id") == ident)
    client.send("exit", None)
    client.process.wait(timeout=10)
    return Session(opened, len(first["params"]["diagnostics"]), sorted(trips), hover)


def _p90(trips: list[float]) -> float:
    return trips[max(0, int(len(trips) * 0.9) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--triggers", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument(
        "--workspace",
        type=float,
        metavar="MB",
        help="also measure the same edits with two unopened blaxel.toml files of this size (MB) beside it, "
        "with the same app name (cross-file findings); paired with the file alone, in one run",
    )
    parser.add_argument("--python", default=sys.executable, help="the Python whose triggercfg runs the server")
    args = parser.parse_args()
    text = many_triggers(args.triggers)
    alone = Path(tempfile.mkdtemp())
    (alone / "blaxel.toml").write_text(text, encoding="utf-8")
    if args.workspace is None:
        result = session(alone, text, args.rounds, args.python)
        median = statistics.median(result.trips)
        line = (
            f"- {time.strftime('%Y-%m-%d %H:%M')}: {args.triggers} triggers ({len(text):,} bytes), "
            f"{result.diagnostics} diagnostics on open after {result.opened * 1000:.0f} ms; "
            f"keystroke to diagnostics over {args.rounds} edits: median {median * 1000:.0f} ms, "
            f"90th percentile {_p90(result.trips) * 1000:.0f} ms (adaptive debounce, 30 to 150 ms)\n"
        )
    else:
        big = Path(tempfile.mkdtemp())
        (big / "blaxel.toml").write_text(text, encoding="utf-8")
        count = max(1, int(args.workspace * 1_000_000 / (len(text) / args.triggers)))
        other = many_triggers(count)
        for name in ("svc-a", "svc-b"):
            (big / name).mkdir()
            (big / name / "blaxel.toml").write_text(other, encoding="utf-8")  # app "fan-out", as the open file
        runs: dict[str, list[Session]] = {"alone": [], "workspace": []}
        for _ in range(2):  # paired: alternate, so that the machine's drift hits both
            runs["alone"].append(session(alone, text, args.rounds, args.python))
            runs["workspace"].append(session(big, text, args.rounds, args.python))
        medians = {k: statistics.median([t for s in v for t in s.trips]) for k, v in runs.items()}
        hovers = {k: statistics.median([s.hover for s in v]) for k, v in runs.items()}
        line = (
            f"- {time.strftime('%Y-%m-%d %H:%M')}: {args.triggers} triggers ({len(text):,} bytes) open, "
            f"two unopened {len(other) / 1e6:.1f} MB blaxel.toml with its app name "
            f"({runs['workspace'][0].diagnostics} diagnostics on open): keystroke to diagnostics, median over "
            f"{2 * args.rounds} edits, {medians['workspace'] * 1000:.0f} ms in the workspace vs "
            f"{medians['alone'] * 1000:.0f} ms alone ({medians['workspace'] / medians['alone']:.2f}x; target 1.5x); "
            f"hover {hovers['workspace'] * 1000:.0f} ms vs {hovers['alone'] * 1000:.0f} ms\n"
        )
    print(line, end="")
    notes = HERE / "SERVER.md"
    if not notes.exists():
        notes.write_text("# Language server round trips (`python bench/server.py`)\n\n", encoding="utf-8")
    with notes.open("a", encoding="utf-8") as out:
        out.write(line)


if __name__ == "__main__":
    main()
