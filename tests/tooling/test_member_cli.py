"""`valuechain member|emergency|governance` against a deployed suite on Anvil: each
command for real, dry runs that send nothing, bad input refused in one line, and the
paused suite reported clearly (CLI business commands and onboarding)."""

from __future__ import annotations

import pytest
from brownie import accounts, chain, web3
from eth_utils import keccak

from tests.support.onboarding import suppliers, write_csv
from tests.support.registry import admit_accepted
from valuechain import accounts as keystores
from valuechain import deploy, members
from valuechain.cli import main as cli
from valuechain.errors import ChainError, SuitePaused
from valuechain.identity import Role, Status, bpnl_to_bytes16
from valuechain.members import Admission
from valuechain.onboarding.journal import Journal
from valuechain.tx import Sender

OEM, SUP, NEW = "BPNL00000003AYRE", "BPNL00000003B2OM", "BPNL0000000NEW01"
UNKNOWN = "BPNL00000000XXXX"  # well-formed, never admitted
DELAY = 3600
COUNCIL, ONBOARDER, OEM_KEY, SUP_KEY, SUP_NEW_KEY, GUARDIAN, OTHER, NEW_KEY, NEXT_COUNCIL = range(9)


@pytest.fixture(scope="module")
def suite(w3, tmp_path_factory):
    folder = tmp_path_factory.mktemp("deployments")
    council = Sender(w3, accounts[COUNCIL].address)
    m = deploy.deploy_suite(council, onboarders=[accounts[ONBOARDER].address], directory=folder, admin_delay=DELAY)
    admit_accepted(m.contract(w3, "ConsortiumRegistry"), [
        Admission(OEM, Role.OEM, accounts[OEM_KEY].address), Admission(SUP, Role.SUPPLIER, accounts[SUP_KEY].address)],
        council)
    return m, folder / "31337.json"


@pytest.fixture
def registry(suite, w3):
    return suite[0].contract(w3, "ConsortiumRegistry")


def vc(path, *argv, dev=None):
    chain_ = ["--rpc-url", web3.provider.endpoint_uri, "--chain-id", "31337", "--manifest", str(path)]
    return cli([*argv, *chain_, *(["--dev-account", str(dev)] if dev is not None else [])])


def addr(n: int) -> str:
    return accounts[n].address


def nonces() -> list[int]:
    return [web3.eth.get_transaction_count(a.address) for a in accounts]


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "\n" not in err and "Traceback" not in err, err
    return err


# ------------------------------------------------------------------ for real


def test_admit_then_the_key_accepts(suite, registry, capsys, tmp_path):
    _, path = suite
    profile = tmp_path / "profile.pdf"
    profile.write_bytes(b"new member profile")
    assert vc(path, "member", "admit", NEW, "--roles", "OEM,SUPPLIER", "--operator", addr(NEW_KEY),
              "--profile", str(profile), dev=ONBOARDER) == 0
    assert f"member accept {NEW}" in capsys.readouterr().out
    roles, status, _, count, _, profile_hash = registry.functions.getOrg(bpnl_to_bytes16(NEW)).call()
    assert (roles, Status(status), count, bytes(profile_hash)) == (Role.OEM | Role.SUPPLIER, Status.ACTIVE, 0,
                                                                   keccak(b"new member profile"))
    assert registry.functions.hasOperatorOffer(addr(NEW_KEY), bpnl_to_bytes16(NEW)).call()
    assert members.org_of(registry, addr(NEW_KEY)) is None
    # the listing shows the offer until the key takes it
    assert vc(path, "members") == 0
    out = capsys.readouterr().out
    assert "offered" in out and addr(NEW_KEY) in out
    # only the offered key can take it
    assert vc(path, "member", "accept", NEW, dev=OTHER) == 2
    assert "NoOperatorOffer" in one_line_error(capsys)
    assert vc(path, "member", "accept", NEW, dev=NEW_KEY) == 0
    assert members.org_of(registry, addr(NEW_KEY)) == NEW
    assert registry.functions.operatorsOf(bpnl_to_bytes16(NEW)).call() == [addr(NEW_KEY)]


