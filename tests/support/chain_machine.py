"""Hypothesis stateful testing against the chain.

Brownie 1.22.2 ships its ``state_machine`` fixture compiled with mypyc, and the compiled
``_BrownieStateMachine.__init__`` rejects the subclass Brownie itself generates
(``TypeError: _BrownieStateMachine object expected``), so it cannot run at all. This is
the same idea on plain hypothesis: every run starts from a chain snapshot taken once.
"""

from __future__ import annotations

import os

import brownie
from brownie import chain
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, run_state_machine_as_test


class ChainStateMachine(RuleBasedStateMachine):
    """A rule-based machine whose every run starts from the snapshot ``run`` took."""

    def __init__(self) -> None:
        super().__init__()
        chain.revert()


    def expect(self, ok: bool, fn, *args) -> None:
        """Send ``fn(*args)`` when the model allows it, else check that the chain refuses
        it (as a call: a reverted transaction would cost a trace for nothing)."""
        if ok:
            fn(*args)
        else:
            with brownie.reverts():
                fn.call(*args)


def run(machine: type[ChainStateMachine], max_examples: int = 15, steps: int = 20) -> None:
    """Snapshot the chain as it is now (fixtures deployed) and run ``machine`` against it.

    ``STATEFUL_SCALE`` (set by ``make fuzz``) multiplies the number of runs."""
    max_examples *= int(os.environ.get("STATEFUL_SCALE", "1"))
    chain.snapshot()
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=max_examples,
            stateful_step_count=steps,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
