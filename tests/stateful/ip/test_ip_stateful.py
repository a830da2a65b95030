"""Random sequences of register / batch / revise / transfer / suspend / reinstate / offboard
against a plain-Python model of IPRegistry (model-based stateful testing).

Registrations and revisions sometimes reuse the commitment of a known asset, as a member
copying another's pending transaction would: the model files it under the registering
org's own id (a duplicate only for the same org) and expects ``verify`` to open it for
nobody, while every honest registration verifies for its registrant and no other org.

Every call the model rejects must revert with exactly the custom error the model
predicts; every accepted one is followed by a check of the touched lineage's views
(ownerOf of every version, versionCount, latestVersion, ownerAt now). A
``check_owner_at`` step compares ``ownerAt`` at random past times near ownership changes,
and at the end of each run every lineage's links and ``ownerAt`` at every ownership
boundary (t - 1, t) are compared with the model, in one JSON-RPC batch (a Brownie call
costs ~6 ms).

Why not hypothesis' RuleBasedStateMachine: Brownie 1.22.2's ``state_machine`` cannot run
(its mypyc-compiled ``_BrownieStateMachine.__init__`` rejects the subclass it generates),
and with plain hypothesis 6.27 most stateful examples measured here stopped within 4
steps (swarm testing switches rules off per example), so 30 examples made a handful of
successful transfers, or spent minutes repeating one operation. Drawing each step
inside the run instead abandoned many runs part-way (2,590 steps executed for 35
counted examples). So each example here is a program of 15-25 steps drawn whole, then
run by ``IPRun`` from a chain snapshot (``brownie.test.given`` reverts between
examples) with a few assets registered up front, on a clock of its own (every block
time is pinned, so a replayed program sees the same times).
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field, replace

import pytest
from brownie import IPRegistry, web3
from brownie.test import given
from hypothesis import HealthCheck, note, settings
from hypothesis import strategies as st

from tests.support.ip import asset_of, commitment_of, document, encoded, hx, reverts_with
from valuechain.identity import Status

REASON = b"\x07" * 32
META = b"\x4d" * 32
DOC = b"\xd0" * 32
OFFBOARDABLE = 3  # only the last org can be offboarded, so the others stay useful
UNKNOWN_ORG = b"BPNL0000000NONE1"
ZERO16, ZERO32 = b"\x00" * 16, b"\x00" * 32
INITIAL = 3  # assets registered before the snapshot, by orgs 0, 1, 0

# One round of operations, weighted by repetition: ownership changes and their checks
# matter most. Step i runs OPERATIONS[(i + step.shift) % len(OPERATIONS)].
OPERATIONS = [
    "register", "transfer", "revise", "check_owner_at",
    "transfer", "register_batch", "revise", "transfer",
    "suspend_or_reinstate", "revise_stale", "transfer", "check_owner_at",
    "register", "transfer", "offboard",
]
WAITS = [1, 0, 13, 600, 86_400]  # seconds to let pass before a step (0: same block time)


@dataclass(frozen=True)
class Step:
    """One drawn step; each operation reads the numbers its own way (see its docstring).

    Hypothesis draws zeros far more often than other values (it shrinks towards them),
    so zero means the useful case everywhere: the operation moves on with the step's
    position and the asset with each round of operations (an all-zero program runs
    every operation on one asset, then on the next), the owner acts, the receiver is
    another org, the commitment is fresh, the kind is valid, a second passes."""

    shift: int  # step i runs OPERATIONS[(i + shift) % len(OPERATIONS)]
    actor: int  # 0-1: the operator of the asset's current owner; 2-5: org actor - 2's
    pick: int  # step i picks known asset number (i // len(OPERATIONS) + pick), modulo
    small: int  # 0-5: a kind, a batch size, a receiver offset, a time offset
    flag: bool  # the unusual variant (a known asset's commitment: a duplicate or a copy)
    wait: int


steps = st.builds(
    Step,
    st.integers(0, len(OPERATIONS) - 1),
    st.integers(0, 5),
    st.integers(0, 63),
    st.integers(0, 5),
    st.booleans(),
    st.sampled_from(WAITS),
)
# A program is drawn whole before it runs, so hypothesis never abandons a run half-way.
programs = st.lists(steps, min_size=15, max_size=25)


def batch_views(contract, calls: list[tuple]) -> list:
    """Results of ``contract.<name>(*args)`` for each ``(name, *args)``, in one request."""
    if not calls:
        return []
    with web3.batch_requests() as batch:
        for name, *args in calls:
            batch.add(contract.functions[name](*args))
        return list(batch.execute())


@dataclass
class Lineage:
    versions: list[bytes]
    history: list[tuple[int, bytes]]  # (block time, owner from then on), registration first

    @property
    def owner(self) -> bytes:
        return self.history[-1][1]

    def owner_at(self, t: int) -> bytes:
        owner = ZERO16
        for since, org in self.history:
            if since <= t:
                owner = org  # the last change at or before t wins (same block time too)
        return owner


@dataclass(frozen=True)
class Commitment:
    """A commitment and what opens it: the org it names, the salt and the content hash."""

    value: bytes
    org: bytes
    salt: bytes
    content: bytes

    @classmethod
    def of(cls, org: bytes, n: int) -> Commitment:
        """``org``'s commitment of document number ``n``."""
        salt, content = document(n)
        return cls(commitment_of(org, salt, content), org, salt, content)


