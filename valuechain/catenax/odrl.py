"""Catena-X ODRL usage policies in and out of licence terms.

A Catena-X usage policy (the ODRL profile of catenax-eV/cx-odrl-profile, JSON-LD) is
what two members' connectors agree on; valuechain makes it the legal text of published
licence terms and enforces its purposes on chain.

Both profile generations are read:

=========  ==========================================  ===================================
profile    namespace                                   how the samples write it
=========  ==========================================  ===================================
2024       ``https://w3id.org/catenax/policy/``        ``@context``: the ODRL context and
                                                       ``{"cx-policy": <namespace>}``;
                                                       ``cx-policy:UsagePurpose``, ``eq``
2025-09    ``https://w3id.org/catenax/2025/9/policy/`` ``@context``: its ``odrl.jsonld`` and
                                                       ``context.jsonld``; bare terms
                                                       (``UsagePurpose``), ``isAnyOf``
=========  ==========================================  ===================================

Compact IRIs (any prefix the ``@context`` maps to either namespace), full IRIs and the
expanded JSON-LD form (``[{"@id": ...}]``, ``[{"@value": ...}]``) are resolved as far as
the official samples need; no remote context is fetched.

What becomes of a policy
------------------------
===========================  ==========================================================
policy                       licence terms
===========================  ==========================================================
UsagePurpose                 ``purposes``: the on-chain purpose set (one bit per id of
                             ``purposes.json``); individually agreed purposes (any
                             other text) set the one INDIVIDUAL bit and are named in
                             the policy
FrameworkAgreement           ``framework`` and ``framework_version`` (``Name:1.0``)
ContractReference            ``contract_references``
DataUsageEndDurationDays     ``usage_end`` (days): the terms' ``maxDuration`` on chain
DataUsageEndDate             ``usage_end`` (date): no licence may end later (the
                             command line checks it before a grant, offer or request
                             is sent; the chain keeps no date per terms)
DataUsageEndDefinition       ``usage_end`` (unlimited)
the whole policy             ``legal_text_hash`` = keccak256 of its RFC 8785 (JCS)
                             canonical JSON: any partner recomputes it from the policy
===========================  ==========================================================

On chain go the purposes, the maximum duration and the legal text hash (which commits to
everything else). Framework agreement, contract reference and the other constraints of
the profile (affiliates, warranty, liability, …) stay in the policy JSON, kept off chain
in the Catena-X sidecar by its hash (:func:`remember`, :func:`recall`), as the DCM
notifications are: a contract reference is a private business identifier, and the hash
proves which policy the terms mean.

The other left operands of the profile are checked (known operand, operator, a right
operand) and kept as they are; an unknown left operand, an ``or`` constraint, an access
permission or a malformed value is a :class:`PolicyError` naming its JSON path
(``permission[0].constraint[0].and[2].leftOperand``) and what was expected there.

Export: :func:`export_terms` gives the policy back (byte for byte the same canonical
JSON, so import → export → import is identical); :func:`export_licence` the ODRL
Agreement of one licence (assigner, assignee, target, its purposes and end).
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import rfc8785
from eth_utils import keccak

from valuechain.errors import InputError

from ._json import parse_json
from .purposes import INDIVIDUAL, vocabulary

log = logging.getLogger(__name__)

NS_2024 = "https://w3id.org/catenax/policy/"
NS_2025 = "https://w3id.org/catenax/2025/9/policy/"
ODRL_NS = "http://www.w3.org/ns/odrl/2/"
CONTEXT_2025 = [f"{NS_2025}odrl.jsonld", f"{NS_2025}context.jsonld"]
ODRL_CONTEXT = "http://www.w3.org/ns/odrl.jsonld"
GENERATIONS = {NS_2024: "2024", NS_2025: "2025-09"}

#: The left operands of the profile (both generations); others are refused.
LEFT_OPERANDS = frozenset({
    "AffiliatesBpnl", "AffiliatesRegion", "BusinessPartnerGroup", "BusinessPartnerNumber",
    "ConfidentialInformationMeasures", "ConfidentialInformationSharing", "ContractReference", "ContractTermination",
    "DataFrequency", "DataProvisioningEndDate", "DataProvisioningEndDurationDays", "DataUsageEndDate",
    "DataUsageEndDurationDays", "DataUsageEndDefinition", "ExclusiveUsage", "FrameworkAgreement",
    "JurisdictionLocation", "JurisdictionLocationReference", "Liability", "ManagedLegalEntityBpnl",
    "ManagedLegalEntityRegion", "Membership", "Precedence", "UsagePurpose", "UsageRestriction", "VersionChanges",
    "Warranty", "WarrantyDefinition", "WarrantyDuration", "WarrantyDurationMonths",
})
OPERATORS = frozenset({"eq", "neq", "lt", "lteq", "gt", "gteq", "isAnyOf", "isAllOf", "isNoneOf", "isPartOf", "hasPart",
                       "isA"})
USAGE_END = ("DataUsageEndDate", "DataUsageEndDurationDays", "DataUsageEndDefinition")
UNLIMITED_END = ("cx.dataUsageEnd.unlimited:1", "cx.dataUsageEnd.unlimited")
POLICY_TYPES = frozenset({"Set", "Offer", "Agreement", "Policy"})
#: the longest window the chain stores (licence times are 32-bit): "unlimited"
UNLIMITED_S = 2**32 - 1
CX_ID = re.compile(r"^cx\.[A-Za-z0-9.]+:\d+$")
SIDECAR_MODEL = "CatenaXUsagePolicy"


class PolicyError(InputError):
    """A usage policy valuechain cannot take as licence terms; ``where`` is the JSON path."""


@dataclass(frozen=True)
class UsageEnd:
    """How long data may be used: until a ``date`` (ISO 8601), for ``days`` after the
    licence starts, or ``unlimited``."""

    kind: str
    value: str | int | None = None


@dataclass(frozen=True)
class PolicyTerms:
    """A usage policy read as licence terms (see the module's table)."""

    generation: str
    policy_id: str | None
    purposes: int
    purpose_ids: tuple[str, ...]
    individual_purposes: tuple[str, ...]
    framework: str | None
    framework_version: str | None
    contract_references: tuple[str, ...]
    usage_end: UsageEnd | None
    legal_text_hash: bytes
    document: Any = field(repr=False)

    @property
    def max_duration_s(self) -> int:
        """The terms' ``maxDuration``: the usage end in days, else unlimited."""
        if self.usage_end is not None and self.usage_end.kind == "days":
            return int(self.usage_end.value or 0) * 86400
        return UNLIMITED_S

    @property
    def not_after(self) -> datetime | None:
        """The latest end of a licence under these terms (a usage end date), if any."""
        if self.usage_end is None or self.usage_end.kind != "date":
            return None
        return _parse_time(str(self.usage_end.value), "usage end")

    @property
    def name(self) -> str:
        return f"Catena-X usage policy {self.policy_id or '0x' + self.legal_text_hash.hex()[:12]}"


# ---------------------------------------------------------------- canonical form and hash


def canonical(document: Any) -> bytes:
    """The RFC 8785 (JCS) canonical UTF-8 JSON of ``document``."""
    return bytes(rfc8785.dumps(document))


def policy_hash(document: Any) -> bytes:
    """keccak256 of the canonical JSON: the legal text hash of the terms."""
    return bytes(keccak(canonical(document)))


# ---------------------------------------------------------------- import


def load(path: str | Path) -> PolicyTerms:
    """Read a policy file (strict JSON) and import it; PolicyError when it cannot be."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{path}: cannot read the policy ({exc})", what=str(path), expected="a UTF-8 JSON file",
                          found=type(exc).__name__) from exc
    try:
        document = parse_json(text)
    except ValueError as exc:
        raise PolicyError(f"{path}: not JSON ({exc}; expected a JSON-LD ODRL policy)", what=str(path),
                          where=_json_position(exc),
                          expected="a JSON-LD ODRL policy", found="malformed JSON") from exc
    return parse(document, what=str(path))


def _json_position(exc: ValueError) -> str | None:
    found = re.search(r"line (\d+) column (\d+)", str(exc))
    return f"line {found.group(1)}, column {found.group(2)}" if found else None


def parse(document: Any, what: str = "policy") -> PolicyTerms:
    """Import a usage policy (a parsed JSON document) as licence terms."""
    reader = _Reader(what)
    return reader.read(document)


@dataclass
class _Found:
    purposes: int = 0
    purpose_ids: list[str] = field(default_factory=list)
    individual: list[str] = field(default_factory=list)
    framework: tuple[str, str] | None = None
    contracts: tuple[str, ...] = ()
    usage_end: UsageEnd | None = None
    seen: dict[str, str] = field(default_factory=dict)  # interpreted operand -> its path


class _Reader:
    def __init__(self, what: str) -> None:
        self.what = what
        self.prefixes: dict[str, str] = {}
        self.generation: str | None = None

    # --- errors and JSON-LD values -------------------------------------------------

    def fail(self, where: str, expected: str, found: Any) -> PolicyError:
        if isinstance(found, (str, int, float, bool)) or found is None:
            shown: Any = found
        else:
            shown = "an empty list" if found == [] else f"a JSON {'array' if isinstance(found, list) else 'object'}"
        return PolicyError(f"{self.what}: {where}: expected {expected}, found {shown!r}", what=self.what, where=where,
                           expected=expected, found=shown)

    def name(self, text: Any, where: str) -> str:
        """A term or IRI as its local name (``cx-policy:UsagePurpose``, the full IRI and
        ``UsagePurpose`` all give ``UsagePurpose``); notes the namespace's generation."""
        text = self.value(text, where)
        if not isinstance(text, str) or not text:
            raise self.fail(where, "a term or IRI", text)
        for ns in (ODRL_NS, *GENERATIONS):
            if text.startswith(ns):
                self.note(ns, where)
                return text[len(ns):]
        prefix, colon, local = text.partition(":")
        if colon and prefix in self.prefixes:
            ns = self.prefixes[prefix]
            self.note(ns, where)
            return local
        if colon and prefix == "odrl":
            return local
        return text

    def note(self, ns: str, where: str) -> None:
        generation = GENERATIONS.get(ns)
        if generation is None:
            return
        if self.generation not in (None, generation):
            raise self.fail(where, f"the {self.generation} profile's namespace throughout", ns)
        self.generation = generation

    @staticmethod
    def value(node: Any, where: str) -> Any:
        """A JSON-LD value: ``[{"@value": x}]`` / ``{"@id": x}`` unwrapped to ``x``."""
        if isinstance(node, list) and len(node) == 1 and isinstance(node[0], dict):
            node = node[0]
        if isinstance(node, dict) and len(node) == 1:
            if "@value" in node:
                return node["@value"]
            if "@id" in node:
                return node["@id"]
        return node

    @staticmethod
    def items(node: Any) -> list[Any]:
        return node if isinstance(node, list) else [node]

    def field(self, obj: dict[str, Any], name: str) -> tuple[str, Any] | None:
        """(key, value) of the property ``name`` of ``obj``, however it is written."""
        for key, value in obj.items():
            if key.startswith("@"):
                continue
            if key == name or self.name(key, key) == name:
                return key, value
        return None

    # --- the document ------------------------------------------------------------------

    def read(self, document: Any) -> PolicyTerms:
        root = document
        if isinstance(root, list) and len(root) == 1:  # expanded JSON-LD: a one-node graph
            root = root[0]
        if not isinstance(root, dict):
            raise self.fail("$", "a JSON object (an ODRL policy)", root)
        self.context(root)
        kinds = [self.name(t, "@type") for t in self.items(root.get("@type", []))]
        if not kinds or not set(kinds) & POLICY_TYPES:
            raise self.fail("@type", "an ODRL policy type (Set, Offer or Agreement)", ",".join(kinds) or None)
        found = _Found()
        permissions = self.field(root, "permission")
        if permissions is None:
            raise self.fail("permission", "at least one permission (a usage policy)", None)
        for i, rule in enumerate(self.items(permissions[1])):
            self.rule(rule, f"permission[{i}]", found, interpret=True)
        for kind in ("prohibition", "obligation"):
            entry = self.field(root, kind)
            for i, rule in enumerate(self.items(entry[1]) if entry else []):
                self.rule(rule, f"{kind}[{i}]", found, interpret=False)
        if not found.purposes:
            raise self.fail("permission", "a UsagePurpose constraint (licence terms name their purposes)", None)
        if self.generation is None:
            raise self.fail("@context", "the Catena-X policy context (2024 or 2025-09)", None)
        framework, version = found.framework or (None, None)
        policy_id = root.get("@id", root.get("uid"))
        return PolicyTerms(
            generation=self.generation,
            policy_id=policy_id if isinstance(policy_id, str) else None,
            purposes=found.purposes,
            purpose_ids=tuple(found.purpose_ids),
            individual_purposes=tuple(found.individual),
            framework=framework,
            framework_version=version,
            contract_references=found.contracts,
            usage_end=found.usage_end,
            legal_text_hash=policy_hash(document),
            document=copy.deepcopy(document),
        )

    def context(self, root: dict[str, Any]) -> None:
        if "@context" not in root:
            return  # expanded: full IRIs say the generation
        for i, entry in enumerate(self.items(root["@context"])):
            where = f"@context[{i}]" if isinstance(root["@context"], list) else "@context"
            if isinstance(entry, str):
                if entry in CONTEXT_2025:
                    self.prefixes.setdefault("cx-policy", NS_2025)
                    self.note(NS_2025, where)
                elif entry != ODRL_CONTEXT:
                    raise self.fail(where, f"the ODRL context or the Catena-X policy context ({CONTEXT_2025[1]})",
                                    entry)
            elif isinstance(entry, dict):
                for prefix, iri in entry.items():
                    iri = iri.get("@id") if isinstance(iri, dict) else iri
                    if iri in GENERATIONS:
                        self.prefixes[prefix] = iri
                        self.note(iri, f"{where}.{prefix}")
            else:
                raise self.fail(where, "a context IRI or object", entry)

    def rule(self, rule: Any, where: str, found: _Found, interpret: bool) -> None:
        if not isinstance(rule, dict):
            raise self.fail(where, "an ODRL rule object", rule)
        action = self.field(rule, "action")
        if action is None:
            raise self.fail(f"{where}.action", "use", None)
        name = self.name(action[1], f"{where}.action")
        if name != "use":
            raise self.fail(f"{where}.action", "use (a usage policy; access policies stay with the connector)", name)
        entry = self.field(rule, "constraint")
        if entry is None:
            return
        constraints = entry[1]
        listed = isinstance(constraints, list)
        for i, node in enumerate(self.items(constraints)):
            path = f"{where}.constraint[{i}]" if listed else f"{where}.constraint"
            self.constraint(node, path, found, interpret)

    def constraint(self, node: Any, where: str, found: _Found, interpret: bool) -> None:
        if not isinstance(node, dict):
            raise self.fail(where, "a constraint object", node)
        logical = [k for k in node if not k.startswith("@") and self.name(k, where) in ("and", "or", "xone", "andSequence")]
        if logical:
            key = logical[0]
            if self.name(key, where) != "and":
                raise self.fail(f"{where}.{self.name(key, where)}", "an `and` constraint (the profile allows AND only)",
                                self.name(key, where))
            members = node[key]
            if isinstance(members, dict) and "@list" in members:
                members = members["@list"]
            for i, atomic in enumerate(self.items(members)):
                self.atomic(atomic, f"{where}.and[{i}]", found, interpret)
            return
        self.atomic(node, where, found, interpret)

    def atomic(self, node: Any, where: str, found: _Found, interpret: bool) -> None:
        if not isinstance(node, dict):
            raise self.fail(where, "a constraint with leftOperand, operator and rightOperand", node)
        parts = {}
        for part in ("leftOperand", "operator", "rightOperand"):
            entry = self.field(node, part)
            if entry is None:
                raise self.fail(f"{where}.{part}", f"a {part}", None)
            parts[part] = entry[1]
        left = self.name(parts["leftOperand"], f"{where}.leftOperand")
        if left not in LEFT_OPERANDS:
            raise self.fail(f"{where}.leftOperand", "a left operand of the Catena-X ODRL profile (UsagePurpose, "
                            "FrameworkAgreement, ContractReference, DataUsageEndDate, ...)", left)
        operator = self.name(parts["operator"], f"{where}.operator")
        if operator not in OPERATORS:
            raise self.fail(f"{where}.operator", "an ODRL operator (eq, isAnyOf, isAllOf, ...)", operator)
        right = self.right(parts["rightOperand"])
        if right is None or right == [] or right == "":
            raise self.fail(f"{where}.rightOperand", f"a value for {left}", right)
        if interpret and left in _INTERPRETERS:
            if left in found.seen or (left in USAGE_END and any(e in found.seen for e in USAGE_END)):
                first = next(found.seen[e] for e in (left, *USAGE_END) if e in found.seen)
                raise self.fail(f"{where}.leftOperand", f"one {left if left not in USAGE_END else 'usage end'} "
                                f"constraint (another is at {first})", left)
            found.seen[left] = where
            _INTERPRETERS[left](self, operator, right, where, found)

    def right(self, node: Any) -> Any:
        """A right operand: a value, or a list of values (expanded: many ``@value``)."""
        if isinstance(node, dict) and "@list" in node:
            node = node["@list"]
        if isinstance(node, list) and len(node) != 1:
            return [self.value(v, "") for v in node]
        return self.value(node, "")

    # --- the interpreted constraints ---------------------------------------------------

    def usage_purpose(self, operator: str, right: Any, where: str, found: _Found) -> None:
        allowed = ("isAnyOf",) if self.generation == "2025-09" else ("eq", "isAnyOf")
        if operator not in allowed:
            raise self.fail(f"{where}.operator", " or ".join(allowed) + " for UsagePurpose", operator)
        values = right if isinstance(right, list) else [right]
        voc = vocabulary()
        for i, value in enumerate(values):
            path = f"{where}.rightOperand[{i}]" if isinstance(right, list) else f"{where}.rightOperand"
            if not isinstance(value, str) or not value.strip():
                raise self.fail(path, "a purpose id such as cx.pcf.base:1, or an individual purpose's name", value)
            entry = voc.by_id(value)
            if entry is not None and entry.id != INDIVIDUAL:
                found.purposes |= entry.value
                found.purpose_ids.append(value)
            elif CX_ID.match(value) or value.startswith("valuechain."):
                raise self.fail(path, "a purpose of the Catena-X purpose vocabulary (valuechain/catenax/purposes.json)",
                                value)
            else:  # the profile's UsagePurposeIndividualRightOperand: any agreed text
                found.purposes |= voc.by_id(INDIVIDUAL).value  # type: ignore[union-attr]
                found.individual.append(value)

    def framework(self, operator: str, right: Any, where: str, found: _Found) -> None:
        if operator != "eq":
            raise self.fail(f"{where}.operator", "eq for FrameworkAgreement", operator)
        name, colon, version = right.rpartition(":") if isinstance(right, str) else ("", "", "")
        if not (colon and name and version):
            raise self.fail(f"{where}.rightOperand", "NAME:VERSION such as DataExchangeGovernance:1.0", right)
        found.framework = (name, version)

    def contract_reference(self, operator: str, right: Any, where: str, found: _Found) -> None:
        if operator not in ("eq", "isAllOf", "isAnyOf"):
            raise self.fail(f"{where}.operator", "eq or isAllOf for ContractReference", operator)
        values = right if isinstance(right, list) else [right]
        for i, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                raise self.fail(f"{where}.rightOperand[{i}]", "a contract reference (text)", value)
        found.contracts = tuple(values)

    def usage_end(self, left: str, operator: str, right: Any, where: str, found: _Found) -> None:
        if operator != "eq":
            raise self.fail(f"{where}.operator", f"eq for {left}", operator)
        if left == "DataUsageEndDate":
            if not isinstance(right, str):
                raise self.fail(f"{where}.rightOperand", "an ISO 8601 date-time such as 2027-12-15T12:00:00Z", right)
            try:
                _parse_time(right, "")
            except InputError:
                raise self.fail(f"{where}.rightOperand", "an ISO 8601 date-time with a UTC offset such as "
                                "2027-12-15T12:00:00Z", right) from None
            found.usage_end = UsageEnd("date", right)
        elif left == "DataUsageEndDurationDays":
            if isinstance(right, bool) or not isinstance(right, int) or right <= 0:
                raise self.fail(f"{where}.rightOperand", "a positive whole number of days", right)
            found.usage_end = UsageEnd("days", right)
        else:
            if right not in UNLIMITED_END:
                raise self.fail(f"{where}.rightOperand", UNLIMITED_END[0], right)
            found.usage_end = UsageEnd("unlimited", right)


_Interpreter = Callable[[_Reader, str, Any, str, _Found], None]


def _usage_end(left: str) -> _Interpreter:
    def interpret(reader: _Reader, operator: str, right: Any, where: str, found: _Found) -> None:
        reader.usage_end(left, operator, right, where, found)
    return interpret


_INTERPRETERS: dict[str, _Interpreter] = {
    "UsagePurpose": _Reader.usage_purpose,
    "FrameworkAgreement": _Reader.framework,
    "ContractReference": _Reader.contract_reference,
    **{left: _usage_end(left) for left in USAGE_END},
}


def _parse_time(text: str, what: str) -> datetime:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise InputError(f"{what}: {text!r} is not an ISO 8601 date-time with a UTC offset", what=what,
                         expected="e.g. 2027-12-15T12:00:00Z", found=text)
    return when.astimezone(UTC)


# ---------------------------------------------------------------- export


def export_terms(terms: PolicyTerms) -> Any:
    """The policy of ``terms``: the document imported (its canonical JSON, hence its
    hash, unchanged)."""
    return copy.deepcopy(terms.document)


@dataclass(frozen=True)
class LicenceFacts:
    """What the chain says of one licence (for its ODRL Agreement)."""

    licence: bytes
    asset: bytes
    licensor: str  # BPNL
    licensee: str  # BPNL
    purposes: int
    end: int  # unix seconds


def export_licence(terms: PolicyTerms, licence: LicenceFacts) -> Any:
    """The ODRL Agreement of one licence under ``terms``: the policy with its
    ``@type`` Agreement, ``@id`` the licence id, ``assigner`` (licensor), ``assignee``
    (licensee), ``target`` (the asset), the licence's purposes in the UsagePurpose
    constraint and its end as DataUsageEndDate. Importing it gives the licence's terms."""
    document = export_terms(terms)
    root = document[0] if isinstance(document, list) else document
    expanded = "@context" not in root
    root["@type"] = [f"{ODRL_NS}Agreement"] if expanded else "Agreement"
    root["@id"] = "0x" + licence.licence.hex()
    root.update(_wrap({"assigner": licence.licensor, "assignee": licence.licensee,
                       "target": "0x" + licence.asset.hex()}, expanded))
    reader = _Reader("licence export")
    reader.context(root)
    purpose_ids = [i for i in terms.purpose_ids if vocabulary().by_id(i).value & licence.purposes]  # type: ignore[union-attr]
    individual = list(terms.individual_purposes) if licence.purposes & vocabulary().by_id(INDIVIDUAL).value else []  # type: ignore[union-attr]
    end = datetime.fromtimestamp(licence.end, tz=UTC).isoformat().replace("+00:00", "Z")
    _rewrite(reader, root, purpose_ids + individual, end, expanded)
    return document


def _wrap(values: dict[str, str], expanded: bool) -> dict[str, Any]:
    if not expanded:
        return dict(values)
    return {f"{ODRL_NS}{k}": [{"@id": v}] for k, v in values.items()}


def _rewrite(reader: _Reader, root: dict[str, Any], purposes: list[str], end: str, expanded: bool) -> None:
    """Set the licence's purposes and end in the first permission's constraints."""
    entry = reader.field(root, "permission")
    assert entry is not None  # the terms were imported from this document
    rule = reader.items(entry[1])[0]
    _key, constraints = reader.field(rule, "constraint") or ("constraint", [])
    nodes = reader.items(constraints)
    atomics: list[dict[str, Any]] = []
    for node in nodes:
        logical = next((k for k in node if not k.startswith("@") and reader.name(k, k) == "and"), None)
        atomics = node[logical] if logical else nodes
        if logical:
            break
    purpose_key = end_at = None
    for i, atomic in enumerate(atomics):
        left_key, left = reader.field(atomic, "leftOperand")  # type: ignore[misc]
        name = reader.name(left, "")
        if name == "UsagePurpose":
            purpose_key = (i, left_key, left)
        elif name in USAGE_END:
            end_at = i
    assert purpose_key is not None
    i, left_key, left = purpose_key
    operator = reader.name(reader.field(atomics[i], "operator")[1], "")  # type: ignore[index]
    right_key = reader.field(atomics[i], "rightOperand")[0]  # type: ignore[index]
    if expanded:
        atomics[i][right_key] = [{"@value": p} for p in purposes]
    else:
        atomics[i][right_key] = purposes if operator != "eq" or len(purposes) != 1 else purposes[0]
        if operator == "eq" and len(purposes) != 1:
            atomics[i][reader.field(atomics[i], "operator")[0]] = _same_style(  # type: ignore[index]
                reader.field(atomics[i], "operator")[1], "isAnyOf")  # type: ignore[index]
    left_text = left if isinstance(left, str) else reader.value(left, "")
    end_node: dict[str, Any] = {
        "leftOperand": _same_style(left_text, "DataUsageEndDate"),
        "operator": _same_style(reader.field(atomics[i], "operator")[1], "eq"),  # type: ignore[index]
        "rightOperand": end,
    }
    if expanded:
        end_node = {f"{ODRL_NS}leftOperand": [{"@id": _same_style(left_text, "DataUsageEndDate")}],
                    f"{ODRL_NS}operator": [{"@id": f"{ODRL_NS}eq"}], f"{ODRL_NS}rightOperand": [{"@value": end}]}
    if end_at is None:
        atomics.append(end_node)
    else:
        atomics[end_at] = end_node


def _same_style(model: Any, name: str) -> str:
    """``name`` written as ``model`` is written: bare, prefixed or a full IRI."""
    text = model if isinstance(model, str) else str(_Reader.value(model, ""))
    for ns in (ODRL_NS, *GENERATIONS):
        if text.startswith(ns):
            return ns + name
    prefix, colon, _ = text.partition(":")
    return f"{prefix}:{name}" if colon else name


# ---------------------------------------------------------------- the off-chain part


def remember(sidecar: Any, terms: PolicyTerms) -> None:
    """Keep the policy in the Catena-X sidecar by its legal text hash."""
    sidecar.documents["0x" + terms.legal_text_hash.hex()] = {
        "model": SIDECAR_MODEL, "id": terms.policy_id or "", "payload": copy.deepcopy(terms.document)}


def recall(sidecar: Any, legal_text_hash: bytes) -> PolicyTerms | None:
    """The policy kept for this legal text hash, imported again (None when not kept here).
    A kept document whose hash no longer matches is refused."""
    entry = sidecar.documents.get("0x" + bytes(legal_text_hash).hex())
    if entry is None or entry.get("model") != SIDECAR_MODEL:
        return None
    terms = parse(entry["payload"], what="the kept policy")
    if terms.legal_text_hash != bytes(legal_text_hash):
        raise PolicyError(f"the policy kept for 0x{bytes(legal_text_hash).hex()} hashes to "
                          f"0x{terms.legal_text_hash.hex()}: the sidecar was altered", what="sidecar",
                          expected="0x" + bytes(legal_text_hash).hex(), found="0x" + terms.legal_text_hash.hex())
    return terms
