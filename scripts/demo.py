"""`make demo`: the valuechain scenario on the local Anvil chain Brownie launched, then the
suite on a four-validator consortium chain of its own (tools/consortium/demo.py).

The demo keeps its own manifest, `.valuechain/demo/<chainId>.json`: the
`deployments/<chainId>.json` of a local chain someone is using stays as it is."""

from pathlib import Path

from brownie import accounts, web3

from tools.consortium import demo as consortium
from valuechain.network import connect
from valuechain.scenario import Demo

MANIFEST_DIR = Path(__file__).resolve().parent.parent / ".valuechain" / "demo"


def main() -> None:
    demo = Demo(connect(web3.provider.endpoint_uri), [a.address for a in accounts], manifest_dir=MANIFEST_DIR)
    demo.run()
    consortium.run(demo.console)
