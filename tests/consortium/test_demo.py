"""`make demo`'s consortium part (tools/consortium/demo.py) on a network of its own: it
says what the chain did, and the chain did it."""

from __future__ import annotations

import re

import pytest
from rich.console import Console

from tests.support.consortium import free_ports
from tools.consortium import demo
from tools.consortium.network import geth_binary

pytestmark = [pytest.mark.consortium, pytest.mark.xdist_group("demo")]


def test_demo_consortium_part() -> None:
    if not geth_binary().exists():
        pytest.skip(f"no geth at {geth_binary()}: `make client` builds it")
    console = Console(record=True, width=300)
    demo.run(console, free_ports)  # this worker's ports
    text = console.export_text()
    assert "balance 0 wei: zero gas price" in text
    assert "matches the local build: True (6 contracts)" in text
    assert re.search(r"admitted\s+│\s+6 ", text)
    sealed = re.findall(r"│\s+\d+ │ (\S+)\s+│", text.split("Blocks sealed while")[1])
    assert len(sealed) == 6 and set(sealed) == {"oem", "supplier-a", "supplier-b"}
    assert "the auditor's node is back" in text and "8 events up to block" in text