def test_leaked_key_playbook_through_the_cli(suite, registry, w3, capsys, tmp_path):
    """Suspend, revoke the leaked key, assign a new one, the new key accepts, reinstate:
    the leaked key can do nothing afterwards, the org keeps its BPNL and its IP."""
    m, path = suite
    design = tmp_path / "design.step"
    design.write_text("a design of supplier SUP")
    assert vc(path, "ip", "register", str(design), dev=SUP_KEY) == 0
    asset = capsys.readouterr().out.split("asset ")[1].split()[0]

    assert vc(path, "member", "suspend", SUP, "--reason", "operator key leaked 2026-11-30", dev=COUNCIL) == 0
    assert members.org_status(registry, SUP) == Status.SUSPENDED
    (event,) = registry.events.OrgSuspended.get_logs(from_block=w3.eth.block_number)
    assert event["args"]["reasonHash"] == keccak(text="operator key leaked 2026-11-30")
    assert vc(path, "member", "revoke-operator", addr(SUP_KEY), dev=COUNCIL) == 0
    assert members.org_of(registry, addr(SUP_KEY)) is None
    assert vc(path, "member", "assign-operator", SUP, addr(SUP_NEW_KEY), dev=COUNCIL) == 0
    assert registry.functions.hasOperatorOffer(addr(SUP_NEW_KEY), bpnl_to_bytes16(SUP)).call()
    assert vc(path, "member", "accept", SUP, dev=SUP_NEW_KEY) == 0
    assert vc(path, "member", "reinstate", SUP, dev=COUNCIL) == 0
    capsys.readouterr()

    assert members.org_status(registry, SUP) == Status.ACTIVE
    assert members.org_of(registry, addr(SUP_NEW_KEY)) == SUP
    # the leaked key: no org, no offer to take, no IP to register
    assert vc(path, "member", "accept", SUP, dev=SUP_KEY) == 2
    assert "NoOperatorOffer" in one_line_error(capsys)
    again = tmp_path / "again.step"
    again.write_text("the thief's design")
    assert vc(path, "ip", "register", str(again), "--receipt-dir", str(tmp_path / "thief"), dev=SUP_KEY) == 2
    assert "not an operator" in one_line_error(capsys)
    # the org kept its IP and acts through the new key
    ipr = m.contract(w3, "IPRegistry")
    assert ipr.functions.getAsset(bytes.fromhex(asset[2:])).call()[0] == bpnl_to_bytes16(SUP)
    assert vc(path, "ip", "register", str(again), dev=SUP_NEW_KEY) == 0


def test_assign_operator_needs_a_suspended_org(suite, capsys):
    _, path = suite
    assert vc(path, "member", "assign-operator", SUP, addr(SUP_NEW_KEY), dev=COUNCIL) == 2
    assert "assignOperator" in (err := one_line_error(capsys)) and "NotSuspended" in err


def test_council_commands_refused_to_others(suite, capsys):
    _, path = suite
    before = nonces()
    assert vc(path, "member", "suspend", SUP, "--reason", "x", dev=OEM_KEY) == 2
    assert "AccessControlUnauthorizedAccount" in one_line_error(capsys)
    assert vc(path, "emergency", "pause", dev=OTHER) == 2
    one_line_error(capsys)
    assert nonces() == before


def test_offboard(suite, registry, capsys):
    _, path = suite
    assert vc(path, "member", "offboard", SUP, "--reason", "contract terminated", dev=COUNCIL) == 0
    assert members.org_status(registry, SUP) == Status.OFFBOARDED
    assert vc(path, "member", "reinstate", SUP, dev=COUNCIL) == 2
    assert "InvalidStatusChange" in one_line_error(capsys)


