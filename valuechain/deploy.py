"""Deploying the suite: contracts, initial roles, and the manifest that records them.

The deployment is resumable and leaves no orphans: the manifest is written before each
deployment leaves (its nonce and the address it will have), after each receipt and after
each wiring step. A run cut short (out of gas, a node that died, Ctrl-C) is continued by
the same command with the same manifest: a deployment sent last is adopted when it
landed (its code checked against the local build) and sent again when it did not, the
contracts that landed are checked, and only what is missing is sent. Rerunning a
finished deployment sends nothing."""

from __future__ import annotations

import logging
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import requests
from web3 import Web3
from web3.contract import Contract
from web3.exceptions import TransactionNotFound, Web3Exception
from web3.types import TxData, TxReceipt
from web3.utils.address import get_create_address

from valuechain import artifacts
from valuechain.abi import ZERO_ADDRESS
from valuechain.errors import ChainError, ConfigError, ValueChainError
from valuechain.manifest import Deployed, Manifest, ManifestMismatch, path_for, save
from valuechain.manifest import load as load_manifest
from valuechain.tx import Sender

log = logging.getLogger(__name__)

#: Default delay of a council (DEFAULT_ADMIN_ROLE) handover in seconds: two days.
ADMIN_DELAY = 2 * 24 * 3600


@dataclass(frozen=True)
class Settings:
    """What a deployment is asked for; recorded in the manifest before anything is sent,
    so a rerun continues the same deployment."""

    council: str
    admin_delay: int
    onboarders: tuple[str, ...] = ()

    def steps(self) -> list[str]:
        """The wiring after the contracts, in order (the manifest's ``steps`` keys)."""
        return [f"grant ONBOARDER to {a}" for a in self.onboarders]

    def to_json(self) -> dict[str, Any]:
        return {"council": self.council, "adminDelay": self.admin_delay, "onboarders": list(self.onboarders),
                "contracts": [p.name for p in SUITE], "steps": self.steps()}

    @classmethod
    def recorded(cls, manifest: Manifest) -> Settings | None:
        s = manifest.settings
        if not s:
            return None  # a manifest from before resumable deployments
        return cls(s["council"], int(s["adminDelay"]), tuple(s.get("onboarders", [])))


@dataclass(frozen=True)
class Part:
    """A contract of the suite and how its constructor arguments follow from the
    addresses of the earlier parts and the settings."""

    name: str
    args: Callable[[dict[str, str], Settings], tuple]


# In deployment order; later parts take the addresses of earlier ones.
SUITE: list[Part] = [
    Part("ConsortiumRegistry", lambda done, settings: (settings.admin_delay, settings.council)),
    Part("IPRegistry", lambda done, settings: (done["ConsortiumRegistry"],)),
    Part("DataLicensing", lambda done, settings: (done["ConsortiumRegistry"], done["IPRegistry"])),
    Part("SupplySignals", lambda done, settings: (done["ConsortiumRegistry"],)),
    # before SupplyOrders, which asks it whether an open quality notification holds an order
    Part("QualityNotifications", lambda done, settings: (done["ConsortiumRegistry"],)),
    Part("SupplyOrders", lambda done, settings: (
        done["ConsortiumRegistry"],
        done.get("DataLicensing", ZERO_ADDRESS),
        done["SupplySignals"],  # amendments cite its disruptions
        done.get("QualityNotifications", ZERO_ADDRESS),  # its open notifications hold orders
    )),
]


class BlockGasLimitTooLow(ChainError):
    """``contract`` needs at least ``needed`` gas to deploy; the blocks of chain
    ``chain_id`` hold ``limit``. Raised before anything is sent."""

    FIELDS = (*ChainError.FIELDS, "contract", "needed", "limit", "chain_id")

    def __init__(self, contract: str, needed: int, limit: int, chain_id: int, size: int) -> None:
        self.contract, self.needed, self.limit, self.chain_id = contract, needed, limit, chain_id
        super().__init__(
            f"the block gas limit of chain {chain_id} is {limit:,} gas, too small for {contract} ({size:,} bytes of "
            f"code: its deployment needs at least {needed:,} gas); nothing was sent — the chain needs a block gas "
            f"limit above {needed:,} (genesis gasLimit, or the validators' target)",
            what="block gas limit", where=f"chain {chain_id}", expected=f"at least {needed} gas", found=limit,
        )


