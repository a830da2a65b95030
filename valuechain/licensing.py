"""Data licences (DataLicensing): standard terms, grants, offers, requests, sublicences,
revocation, the cheap `isLicensed` check and the audit trail of data accesses.

Nobody is licensed without consent but by the owner's direct grant: an offer, the
owner's or a sublicence offered by a licensee, takes effect only when its licensee
accepts it (`accept`), by its deadline and while its offeror is an active member; the
licensee may `decline` it instead, its offeror `withdraw` it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from eth_utils import keccak
from web3.contract import Contract
from web3.logs import DISCARD
from web3.types import TxReceipt

from valuechain import jsonfile
from valuechain.abi import ZERO32
from valuechain.catenax import odrl
from valuechain.catenax.purposes import vocabulary
from valuechain.contract_types import LicenceStatus, Purpose, RevocationReason
from valuechain.errors import InputError
from valuechain.identity import bpnl_to_bytes16
from valuechain.tx import Sender

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent.parent / "terms"


Status = LicenceStatus
Reason = RevocationReason
#: The reasons a licensor may give ``revoke`` (the contract sets PARENT_ENDED itself).
REVOKE_REASONS = tuple(r for r in Reason if r not in (Reason.NONE, Reason.PARENT_ENDED))


def parse_purposes(text: str | list[str], where: str = "purposes") -> Purpose:
    """The purpose set of ``cx.quality.base:1|valuechain.manufacturing:1`` (also
    ``,``-separated) or a list: Catena-X purpose ids of the vocabulary
    (``valuechain/catenax/purposes.json``) or their constant names (``manufacturing``,
    ``cx_pcf_base_1``; any case)."""
    names = text if isinstance(text, list) else [n for n in text.replace("|", ",").split(",") if n.strip()]
    if not names:
        expected = "one or more purpose ids such as cx.quality.base:1"
        raise InputError(f"{where}: no purpose given (expected {expected})", what="purpose", where=where,
                         expected=expected, found="")
    return Purpose(vocabulary().bits(names, where))


def format_purposes(bits: int) -> str:
    """``cx.quality.base:1,valuechain.manufacturing:1`` for a purpose set."""
    return ",".join(vocabulary().ids(bits)) or "-"


@dataclass(frozen=True)
class Terms:
    name: str
    purposes: Purpose
    derivatives: bool
    sublicensing: bool
    max_duration_s: int
    legal_text_hash: bytes
    #: the latest end a licence may have (a usage policy's DataUsageEndDate): the chain
    #: keeps no date per terms, so the library refuses later ends before sending
    not_after: datetime | None = None

    def as_tuple(self) -> tuple:
        return (int(self.purposes), self.derivatives, self.sublicensing, self.max_duration_s, self.legal_text_hash)


def policy_terms(policy: odrl.PolicyTerms, derivatives: bool = False, sublicensing: bool = False) -> Terms:
    """The chain's terms of an imported Catena-X usage policy: its purposes, its usage
    end as the maximum duration, the keccak256 of its canonical JSON as the legal text
    hash. Derivatives and sublicensing are the licensor's choice (default: neither)."""
    return Terms(policy.name, Purpose(policy.purposes), derivatives, sublicensing, policy.max_duration_s,
                 policy.legal_text_hash, policy.not_after)


def check_not_after(terms: Terms, end: datetime, where: str = "--days") -> None:
    """Refuse a licence end after the terms' usage end date (before anything is sent)."""
    if terms.not_after is not None and end > terms.not_after:
        expected = f"an end no later than {terms.not_after:%Y-%m-%d %H:%M} UTC (the policy's DataUsageEndDate)"
        raise InputError(f"{where}: the licence would end {end:%Y-%m-%d %H:%M} UTC (expected {expected})",
                         what="licence end", where=where, expected=expected, found=f"{end:%Y-%m-%d %H:%M} UTC")


def load_terms(path: Path | str) -> Terms:
    """A terms template (JSON): name, purposes, derivatives, sublicensing, max_duration_days,
    legal_text; or a Catena-X ODRL usage policy (JSON-LD, see ``valuechain.catenax.odrl``)."""
    path = Path(path)
    if not path.is_file() and (TEMPLATES / f"{path}.json").is_file():  # a template, even if a folder has its name
        path = TEMPLATES / f"{path}.json"
    known = ", ".join(p.stem for p in sorted(TEMPLATES.glob("*.json")))
    if path.is_dir():
        expected = f"a terms JSON file or a template: {known}"
        raise InputError(f"{path} is a folder (expected {expected})", what=str(path), expected=expected,
                         found="a folder")
    data = jsonfile.read_object(path, "terms file or template", missing=f"templates: {known}")
    if "permission" in data or "@context" in data:  # a usage policy
        return policy_terms(odrl.load(path))
    for key in ("name", "purposes", "derivatives", "sublicensing", "max_duration_days", "legal_text"):
        if key not in data:
            raise InputError(f"{path}: $.{key} is missing", what=str(path), where=f"$.{key}", expected="a value",
                             found="nothing")
    for key, expected, ok in (
        ("name", "text", lambda v: isinstance(v, str) and bool(v.strip())),
        ("legal_text", "text", lambda v: isinstance(v, str) and bool(v.strip())),
        ("purposes", "a list of purpose names", lambda v: isinstance(v, str)
         or (isinstance(v, list) and all(isinstance(p, str) for p in v))),
    ):
        if not ok(data[key]):
            raise InputError(f"{path}: $.{key} = {data[key]!r}, expected {expected}", what=str(path),
                             where=f"$.{key}", expected=expected, found=data[key])
    days = data["max_duration_days"]
    if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
        expected = "a positive whole number of days"
        raise InputError(f"{path}: $.max_duration_days = {days!r}, expected {expected}", what=str(path),
                         where="$.max_duration_days", expected=expected, found=days)
    return Terms(data["name"], parse_purposes(data["purposes"], f"{path}: $.purposes"), bool(data["derivatives"]),
                 bool(data["sublicensing"]), days * 86400, keccak(text=data["legal_text"]))