def test_grant_and_revoke_roles(suite, registry, capsys):
    _, path = suite
    assert vc(path, "member", "grant-onboarder", addr(OTHER), dev=COUNCIL) == 0
    assert members.has_role(registry, "onboarder", addr(OTHER))
    block = web3.eth.block_number
    assert vc(path, "member", "grant-onboarder", addr(OTHER), dev=COUNCIL) == 0  # idempotent: nothing sent
    assert web3.eth.block_number == block and "nothing to send" in capsys.readouterr().out
    assert vc(path, "member", "revoke-onboarder", addr(OTHER), dev=COUNCIL) == 0
    assert not members.has_role(registry, "onboarder", addr(OTHER))
    # the revoked onboarder admits nobody
    assert vc(path, "member", "admit", NEW, "--roles", "SUPPLIER", "--operator", addr(NEW_KEY), dev=OTHER) == 2
    one_line_error(capsys)
    assert vc(path, "member", "grant-guardian", addr(GUARDIAN), dev=COUNCIL) == 0
    assert members.has_role(registry, "guardian", addr(GUARDIAN))
    assert vc(path, "member", "revoke-guardian", addr(GUARDIAN), dev=COUNCIL) == 0
    assert not members.has_role(registry, "guardian", addr(GUARDIAN))


def test_guardian_pauses_and_resumes(suite, registry, capsys, tmp_path):
    _, path = suite
    assert vc(path, "order", "place", "--supplier", SUP, "--part", "P-1", "--quantity", "5", "--due", "2030-01-01",
              dev=OEM_KEY) == 0
    order_id = capsys.readouterr().out.split("#")[1].split()[0]
    assert vc(path, "member", "grant-guardian", addr(GUARDIAN), dev=COUNCIL) == 0
    assert vc(path, "emergency", "pause", dev=GUARDIAN) == 0
    assert members.is_paused(registry)
    capsys.readouterr()
    assert vc(path, "emergency", "status") == 0
    out = capsys.readouterr().out
    assert "PAUSED" in out and addr(GUARDIAN) in out
    assert vc(path, "emergency", "pause", dev=GUARDIAN) == 0  # already paused: nothing sent
    assert "already paused" in capsys.readouterr().out

    # a business command: one line, exit 2, nothing sent
    doc = tmp_path / "design.step"
    doc.write_text("registered while paused?")
    before = nonces()
    assert vc(path, "ip", "register", str(doc), "--receipt-dir", str(tmp_path / "paused"), dev=SUP_KEY) == 2
    err = one_line_error(capsys)
    assert "the suite is paused" in err and "nothing was sent" in err and "emergency resume" in err
    assert vc(path, "order", "place", "--supplier", SUP, "--part", "P-1", "--quantity", "5", "--due", "2030-01-01",
              dev=OEM_KEY) == 2
    assert "the suite is paused" in one_line_error(capsys)
    # SupplyOrders names its own error for a party that cannot act: the CLI still says why
    assert vc(path, "order", "confirm", order_id, dev=SUP_KEY) == 2
    assert "the suite is paused" in one_line_error(capsys)
    assert nonces() == before
    # the council's recovery works while paused
    assert vc(path, "member", "suspend", SUP, "--reason", "incident", dev=COUNCIL) == 0
    assert vc(path, "member", "reinstate", SUP, dev=COUNCIL) == 0

    assert vc(path, "emergency", "resume", dev=GUARDIAN) == 0
    assert not members.is_paused(registry)
    assert vc(path, "ip", "register", str(doc), dev=SUP_KEY) == 0