class ResumeRefused(ManifestMismatch):
    """The manifest at ``path`` records a deployment this run must not continue:
    ``what`` is ``found`` there but ``expected`` here. Nothing was sent."""

    def __init__(self, path: Path, what: str, found: object, expected: object, message: str) -> None:
        super().__init__(path, what, found, expected, f"{path}: {message}; nothing was sent")


class DeploymentInterrupted(ChainError):
    """The deployment stopped at ``step``; ``path`` records everything that landed, and
    the same command continues from there."""

    FIELDS = (*ChainError.FIELDS, "step", "cause")

    def __init__(self, path: Path, step: str, cause: str) -> None:
        self.path, self.step, self.cause = path, step, cause
        super().__init__(f"deployment stopped at {step}: {cause} — {path} records what landed; run the same "
                         "command again (same manifest) to continue, nothing is deployed twice",
                         what=str(path), where=step, found=cause)


def deploy(sender: Sender, name: str, *args: Any) -> tuple[Contract, TxReceipt]:
    """Deploy contract ``name`` from the build folder; returns it and its receipt."""
    art = artifacts.load(name)
    factory = sender.w3.eth.contract(abi=art["abi"], bytecode=art["bytecode"])
    receipt = sender.transact(factory.constructor(*args), label=f"deploy {name}")
    return at(sender.w3, name, str(receipt["contractAddress"])), receipt


def at(w3: Web3, name: str, address: str) -> Contract:
    """Contract ``name`` (ABI from the build folder) at ``address``."""
    return w3.eth.contract(address=Web3.to_checksum_address(address), abi=artifacts.load(name)["abi"])


def deploy_suite(
    sender: Sender,
    council: str | None = None,
    onboarders: list[str] | None = None,
    directory: Path | None = None,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
    admin_delay: int | None = None,
    path: Path | None = None,
    wait_timeout: float = 120,
) -> Manifest:
    """Deploy and wire every contract of the suite, grant the initial roles, and record
    it all in the manifest at ``path`` (default ``<directory>/<chainId>.json``).

    The registry is deployed with ``council`` (default: the deployer) as its admin, so
    a council other than the deployer governs from the first block and the deployer
    never holds any power; the admin role later moves only in two steps, ``admin_delay``
    seconds apart (default two days; OpenZeppelin AccessControlDefaultAdminRules).
    ONBOARDER is granted to ``onboarders`` by the deployer when it is the council;
    otherwise the council grants it itself, and asking for onboarders is refused before
    anything is sent.

    An unfinished deployment in the manifest is continued (by the same deployer, with the
    same settings); a finished one still on chain makes this a no-op; a manifest whose
    contracts are all gone (a fresh dev chain) is replaced. ``force`` starts a new suite
    whatever the manifest holds, but never over a manifest of another chain. A contract
    too large for the chain's block gas limit is refused before anything is sent."""
    w3, chain_id = sender.w3, sender.chain_id
    path = Path(path) if path is not None else path_for(chain_id, directory)
    say = _reporter(progress)
    existing = load_manifest(chain_id=chain_id, path=path, complete=False) if path.exists() else None
    manifest = _resume(w3, existing, path, wait_timeout, say) if existing is not None and not force else None
    settings = _settings(path, sender, council, onboarders, admin_delay, Settings.recorded(manifest) if manifest else None)
    if manifest is not None and manifest.complete:
        say(f"{path} records a finished suite on chain {chain_id} ({len(manifest.contracts)} contracts, commit "
            f"{manifest.commit[:12]}), still deployed: nothing to do (`deploy --verify` checks its code; --force "
            "deploys a new suite)")
        return manifest
    _check_sender(path, sender, settings, manifest)
    missing = [p.name for p in SUITE if manifest is None or p.name not in manifest.contracts]
    check_block_gas_limit(w3, missing)
    if manifest is None:
        manifest = Manifest(chain_id, sender.address, git_commit(), _compiler_settings(), complete=False,
                            settings=settings.to_json())
        save(manifest, path)
    elif missing or manifest.pending_names():
        say(f"continuing the deployment in {path}: {', '.join(manifest.pending_names())} to do")

    _send_missing(sender, manifest, path, settings, say, wait_timeout)
    manifest.complete = True
    manifest.roles = {"council": [settings.council], "onboarder": list(settings.onboarders)}
    save(manifest, path)
    say(f"suite deployed on chain {chain_id}; manifest {path}")
    return manifest


