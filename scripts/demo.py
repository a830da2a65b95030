"""`make demo`: the valuechain scenario on the local Anvil chain Brownie launched."""

from brownie import accounts, web3

from valuechain.network import connect
from valuechain.scenario import Demo


def main() -> None:
    Demo(connect(web3.provider.endpoint_uri), [a.address for a in accounts]).run()
