"""The language server's keystroke-to-diagnostics round trip (issue 11).

Starts `triggercfg server` as an editor would, opens a blaxel.toml with 2,000
triggers, then types: each round sends one `didChange` (a character of a
trigger id, changed and changed back) and waits for the diagnostics of that
version. Reported: the median and 90th percentile round trip. The server
waits for a pause in typing as long as the document's last check took
(between 30 and 150 ms) before it checks again, so the round trip is about
twice the check. Standard library only: a minimal JSON-RPC client.

    python bench/server.py [--triggers 2000] [--rounds 30]

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--triggers", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    path = folder / "blaxel.toml"
    text = many_triggers(args.triggers)
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client = Client([sys.executable, "-m", "triggercfg", "server"])
    ident = client.send(
        "initialize", {"processId": os.getpid(), "rootUri": folder.as_uri(), "capabilities": {}}, request=True
    )
    client.wait(lambda m: m.get("id") == ident)
    client.send("initialized", {})
    started = time.perf_counter()
    client.send(
        "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "toml", "version": 1, "text": text}}
    )
    first = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    opened = time.perf_counter() - started
    position = text.index('id = "') + len('id = "')
    line = text.count("\n", 0, position)
    column = position - (text.rfind("\n", 0, position) + 1)
    original = text[position]
    trips = []
    for version in range(2, args.rounds + 2):
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
    ident = client.send("shutdown", None, request=True)
    client.wait(lambda m: m.get("id") == ident)
    client.send("exit", None)
    client.process.wait(timeout=10)
    trips.sort()
    median = statistics.median(trips)
    p90 = trips[int(len(trips) * 0.9) - 1]
    result = (
        f"- {time.strftime('%Y-%m-%d %H:%M')}: {args.triggers} triggers ({len(text):,} bytes), "
        f"{len(first['params']['diagnostics'])} diagnostics on open after {opened * 1000:.0f} ms; "
        f"keystroke to diagnostics over {args.rounds} edits: median {median * 1000:.0f} ms, "
        f"90th percentile {p90 * 1000:.0f} ms (adaptive debounce, 30 to 150 ms)\n"
    )
    print(result, end="")
    notes = HERE / "SERVER.md"
    if not notes.exists():
        notes.write_text("# Language server round trips (`python bench/server.py`)\n\n", encoding="utf-8")
    with notes.open("a", encoding="utf-8") as out:
        out.write(result)


if __name__ == "__main__":
    main()