def publish_terms(sender: Sender, lic: Contract, terms: Terms) -> bytes:
    """Publish ``terms`` unless already published; returns their id either way."""
    terms_id = bytes(lic.functions.termsIdOf(terms.as_tuple()).call())
    if not lic.functions.termsPublished(terms_id).call():
        sender.transact(lic.functions.publishTerms(terms.as_tuple()), label=f"publish terms {terms.name}")
    return terms_id


def _licence_id(lic: Contract, receipt: TxReceipt, event: str) -> bytes:
    return bytes(getattr(lic.events, event)().process_receipt(receipt, errors=DISCARD)[0]["args"]["licence"])


def _window(start: datetime | None, end: datetime) -> tuple[int, int]:
    return (int(start.timestamp()) if start else 0, int(end.timestamp()))


def grant(sender: Sender, lic: Contract, asset: bytes, licensee: str, terms_id: bytes, purposes: int,
          end: datetime, start: datetime | None = None) -> bytes:
    s, e = _window(start, end)
    receipt = sender.transact(lic.functions.grant(asset, bpnl_to_bytes16(licensee), terms_id, int(purposes), s, e), label="grant")
    return _licence_id(lic, receipt, "LicenceGranted")


def offer(sender: Sender, lic: Contract, asset: bytes, licensee: str, terms_id: bytes, purposes: int,
          end: datetime, deadline: datetime, start: datetime | None = None) -> bytes:
    s, e = _window(start, end)
    receipt = sender.transact(lic.functions.offer(asset, bpnl_to_bytes16(licensee), terms_id, int(purposes), s, e,
                                                  int(deadline.timestamp())), label="offer")
    return _licence_id(lic, receipt, "LicenceOffered")


def request(sender: Sender, lic: Contract, asset: bytes, terms_id: bytes, purposes: int, end: datetime,
            start: datetime | None = None) -> bytes:
    s, e = _window(start, end)
    receipt = sender.transact(lic.functions.request(asset, terms_id, int(purposes), s, e), label="request")
    return _licence_id(lic, receipt, "LicenceRequested")


def sublicense(sender: Sender, lic: Contract, asset: bytes, parent: bytes, sublicensee: str, purposes: int,
               end: datetime, deadline: datetime, start: datetime | None = None) -> bytes:
    """Offer ``sublicensee`` a sublicence under the sender's licence ``parent`` (within its
    purposes and window), to be accepted by ``deadline``; returns the sublicence id. It
    is nothing until the sublicensee accepts it (``accept``)."""
    s, e = _window(start, end)
    receipt = sender.transact(lic.functions.sublicense(asset, parent, bpnl_to_bytes16(sublicensee), int(purposes), s, e,
                                                       int(deadline.timestamp())), label="sublicense")
    licence = _licence_id(lic, receipt, "SublicenceOffered")
    log.info("sublicence 0x%s offered to %s until %s", licence.hex(), sublicensee, deadline.isoformat())
    return licence


def accept(sender: Sender, lic: Contract, asset: bytes, licence: bytes) -> TxReceipt:
    """The licensee accepts an offer (the owner's or a sublicence offer), or the owner
    grants a request."""
    return sender.transact(lic.functions.accept(asset, licence), label="accept")


def decline(sender: Sender, lic: Contract, asset: bytes, licence: bytes) -> TxReceipt:
    """The licensee declines an offer (the owner's or a sublicence offer), or the owner
    declines a request."""
    return sender.transact(lic.functions.decline(asset, licence), label="decline")


def withdraw(sender: Sender, lic: Contract, asset: bytes, licence: bytes) -> TxReceipt:
    """The offeror withdraws an offer (the owner; for a sublicence offer also the
    sublicensor), or the requester its request."""
    return sender.transact(lic.functions.withdraw(asset, licence), label="withdraw")


def parent_end(lic: Contract, asset: bytes, parent: bytes) -> datetime:
    """The end of the licence ``parent``: the latest end a sublicence of it may have."""
    info = lic.functions.getLicence(asset, parent).call()
    if Status(info[5]) == Status.NONE:
        expected = "the id of a licence on that asset"
        raise InputError(f"PARENT: licence 0x{parent.hex()} does not exist on asset 0x{asset.hex()} (expected "
                         f"{expected})", what="licence", where="PARENT", expected=expected, found=f"0x{parent.hex()}")
    return datetime.fromtimestamp(info[4], tz=UTC)


def revoke(sender: Sender, lic: Contract, asset: bytes, licence: bytes, reason: Reason, note: bytes = ZERO32) -> TxReceipt:
    return sender.transact(lic.functions.revoke(asset, licence, int(reason), note), label="revoke")


def record_access(sender: Sender, lic: Contract, asset: bytes, licence: bytes, purpose: Purpose, what: str) -> TxReceipt:
    """Record that data was accessed for ``purpose``; ``what`` (e.g. a dataset URL and
    query) goes on chain only as its hash."""
    return sender.transact(lic.functions.recordAccess(asset, licence, int(purpose), keccak(text=what)), label="recordAccess")


def is_licensed(lic: Contract, asset: bytes, org: str, purpose: Purpose) -> bool:
    return lic.functions.isLicensed(asset, bpnl_to_bytes16(org), int(purpose)).call()