def test_a_transaction_mined_while_paused_is_explained(suite, registry, w3):
    """Estimated before the pause, mined after it: the receipt's revert is replayed and named."""
    m, _ = suite
    members.pause(Sender(w3, addr(COUNCIL)), registry)
    ipr = m.contract(w3, "IPRegistry")
    fn = ipr.functions.register(keccak(text="x"), b"\x00" * 32, 0)
    with pytest.raises(ChainError, match=r"was sent but reverted .* the suite was paused meanwhile"):
        Sender(w3, addr(SUP_KEY)).transact(fn, gas=300_000)  # an explicit gas skips the estimate
    with pytest.raises(SuitePaused, match="register refused; nothing was sent"):
        Sender(w3, addr(SUP_KEY)).transact(fn)


def test_governance_handover_in_two_steps(suite, registry, capsys):
    _, path = suite
    assert vc(path, "governance", "transfer", addr(NEXT_COUNCIL), dev=COUNCIL) == 0
    g = members.governance(registry)
    assert (g.council, g.pending, g.delay_s) == (addr(COUNCIL), addr(NEXT_COUNCIL), DELAY)
    capsys.readouterr()
    assert vc(path, "governance", "status") == 0
    assert f"to {addr(NEXT_COUNCIL)}" in capsys.readouterr().out
    before = nonces()
    assert vc(path, "governance", "accept", dev=NEXT_COUNCIL) == 2  # too early
    assert "can be accepted from" in one_line_error(capsys)
    assert nonces() == before
    chain.sleep(DELAY + 1)
    chain.mine()
    assert vc(path, "governance", "accept", dev=NEXT_COUNCIL) == 0
    assert members.governance(registry).council == addr(NEXT_COUNCIL)
    # the old council governs no more
    assert vc(path, "member", "suspend", OEM, "--reason", "x", dev=COUNCIL) == 2
    one_line_error(capsys)
    assert vc(path, "member", "suspend", OEM, "--reason", "x", dev=NEXT_COUNCIL) == 0


def test_governance_handover_cancelled(suite, registry):
    _, path = suite
    assert vc(path, "governance", "transfer", addr(NEXT_COUNCIL), dev=COUNCIL) == 0
    assert vc(path, "governance", "cancel", dev=COUNCIL) == 0
    assert members.governance(registry).pending is None
    chain.sleep(DELAY + 1)
    chain.mine()
    assert vc(path, "governance", "accept", dev=NEXT_COUNCIL) == 2


# ------------------------------------------------------------------ dry runs

DRY_RUNS = [
    # argv, acting account, function, would it succeed
    (["member", "admit", NEW, "--roles", "SUPPLIER", "--operator", "{NEW_KEY}"], ONBOARDER, "admit(", True),
    (["member", "suspend", SUP, "--reason", "leaked key"], COUNCIL, "suspend(bytes16,bytes32)", True),
    (["member", "reinstate", SUP], COUNCIL, "reinstate(bytes16)", False),  # SUP is active
    (["member", "offboard", SUP, "--reason", "terminated"], COUNCIL, "offboard(bytes16,bytes32)", True),
    (["member", "revoke-operator", "{SUP_KEY}"], COUNCIL, "revokeOperator(address)", True),
    (["member", "assign-operator", SUP, "{SUP_NEW_KEY}"], COUNCIL, "assignOperator(bytes16,address)", False),
    (["member", "accept", SUP], SUP_NEW_KEY, "acceptOperator(bytes16)", False),
    (["member", "grant-onboarder", "{OTHER}"], COUNCIL, "grantRole(bytes32,address)", True),
    (["member", "revoke-onboarder", "{ONBOARDER}"], COUNCIL, "revokeRole(bytes32,address)", True),
    (["member", "grant-guardian", "{GUARDIAN}"], OEM_KEY, "grantRole(bytes32,address)", False),
    (["emergency", "pause"], COUNCIL, "pause()", True),
    (["governance", "transfer", "{NEXT_COUNCIL}"], COUNCIL, "beginDefaultAdminTransfer(address)", True),
]