def _send_missing(sender: Sender, manifest: Manifest, path: Path, settings: Settings, say: Callable[[str], None],
                  timeout: float) -> None:
    """Deploy the parts the manifest lacks, then the wiring steps it lacks, in order."""
    actions: list[tuple[str, Callable[[], None]]] = [
        (f"deploying {p.name}", partial(_deploy_part, sender, manifest, path, p, settings, say, timeout))
        for p in SUITE if p.name not in manifest.contracts
    ]
    actions += [(step, partial(_grant_onboarder, sender, manifest, path, account, step, say))
                for account, step in zip(settings.onboarders, settings.steps(), strict=True) if step not in manifest.steps]
    sender.sync_nonce()
    for step, action in actions:
        try:
            action()
        except (ValueChainError, Web3Exception, requests.RequestException) as exc:
            raise DeploymentInterrupted(path, step, _cause(exc)) from None


def _reporter(progress: Callable[[str], None] | None) -> Callable[[str], None]:
    def say(message: str) -> None:
        log.info("%s", message)
        if progress is not None:
            progress(message)

    return say


def _cause(exc: BaseException) -> str:
    if isinstance(exc, requests.RequestException):
        return f"lost the node ({type(exc).__name__})"
    return str(exc) or type(exc).__name__


def _settings(path: Path, sender: Sender, council: str | None, onboarders: list[str] | None,
              admin_delay: int | None, recorded: Settings | None) -> Settings:
    """The settings asked for, completed from the manifest's when it has some; asking for
    other ones than a recorded deployment's is refused."""
    wanted = Settings(
        Web3.to_checksum_address(council) if council else (recorded.council if recorded else sender.address),
        admin_delay if admin_delay is not None else (recorded.admin_delay if recorded else ADMIN_DELAY),
        tuple(Web3.to_checksum_address(a) for a in onboarders) if onboarders else (recorded.onboarders if recorded else ()),
    )
    if not 0 <= wanted.admin_delay < 2**48:
        raise ConfigError(f"admin delay {wanted.admin_delay} s is out of range (0 to 2**48 - 1 seconds)")
    if recorded is not None and wanted != recorded:
        what = next(f for f in ("council", "admin_delay", "onboarders") if getattr(wanted, f) != getattr(recorded, f))
        raise ResumeRefused(path, what, getattr(recorded, what), getattr(wanted, what),
                            f"the suite it records was deployed with {what} {_show(getattr(recorded, what))}, this "
                            f"command asks for {_show(getattr(wanted, what))}: leave the option out to continue that "
                            "suite, or deploy a new one with --force")
    return wanted


def _show(value: object) -> str:
    return (", ".join(value) or "none") if isinstance(value, tuple) else str(value)


def _check_sender(path: Path, sender: Sender, settings: Settings, manifest: Manifest | None) -> None:
    if manifest is not None and sender.address != manifest.deployer:
        raise ResumeRefused(path, "deployer", manifest.deployer, sender.address,
                            f"its deployment was started by {manifest.deployer}; continue it as that account "
                            f"(not {sender.address}), or deploy a new suite with --force")
    if settings.onboarders and settings.council != sender.address:
        raise ConfigError(
            f"the council {settings.council} governs the registry from its deployment, so only it can grant "
            f"ONBOARDER to {', '.join(settings.onboarders)}: deploy without onboarders and have the council grant the role"
        )


# ------------------------------------------------------------------ block gas limit


def creation_gas_floor(name: str) -> int:
    """A lower bound of the gas deploying contract ``name`` takes: the transaction and
    creation base costs, its init code as calldata and 200 gas per byte of runtime code."""
    art = artifacts.load(name)
    init = bytes.fromhex(art["bytecode"].removeprefix("0x"))
    runtime = len(art["deployedBytecode"].removeprefix("0x")) // 2
    calldata = sum(4 if b == 0 else 16 for b in init)
    return 21_000 + 32_000 + calldata + 200 * runtime


def check_block_gas_limit(w3: Web3, names: list[str]) -> None:
    """Refuse, before anything is sent, when the largest of ``names`` cannot fit in a block."""
    if not names:
        return
    limit = int(w3.eth.get_block("latest")["gasLimit"])
    needed, name = max((creation_gas_floor(n), n) for n in names)
    if needed > limit:
        size = len(artifacts.load(name)["deployedBytecode"].removeprefix("0x")) // 2
        raise BlockGasLimitTooLow(name, needed, limit, int(w3.eth.chain_id), size)


# ------------------------------------------------------------------ sending, recording


