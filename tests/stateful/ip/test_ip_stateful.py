"""Random register / revise / transfer / suspend / reinstate / time sequences against a
model of IPRegistry; after every step ownerOf of every asset and ownerAt of every lineage
at random past moments must agree with the model's ownership history."""

from __future__ import annotations

from brownie import IPRegistry, accounts, chain, web3
from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule

from tests.chain_machine import ChainStateMachine, run
from tests.conftest import SUPPLIER_A_BPNL, SUPPLIER_B_BPNL, OEM_BPNL
from tests.ip_support import asset_id

ORGS = [OEM_BPNL.encode(), SUPPLIER_A_BPNL.encode(), SUPPLIER_B_BPNL.encode()]
ZERO16 = b"\x00" * 16


class IPMachine(ChainStateMachine):
    ip = None
    council = None
    operators: list = []

    def __init__(self):
        super().__init__()
        self.counter = 0
        self.latest: dict[bytes, bytes] = {}  # root -> latest version
        self.root_of: dict[bytes, bytes] = {}  # version -> root
        self.history: dict[bytes, list[tuple[int, bytes]]] = {}  # root -> [(time, owner)]
        self.active = {o: True for o in ORGS}

    def now(self) -> int:
        return web3.eth.get_block("latest")["timestamp"]

    def owner(self, root: bytes) -> bytes:
        return self.history[root][-1][1]

    @rule(org=st.integers(0, 2))
    def register(self, org):
        self.counter += 1
        asset = asset_id(10_000 + self.counter)
        fn = self.ip.register
        args = (asset, b"\x01" * 32, 0, {"from": self.operators[org]})
        self.expect(self.active[ORGS[org]], fn, *args)
        if self.active[ORGS[org]]:
            self.latest[asset] = asset
            self.root_of[asset] = asset
            self.history[asset] = [(self.now(), ORGS[org])]

    @rule(pick=st.integers(0, 50), org=st.integers(0, 2))
    def revise(self, pick, org):
        if not self.latest:
            return
        root = sorted(self.latest)[pick % len(self.latest)]
        self.counter += 1
        new = asset_id(10_000 + self.counter)
        ok = self.owner(root) == ORGS[org] and self.active[ORGS[org]]
        self.expect(ok, self.ip.revise, self.latest[root], new, b"\x02" * 32, {"from": self.operators[org]})
        if ok:
            self.latest[root] = new
            self.root_of[new] = root

    @rule(pick=st.integers(0, 50), sender=st.integers(0, 2), to=st.integers(0, 2))
    def transfer(self, pick, sender, to):
        if not self.latest:
            return
        root = sorted(self.latest)[pick % len(self.latest)]
        ok = (self.owner(root) == ORGS[sender] and self.active[ORGS[sender]] and self.active[ORGS[to]]
              and sender != to)
        self.expect(ok, self.ip.transfer, root, ORGS[to], b"\x00" * 32, {"from": self.operators[sender]})
        if ok:
            self.history[root].append((self.now(), ORGS[to]))

    @rule(org=st.integers(0, 2))
    def toggle_suspension(self, org):
        bpnl = ORGS[org]
        (self.reg.suspend if self.active[bpnl] else self.reg.reinstate)(
            *((bpnl, b"\x00" * 32) if self.active[bpnl] else (bpnl,)), {"from": self.council})
        self.active[bpnl] = not self.active[bpnl]

    @rule(seconds=st.integers(1, 3 * 86400))
    def time_passes(self, seconds):
        chain.sleep(seconds)
        chain.mine()

    @invariant()
    def owners_match(self):
        for version, root in self.root_of.items():
            assert self.ip.ownerOf(version) == "0x" + self.owner(root).hex()

    @invariant()
    def owner_at_past_times_matches(self):
        for root, hist in self.history.items():
            first = hist[0][0]
            assert self.ip.ownerAt(root, first - 1) == "0x" + ZERO16.hex()
            for i, (when, owner) in enumerate(hist):
                # several changes may share a second: the last one of that second holds
                expected = [o for t, o in hist if t <= when][-1]
                assert self.ip.ownerAt(root, when) == "0x" + expected.hex()
                nxt = hist[i + 1][0] if i + 1 < len(hist) else self.now() + 1
                if nxt - 1 > when:
                    assert self.ip.ownerAt(root, nxt - 1) == "0x" + expected.hex()


def test_ip_registry_matches_model(registry, council, oem_op, supplier_a_op, supplier_b_op):
    IPMachine.ip = IPRegistry.deploy(registry, {"from": council})
    IPMachine.reg = registry
    IPMachine.council = council
    IPMachine.operators = [oem_op, supplier_a_op, supplier_b_op]
    run(IPMachine, max_examples=15, steps=25)