def _fill(argv: list[str]) -> list[str]:
    names = {"NEW_KEY": NEW_KEY, "SUP_KEY": SUP_KEY, "SUP_NEW_KEY": SUP_NEW_KEY, "OTHER": OTHER,
             "ONBOARDER": ONBOARDER, "GUARDIAN": GUARDIAN, "NEXT_COUNCIL": NEXT_COUNCIL}
    return [addr(names[a[1:-1]]) if a.startswith("{") else a for a in argv]


@pytest.mark.parametrize("argv, who, function, ok", DRY_RUNS, ids=[" ".join(d[0][:2]) for d in DRY_RUNS])
def test_dry_run_shows_and_simulates_but_sends_nothing(suite, capsys, argv, who, function, ok):
    _, path = suite
    before, block = nonces(), web3.eth.block_number
    assert vc(path, *_fill(argv), "--dry-run", dev=who) == (0 if ok else 1)
    out = capsys.readouterr().out
    assert "Dry run: nothing sent" in out and "ConsortiumRegistry" in out and function in out
    assert addr(who) in out
    assert ("would succeed" if ok else "would revert") in out
    assert nonces() == before and web3.eth.block_number == block


def test_dry_run_decodes_the_arguments_and_the_error(suite, capsys):
    _, path = suite
    assert vc(path, "member", "assign-operator", SUP, addr(SUP_NEW_KEY), "--dry-run", dev=COUNCIL) == 1
    out = capsys.readouterr().out
    assert SUP in out and addr(SUP_NEW_KEY) in out  # the bytes16 BPNL as text, the address
    assert "NotSuspended(org=BPNL00000003B2OM, status=ACTIVE)" in out


def test_dry_run_while_paused_says_so(suite, registry, w3, capsys):
    _, path = suite
    members.pause(Sender(w3, addr(COUNCIL)), registry)
    assert vc(path, "member", "admit", NEW, "--roles", "SUPPLIER", "--operator", addr(NEW_KEY), "--dry-run",
              dev=ONBOARDER) == 1
    assert "the suite is paused" in capsys.readouterr().out


def test_dry_run_with_a_keystore_needs_no_password(suite, tmp_path, capsys, monkeypatch):
    _, path = suite
    info = keystores.new("council-key", "secret", tmp_path, kdf_iterations=2)
    monkeypatch.delenv("VC_PW", raising=False)
    chain_ = ["--rpc-url", web3.provider.endpoint_uri, "--chain-id", "31337", "--manifest", str(path)]
    assert cli(["emergency", "pause", "--dry-run", "--account", "council-key", "--keystore-dir", str(tmp_path),
                "--password-env", "VC_PW", *chain_]) == 1  # not the council: would revert
    out = capsys.readouterr().out
    assert info.address in out and "AccessControlUnauthorizedAccount" in out


# ------------------------------------------------------------------ bad input