def _deploy_part(sender: Sender, manifest: Manifest, path: Path, part: Part, settings: Settings,
                 say: Callable[[str], None], timeout: float) -> None:
    """Deploy one part, its nonce and future address in the manifest before it leaves."""
    w3 = sender.w3
    say(f"deploying {part.name}")
    art = artifacts.load(part.name)
    done = {n: c.address for n, c in manifest.contracts.items()}
    constructor = w3.eth.contract(abi=art["abi"], bytecode=art["bytecode"]).constructor(*part.args(done, settings))
    prepared = sender.prepare(constructor, pin_nonce=True, label=f"deploy {part.name}")
    nonce = int(prepared.params["nonce"])
    address = get_create_address(sender.address, nonce)  # type: ignore[arg-type]
    manifest.pending = {"name": part.name, "nonce": nonce, "address": address,
                        "txHash": prepared.tx_hash, "fromBlock": w3.eth.block_number}
    save(manifest, path)
    tx_hash = Web3.to_hex(sender.send(prepared))
    if manifest.pending["txHash"] is None:
        manifest.pending["txHash"] = tx_hash
        save(manifest, path)
    receipt = sender.wait(tx_hash, f"deploy {part.name}", timeout=timeout)
    manifest.contracts[part.name] = Deployed(part.name, str(receipt["contractAddress"]), tx_hash, receipt["blockNumber"],
                                             art["abi"])
    manifest.pending = None
    save(manifest, path)


def _grant_onboarder(sender: Sender, manifest: Manifest, path: Path, account: str, step: str,
                     say: Callable[[str], None]) -> None:
    registry = manifest.contract(sender.w3, "ConsortiumRegistry")
    role = registry.functions.ONBOARDER_ROLE().call()
    if registry.functions.hasRole(role, account).call():
        manifest.steps[step] = {"txHash": None, "block": None}  # landed in a run that died before writing it down
    else:
        say(f"granting ONBOARDER to {account}")
        receipt = sender.transact(registry.functions.grantRole(role, account), label="grant ONBOARDER")
        manifest.steps[step] = {"txHash": Web3.to_hex(receipt["transactionHash"]), "block": receipt["blockNumber"]}
    save(manifest, path)


# ------------------------------------------------------------------ continuing a manifest


def _resume(w3: Web3, manifest: Manifest, path: Path, timeout: float, say: Callable[[str], None]) -> Manifest | None:
    """The manifest to continue (or a finished one), or None when none of its suite is on
    this chain any more (a fresh dev chain: deploy a new suite). The deployment sent last
    is settled first; then every contract it records must carry the local build's code."""
    _settle_pending(w3, manifest, path, timeout, say)
    present = {n: bytes(w3.eth.get_code(Web3.to_checksum_address(c.address))) for n, c in manifest.contracts.items()}
    if not any(present.values()):
        if manifest.contracts:
            say(f"{path}: none of its contracts is on chain {manifest.chain_id} any more (a fresh chain?): "
                "deploying a new suite")
        return None
    gone = [n for n, code in present.items() if not code]
    if gone:
        raise ResumeRefused(path, "code", "missing", "deployed",
                            f"{', '.join(gone)} ha{'s' if len(gone) == 1 else 've'} no code on chain {manifest.chain_id} "
                            "although the rest of its suite is there (the chain lost blocks?): deploy a new suite with --force")
    if not manifest.complete:
        differ = [n for n, code in present.items()
                  if not _same_code(bytes.fromhex(artifacts.load(n)["deployedBytecode"].removeprefix("0x")), code)]
        if differ:
            raise ResumeRefused(path, "code", "other", "local build",
                                f"the code of {', '.join(differ)} on chain {manifest.chain_id} is not the local build's "
                                f"(the contracts changed since the deployment began at commit {manifest.commit[:12]}?): "
                                "deploy a new suite with --force")
        say(f"{path}: {', '.join(manifest.contracts)} on chain with the local build's code")
    return manifest


