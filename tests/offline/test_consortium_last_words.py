"""What a consortium network's error quotes of a geth that exited (tools/consortium/
network.py): geth's own Fatal line or why it shut itself down, or Go's panic message
above its stack, never the stack's last line (a run once quoted only "main.go:270 +0x45")."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.consortium.network import Node, Ports, _last_log_line

INFO = "INFO [11-30|20:01:02.345] Starting Geth on Ethereum mainnet..."
PANIC = """panic: runtime error: index out of range [3] with length 3

goroutine 1 [running]:
github.com/ethereum/go-ethereum/node.(*Node).Start(0xc000292000)
\tgithub.com/ethereum/go-ethereum@v1.13.15/node/node.go:171 +0x3c5
main.main()
\tgithub.com/ethereum/go-ethereum@v1.13.15/cmd/geth/main.go:270 +0x45"""
LOW_DISK = ("ERROR[11-30|20:01:33.000] Low disk space. Gracefully shutting down Geth to prevent database corruption. "
            "available=27.18MiB path=/tmp/net/nodes/oem/geth")
STOPPING = "INFO [11-30|20:01:33.100] Got interrupt, shutting down...\nINFO [11-30|20:01:33.900] Blockchain stopped\n"


def _node_with_log(tmp_path: Path, text: str | None) -> Node:
    if text is not None:
        (tmp_path / "geth.log").write_text(text)
    return Node(1, "oem", "oem", "0x" + "11" * 20, "ab" * 64, Ports(30000, 30100, 30200), str(tmp_path))


@pytest.mark.parametrize(("log", "quoted"), [
    (f"{INFO}\n{PANIC}\n", "panic: runtime error: index out of range [3] with length 3"),
    (f"{INFO}\nfatal error: concurrent map writes\n\ngoroutine 7 [running]:\nmain.main()\n", "fatal error: concurrent map writes"),
    (f"{INFO}\nFatal: Failed to unlock account 0x11 (could not decrypt key with given password)\n",
     "Fatal: Failed to unlock account 0x11 (could not decrypt key with given password)"),
    (f"{INFO}\nINFO [11-30|20:01:03.000] Blockchain stopped\n", "INFO [11-30|20:01:03.000] Blockchain stopped"),
    (f"{INFO}\n{LOW_DISK}\n{STOPPING}", LOW_DISK),
    ("", "empty log"),
    (None, "no log"),
])
def test_the_last_words_quoted_of_an_exited_geth(tmp_path: Path, log: str | None, quoted: str) -> None:
    assert _last_log_line(_node_with_log(tmp_path, log)) == quoted