BAD = [
    (["member", "admit", "BPNL123", "--roles", "OEM", "--operator", "{NEW_KEY}"], "argument BPNL", "'BPNL' followed by 12"),
    (["member", "admit", "bpnl00000003ayre", "--roles", "OEM", "--operator", "{NEW_KEY}"], "argument BPNL", "12 of 0-9/A-Z"),
    (["member", "admit", NEW, "--roles", "OEM,WIZARD", "--operator", "{NEW_KEY}"], "argument --roles", "unknown role 'WIZARD'"),
    (["member", "admit", NEW, "--roles", "", "--operator", "{NEW_KEY}"], "argument --roles", "no role given"),
    (["member", "admit", NEW, "--roles", "OEM", "--operator", "0x1234"], "argument --operator", "40 hex digits"),
    (["member", "admit", NEW, "--roles", "OEM", "--operator", "{NEW_KEY}", "--profile", "missing.pdf"],
     "argument --profile", "existing document"),
    (["member", "admit", NEW, "--operator", "{NEW_KEY}"], "missing --roles", "OEM, SUPPLIER"),
    (["member", "admit", OEM, "--roles", "OEM", "--operator", "{NEW_KEY}"], "BPNL", "admitted before"),
    (["member", "suspend", SUP], "missing --reason", "the reason in words"),
    (["member", "suspend", SUP, "--reason", "  "], "argument --reason", "the reason in words"),
    (["member", "suspend", UNKNOWN, "--reason", "x"], "BPNL", "not a member"),
    (["member", "reinstate", "BPNL0000"], "argument BPNL", "'BPNL' followed by 12"),
    (["member", "reinstate", UNKNOWN], "BPNL", "not a member"),
    (["member", "offboard", SUP], "missing --reason", "the reason in words"),
    (["member", "offboard", UNKNOWN, "--reason", "x"], "BPNL", "not a member"),
    (["member", "revoke-operator", "not-an-address"], "argument ADDRESS", "40 hex digits"),
    (["member", "revoke-operator", "0xAbCdef0000000000000000000000000000000001"], "argument ADDRESS", "checksum"),
    (["member", "assign-operator", UNKNOWN, "{SUP_NEW_KEY}"], "BPNL", "not a member"),
    (["member", "assign-operator", SUP, "0x0000000000000000000000000000000000000000"], "argument ADDRESS", "zero address"),
    (["member", "assign-operator", SUP], "missing ADDRESS", "new operator key"),
    (["member", "accept", "BPNL-0000-0003-B2OM"], "argument BPNL", "'BPNL' followed by 12"),
    (["member", "accept", UNKNOWN], "BPNL", "not a member"),
    (["member", "grant-onboarder", "0xZZ"], "argument ADDRESS", "40 hex digits"),
    (["member", "revoke-onboarder"], "missing ADDRESS", "account"),
    (["member", "grant-guardian", "12"], "argument ADDRESS", "40 hex digits"),
    (["member", "promote", SUP], "argument ACTION", "expected one of 'admit'"),
    (["emergency", "halt"], "argument ACTION", "expected one of 'pause'"),
    (["governance", "transfer", "0x12"], "argument ADDRESS", "40 hex digits"),
]


@pytest.mark.parametrize("argv, names, expected", BAD, ids=[" ".join(b[0][:3]) for b in BAD])
def test_bad_input_is_one_line_exit_2_nothing_sent(suite, capsys, argv, names, expected):
    _, path = suite
    before, block = nonces(), web3.eth.block_number
    assert vc(path, *_fill(argv), dev=COUNCIL) == 2
    err = one_line_error(capsys)
    assert names in err and expected in err, err
    assert nonces() == before and web3.eth.block_number == block


# ------------------------------------------------------------------ onboarding while paused


def test_onboarding_stops_while_paused_and_finishes_once_after_resume(suite, registry, w3, tmp_path, capsys):
    _, path = suite
    rows = suppliers(5, seed=11)
    csv = write_csv(tmp_path / "suppliers.csv", [s.cells() for s in rows])
    assert vc(path, "emergency", "pause", dev=COUNCIL) == 0
    before = nonces()
    journal = tmp_path / "journal"
    assert vc(path, "onboard", str(csv), "--journal-dir", str(journal), dev=ONBOARDER) == 2
    err = one_line_error(capsys)
    assert "the suite is paused" in err and "nothing was sent" in err
    assert nonces() == before
    assert all(not Journal.read(f).batches for f in journal.glob("*.jsonl"))  # no batch journaled
    assert vc(path, "emergency", "resume", dev=COUNCIL) == 0
    start = w3.eth.block_number
    for _ in range(2):  # the rerun finds nothing left to do
        assert vc(path, "onboard", str(csv), "--journal-dir", str(journal), dev=ONBOARDER) == 0
    admitted = registry.events.OrgAdmitted.get_logs(from_block=start + 1)
    assert sorted(bytes(e["args"]["org"]).decode() for e in admitted) == sorted(s.bpnl for s in rows)