@dataclass
class Model:
    status: dict[bytes, Status]
    registered_at: dict[bytes, int] = field(default_factory=dict)
    registrant: dict[bytes, bytes] = field(default_factory=dict)  # the org that registered it
    commitment: dict[bytes, Commitment] = field(default_factory=dict)  # what it was registered with
    root_of: dict[bytes, bytes] = field(default_factory=dict)
    lineages: dict[bytes, Lineage] = field(default_factory=dict)
    order: list[bytes] = field(default_factory=list)  # assets in registration order

    def lineage(self, asset: bytes) -> Lineage:
        return self.lineages[self.root_of[asset]]

    def owner_at(self, asset: bytes, t: int) -> bytes:
        if asset not in self.registered_at or t < self.registered_at[asset]:
            return ZERO16
        return self.lineage(asset).owner_at(t)

    def add(self, asset: bytes, t: int, root: bytes, org: bytes, commitment: Commitment) -> None:
        self.registered_at[asset] = t
        self.registrant[asset] = org
        self.commitment[asset] = commitment
        self.root_of[asset] = root
        if root == asset:
            self.lineages[asset] = Lineage([asset], [(t, org)])
        else:
            self.lineages[root].versions.append(asset)
        self.order.append(asset)

    def copy(self) -> Model:
        return Model(
            dict(self.status),
            dict(self.registered_at),
            dict(self.registrant),
            dict(self.commitment),
            dict(self.root_of),
            {r: Lineage(list(lin.versions), list(lin.history)) for r, lin in self.lineages.items()},
            list(self.order),
        )