def _settle_pending(w3: Web3, manifest: Manifest, path: Path, timeout: float, say: Callable[[str], None]) -> None:
    """Decide the fate of the deployment the manifest says was sent last: it landed (its
    contract is adopted), it may still land (wait for it), or it never will (send it again)."""
    pending = manifest.pending
    if not pending:
        return
    name, nonce, address = pending["name"], int(pending["nonce"]), Web3.to_checksum_address(pending["address"])
    deployer = Web3.to_checksum_address(manifest.deployer)
    deadline = time.monotonic() + timeout
    while not w3.eth.get_code(address) and w3.eth.get_transaction_count(deployer, "latest") <= nonce:
        if w3.eth.get_transaction_count(deployer, "pending") <= nonce:
            break  # nothing with that nonce is waiting to be mined: it never left, or the node lost it
        if time.monotonic() > deadline:
            raise ChainError(f"{path}: the deployment of {name} sent earlier (nonce {nonce}) is still pending after "
                             f"{timeout:.0f} s; it is not sent again while it can land: rerun later")
        say(f"the deployment of {name} sent earlier (nonce {nonce}) is pending: waiting for it")
        time.sleep(0.5)
    if w3.eth.get_code(address):
        tx_hash, block = _creation(w3, pending, deployer)
        manifest.contracts[name] = Deployed(name, address, tx_hash, block, artifacts.load(name)["abi"])
        say(f"{name}, sent by the interrupted run, landed at {address} (block {block}): kept")
    else:
        say(f"{name}, sent by the interrupted run, did not land (reverted, or lost with the node): deploying it again")
    manifest.pending = None
    save(manifest, path)


def _creation(w3: Web3, pending: dict[str, Any], deployer: str) -> tuple[str, int]:
    """The hash and block of the deployment ``pending`` records: by its hash when it is
    known, else by finding the deployer's transaction with its nonce, block by block."""
    if pending.get("txHash"):
        try:
            receipt = w3.eth.get_transaction_receipt(pending["txHash"])
            return Web3.to_hex(receipt["transactionHash"]), int(receipt["blockNumber"])
        except TransactionNotFound:
            pass
    start = int(pending.get("fromBlock", 0))
    for number in range(start, w3.eth.block_number + 1):
        txs: list[TxData] = w3.eth.get_block(number, full_transactions=True)["transactions"]  # type: ignore[assignment]
        for tx in txs:
            if tx["from"] == deployer and tx["nonce"] == pending["nonce"]:
                return Web3.to_hex(tx["hash"]), number
    return "", start  # not found: the block the deployment was sent after (event indexing starts no later)


def verify(w3: Web3, manifest: Manifest, wait: float = 60) -> dict[str, bool]:
    """Whether each deployed contract's runtime code is the local build's.

    Immutable values are written into the runtime code at deployment, where the build
    has zero placeholders behind PUSH32; those words are the only differences allowed.
    Another member's node may not have the deployment's last block yet (it follows its
    peers a block or two behind; seen in a test as "code differs": it had no code yet):
    it is waited for up to ``wait`` seconds, then refused as behind, never as different."""
    _await_block(w3, max((c.block for c in manifest.contracts.values()), default=0), wait)
    result = {}
    for name, deployed in manifest.contracts.items():
        onchain = bytes(w3.eth.get_code(Web3.to_checksum_address(deployed.address)))
        local = bytes.fromhex(artifacts.load(name)["deployedBytecode"].removeprefix("0x"))
        result[name] = _same_code(local, onchain)
    return result


def _await_block(w3: Web3, block: int, wait: float) -> None:
    deadline = time.monotonic() + wait
    while (head := w3.eth.block_number) < block:
        if time.monotonic() > deadline:
            raise ChainError(f"the node is at block {head}, behind the deployment (block {block}): let it sync, "
                             "or verify on another node", what="node", where=f"chain {w3.eth.chain_id}",
                             expected=f"block {block}", found=f"block {head}")
        log.info("the node is at block %d, the deployment at block %d: waiting", head, block)
        time.sleep(0.5)


def _same_code(local: bytes, onchain: bytes) -> bool:
    if len(local) != len(onchain) or not local:
        return False
    i = 0
    while i < len(local):
        if local[i] == onchain[i]:
            i += 1
            continue
        # a difference must be the 32-byte argument of a PUSH32 that is zero locally
        start = _push32_argument_start(local, i)
        if start is None or local[start : start + 32] != b"\x00" * 32:
            return False
        i = start + 32
    return True


def _push32_argument_start(code: bytes, index: int) -> int | None:
    pc = 0
    while pc < len(code):
        op = code[pc]
        width = op - 0x5F if 0x60 <= op <= 0x7F else 0
        if width and pc < index <= pc + width:
            return pc + 1 if op == 0x7F else None
        pc += 1 + width
    return None


def git_commit() -> str:
    """The commit of the working tree (``-dirty`` when it has changes), or ``unknown``."""
    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root, capture_output=True,
                               text=True, check=False).stdout.strip()
        return commit + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _compiler_settings() -> dict[str, Any]:
    return artifacts.load("ConsortiumRegistry")["compiler"]
