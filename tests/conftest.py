"""The chain suite's session: Brownie made cheap, one Anvil per xdist worker, isolation,
the event index folder. Accounts, the registry and the supply fixtures load as plugins
(tests/support); tests/offline runs without Brownie, under plain pytest (its own conftest)."""

from __future__ import annotations

import pytest
from brownie import chain, web3

from tests.support import brownie_speed
from valuechain.network import connect

pytest_plugins = ["tests.support.accounts", "tests.support.registry", "tests.support.supply"]

# `make test` runs tests/offline and tests/consortium with plain pytest (no Brownie, no Anvil)
collect_ignore = ["offline", "consortium"]

brownie_speed.install()


def pytest_configure(config):
    """Under pytest-xdist (`make test` runs two workers), each worker launches its own
    Anvil on the next port: one shared chain would mix both workers' nonces."""
    brownie_speed.own_port_per_worker()


def pytest_collection_modifyitems(items):
    """The stateful tests first (stable otherwise): the longest tests of the suite, under
    xdist they then start at once on one worker while the other takes the many short ones,
    instead of leaving one worker alone with them at the end."""
    items.sort(key=lambda item: not item.nodeid.startswith("tests/stateful/"))


@pytest.fixture(scope="session", autouse=True)
def constant_answers_cached():
    """See tests/support/brownie_speed.py; Brownie is connected by the time session fixtures run."""
    brownie_speed.cache_constant_answers()


@pytest.fixture(scope="module")
def module_isolation():
    """Every module starts from a fresh chain (Brownie's module_isolation, reverting only once
    Brownie's transaction threads are done: see tests/support/brownie_speed.py)."""
    chain.reset()
    yield
    brownie_speed.settle()
    chain.reset()


@pytest.fixture(autouse=True)
def isolation(module_isolation):
    """Every test starts from the state its module fixtures built (Brownie's fn_isolation,
    made cheap: see tests/support/brownie_speed.py)."""
    brownie_speed.settle()
    chain.snapshot()
    yield
    brownie_speed.settle()
    chain.revert()


@pytest.fixture(scope="session", autouse=True)
def event_index_dir(tmp_path_factory):
    """Where the CLI keeps its event index (``valuechain.events.default_path``) during the
    tests: not the checkout's .valuechain/, and one folder per xdist worker (each has
    its own chain). It lives for the session, so reads after a test's revert resync it."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("event-index")
        patch.setenv("VALUECHAIN_INDEX_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def w3():
    """A plain web3 connection to the chain Brownie launched, as valuechain tooling uses it."""
    return connect(web3.provider.endpoint_uri)