class IPRun:
    """One program run: the chain (from the snapshot) and the model, step by step."""

    def __init__(self, world: World) -> None:
        self.ip, self.ip_web3 = world.ip, world.ip_web3
        self.registry, self.council = world.registry, world.council
        self.orgs, self.ops = world.orgs, world.ops
        self.model = world.initial.copy()
        self.fresh = itertools.count(10_000)
        self.now = web3.eth.get_block("latest")["timestamp"]  # the snapshot's block time

    def step(self, i: int, step: Step) -> None:
        """Run step number ``i``: its operation, with the asset moved on by the round."""
        operation = OPERATIONS[(i + step.shift) % len(OPERATIONS)]
        note(f"step {i}: {operation} {step}")
        getattr(self, operation)(replace(step, pick=step.pick + i // len(OPERATIONS)))

    # -------------------------------------------------------------- helpers

    def _new_commitment(self, org: bytes) -> Commitment:
        return Commitment.of(org, next(self.fresh))

    def _commitment(self, step: Step, org: bytes, pick: int) -> Commitment:
        """A known asset's commitment (asset ``pick``) if ``flag``: the same org's is a
        duplicate, another org's a copy; else a fresh commitment of ``org``."""
        return self.model.commitment[self._asset(pick)] if step.flag else self._new_commitment(org)

    def _asset(self, i: int) -> bytes:
        return self.model.order[i % len(self.model.order)]

    def _actor(self, i: int, asset: bytes | None = None) -> tuple[bytes, object]:
        """Org and operator for actor number ``i``: 0-1 the owner of ``asset`` (or org 0-1
        when there is none), 2-5 org ``i - 2``."""
        if i < 2:
            i = self.orgs.index(self.model.lineage(asset).owner) if asset is not None else i
        else:
            i -= 2
        return self.orgs[i], self.ops[i]

    def _inactive(self, org: bytes):
        status = self.model.status[org]
        return None if status == Status.ACTIVE else ("OrgNotActive", org, int(status))

    def _tick(self, seconds: int) -> None:
        """Let ``seconds`` pass and pin the next block's time to the run's own clock, so a
        replayed program sees the same block times (0: the same time as the last block)."""
        self.now += seconds
        web3.provider.make_request("evm_setNextBlockTimestamp", [self.now])

    def _apply(self, seconds: int, error, fn, *args):
        """Let ``seconds`` pass, then run ``fn`` expecting ``error`` ((name, *args)) or success.

        An expected rejection is checked with eth_call on the same state (a reverting
        transaction costs Brownie a trace lookup, and changes nothing either way)."""
        self._tick(seconds)
        if error is None:
            return fn(*args)
        with reverts_with(*error):
            fn.call(*args)
        return None

    def _check_lineage(self, asset: bytes, now: int) -> None:
        """Current views of the lineage of ``asset`` (as of block time ``now``) against the model."""
        lineage = self.model.lineage(asset)
        calls = [("ownerOf", v) for v in lineage.versions]
        calls += [("versionCount", asset), ("latestVersion", asset), ("ownerAt", asset, now)]
        expected = [lineage.owner] * len(lineage.versions)
        expected += [len(lineage.versions), lineage.versions[-1], lineage.owner]
        assert batch_views(self.ip_web3, calls) == expected

    # -------------------------------------------------------------- operations

    def register(self, step: Step):
        """By org ``actor`` (0-1: org 0-1), kind ``small`` (5 is invalid), a known asset's
        commitment if ``flag``."""
        org, op = self._actor(step.actor)
        kind = step.small
        commitment = self._commitment(step, org, step.pick)
        asset = asset_of(org, commitment.value)
        error = self._inactive(org)
        if error is None and kind > 4:
            error = ("InvalidKind", kind)
        if error is None and asset in self.model.registered_at:
            error = ("AssetAlreadyRegistered", asset, org)  # ids are per org: only org itself collides
        tx = self._apply(step.wait, error, self.ip.register, commitment.value, META, kind, {"from": op})
        if tx is not None:
            assert tx.return_value == hx(asset)
            self.model.add(asset, tx.timestamp, asset, org, commitment)
            self._check_lineage(asset, tx.timestamp)

    def register_batch(self, step: Step):
        """``small % 3 + 1`` entries by org ``actor``; if ``flag``, the last of two or three
        is a known asset's commitment (``pick`` even) or a repeat of the first entry (``pick`` odd)."""
        org, op = self._actor(step.actor)
        size = step.small % 3 + 1
        entries = [self._new_commitment(org) for _ in range(size)]
        if step.flag and size > 1:
            entries[-1] = self._commitment(step, org, step.pick) if step.pick % 2 == 0 else entries[0]
        ids = [asset_of(org, c.value) for c in entries]
        error = self._inactive(org)
        for i, asset in enumerate(ids):
            if error is None and (asset in self.model.registered_at or asset in ids[:i]):
                error = ("BatchEntryRejected", i, encoded("AssetAlreadyRegistered(bytes32,bytes16)", asset, org))
        tx = self._apply(step.wait, error, self.ip.registerBatch, [(c.value, META, 1) for c in entries], {"from": op})
        if tx is not None:
            assert list(tx.return_value) == [hx(a) for a in ids]
            for asset, c in zip(ids, entries, strict=True):
                self.model.add(asset, tx.timestamp, asset, org, c)
            assert batch_views(self.ip_web3, [("ownerOf", a) for a in ids]) == [org] * size

    def revise(self, step: Step):
        """The latest version of asset ``pick``'s lineage revised by ``actor``."""
        lineage = self.model.lineage(self._asset(step.pick))
        self._revise(step, lineage, lineage.versions[-1])

    def revise_stale(self, step: Step):
        """Version ``small`` (modulo; 0: the first) of asset ``pick``'s lineage revised by
        ``actor``: stale unless the lineage has a single version."""
        lineage = self.model.lineage(self._asset(step.pick))
        self._revise(step, lineage, lineage.versions[step.small % len(lineage.versions)])

    def _revise(self, step: Step, lineage: Lineage, predecessor: bytes):
        """By ``actor``, with a fresh commitment, or asset ``pick + 1``'s if ``flag``."""
        org, op = self._actor(step.actor, predecessor)
        commitment = self._commitment(step, org, step.pick + 1)
        asset = asset_of(org, commitment.value)
        error = self._inactive(org)
        if error is None and lineage.owner != org:
            error = ("NotAssetOwner", predecessor, lineage.owner, org)
        if error is None and lineage.versions[-1] != predecessor:
            error = ("NotLatestVersion", predecessor, lineage.versions[-1])
        if error is None and asset in self.model.registered_at:
            error = ("AssetAlreadyRegistered", asset, org)
        tx = self._apply(step.wait, error, self.ip.revise, predecessor, commitment.value, META, {"from": op})
        if tx is not None:
            assert tx.return_value == hx(asset)
            assert tx.events["AssetRevised"]["version"] == len(lineage.versions) + 1
            self.model.add(asset, tx.timestamp, self.model.root_of[predecessor], org, commitment)
            self._check_lineage(asset, tx.timestamp)

    def transfer(self, step: Step):
        """Asset ``pick`` sent by ``actor`` to the member ``small + 1`` places after the
        owner (``small`` 0-2; 3: the owner itself) or to an unknown org (``small`` 4-5)."""
        asset = self._asset(step.pick)
        org, op = self._actor(step.actor, asset)
        owner_index = self.orgs.index(self.model.lineage(asset).owner)
        if step.small < 4:
            receiver = self.orgs[(owner_index + 1 + step.small) % len(self.orgs)]
        else:
            receiver = UNKNOWN_ORG
        lineage = self.model.lineage(asset)
        error = self._inactive(org)
        if error is None and lineage.owner != org:
            error = ("NotAssetOwner", asset, lineage.owner, org)
        if error is None and receiver == org:
            error = ("SelfTransfer", asset, org)
        if error is None:
            status = self.model.status.get(receiver, Status.NONE)
            if status != Status.ACTIVE:
                error = ("OrgNotActive", receiver, int(status))
        tx = self._apply(step.wait, error, self.ip.transfer, asset, receiver, DOC, {"from": op})
        if tx is not None:
            assert tx.events["AssetTransferred"]["root"] == hx(lineage.versions[0])
            lineage.history.append((tx.timestamp, receiver))
            self._check_lineage(asset, tx.timestamp)

    def suspend_or_reinstate(self, step: Step):
        """Org ``actor % 4`` suspended if active, reinstated if suspended."""
        org = self.orgs[step.actor % len(self.orgs)]
        status = self.model.status[org]
        self._tick(0)
        if status == Status.ACTIVE:
            self.registry.suspend(org, REASON, {"from": self.council})
            self.model.status[org] = Status.SUSPENDED
        elif status == Status.SUSPENDED:
            self.registry.reinstate(org, {"from": self.council})
            self.model.status[org] = Status.ACTIVE

    def offboard(self, step: Step):
        """The offboardable org leaves for good."""
        org = self.orgs[OFFBOARDABLE]
        self._tick(0)
        if self.model.status[org] != Status.OFFBOARDED:
            self.registry.offboard(org, REASON, {"from": self.council})
            self.model.status[org] = Status.OFFBOARDED

    def check_owner_at(self, step: Step):
        """ownerAt of asset ``pick`` near (``small - 3`` s) its registration or one of its
        lineage's ownership changes (chosen by ``actor + pick``): a random past time."""
        asset = self._asset(step.pick)
        history = self.model.lineage(asset).history
        times = [self.model.registered_at[asset]] + [t for t, _ in history]
        t = times[(step.actor + step.pick) % len(times)] + step.small - 3
        assert self.ip.ownerAt(asset, t) == hx(self.model.owner_at(asset, t))

    # -------------------------------------------------------------- end of run

    def check_all(self):
        """The lineage links of every version, ownerAt at every ownership boundary
        (t - 1, t) of every lineage and at every version's registration, and verify of
        every asset for its registrant (true unless its commitment names another org: a
        copy) and for the next org (never)."""
        calls, expected = [], []
        for asset, c in self.model.commitment.items():
            registrant = self.model.registrant[asset]
            other = self.orgs[(self.orgs.index(registrant) + 1) % len(self.orgs)]
            calls += [("verify", asset, registrant, c.salt, c.content), ("verify", asset, other, c.salt, c.content)]
            expected += [c.org == registrant, False]
        for root, lineage in self.model.lineages.items():
            calls.append(("transferCount", root))
            expected.append(len({t for t, _ in lineage.history[1:]}))  # one checkpoint per block time
            for t in sorted({t for t, _ in lineage.history}):
                calls += [("ownerAt", root, t - 1), ("ownerAt", root, t)]
                expected += [self.model.owner_at(root, t - 1), self.model.owner_at(root, t)]
            for n, version in enumerate(lineage.versions[1:], start=2):
                t = self.model.registered_at[version]
                calls += [
                    ("predecessorOf", version),
                    ("versionAt", root, n),
                    ("ownerAt", version, t - 1),
                    ("ownerAt", version, t),
                ]
                expected += [lineage.versions[n - 2], version, ZERO16, self.model.owner_at(version, t)]
        actual = batch_views(self.ip_web3, calls)
        mismatches = [(c, a, e) for c, a, e in zip(calls, actual, expected, strict=True) if a != e]
        assert not mismatches, mismatches[:5]


@dataclass
class World:
    """What every run starts from: the contracts, the members and the initial assets."""

    ip: object
    ip_web3: object  # the same contract through web3, for batched views
    registry: object
    council: object
    orgs: list[bytes]
    ops: list
    initial: Model


@pytest.fixture(scope="module")
def world(registry, council, oem, supplier_a, supplier_b, auditor, oem_op, supplier_a_op, supplier_b_op, auditor_op):
    orgs = [supplier_a, supplier_b, oem, auditor]
    ops = [supplier_a_op, supplier_b_op, oem_op, auditor_op]
    ip = IPRegistry.deploy(registry, {"from": council})
    initial = Model(status=dict.fromkeys(orgs, Status.ACTIVE))
    for n, by in zip(range(INITIAL), [0, 1, 0], strict=True):
        commitment = Commitment.of(orgs[by], n)
        tx = ip.register(commitment.value, META, n % 5, {"from": ops[by]})
        asset = asset_of(orgs[by], commitment.value)
        initial.add(asset, tx.timestamp, asset, orgs[by], commitment)
    ip_web3 = web3.eth.contract(address=ip.address, abi=ip.abi)
    return World(ip, ip_web3, registry, council, orgs, ops, initial)


@given(program=programs)
@settings(max_examples=20 * int(os.environ.get("STATEFUL_SCALE", "1")), deadline=None,
          suppress_health_check=list(HealthCheck))
def test_ip_registry_matches_model(world, program):
    run = IPRun(world)
    for i, step in enumerate(program):
        run.step(i, step)
    run.check_all()
