"""DemandAndCapacityNotification 3.0.0 (CX-0146): a disruption signal.

Chain-level value: :class:`DisruptionSignal`. On chain: notificationId,
sourceDisruptionId, leadingRootCause, effect, status, startDateOfEffect,
expectedEndDateOfEffect, contentChangedAt, affectedSitesSender, affectedSitesRecipient,
relatedNotificationIds, the customer material numbers of materialsAffected (hashed) and
the payload hash. Off chain (sidecar): text, resolvingMeasureDescription, and the
materialNumberSupplier / materialGlobalAssetId of each affected material (a material
without a customer number stays off chain entirely).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, ClassVar
from uuid import UUID

from valuechain.errors import ConfigError

from ._codec import (
    BPNS_RE,
    Effect,
    NotificationStatus,
    RootCause,
    bpn_from_bytes16,
    bpn_to_bytes16,
    format_datetime,
    format_uuid,
    from_unix,
    material_hash,
    normalize_fields,
    unix_seconds,
    uuid_from_bytes16,
)
from ._export import copy_off_chain, keep_spelling, set_list
from ._json import payload_hash
from ._validate import MAX_TEXT, Node, Reader, need
from .sidecar import Sidecar

MODEL = "DemandAndCapacityNotification"
URN = "urn:samm:io.catenax.demand_and_capacity_notification:3.0.0#DemandAndCapacityNotification"
ID_KEY = "notificationId"
REQUIRED = ("leadingRootCause", "effect", "startDateOfEffect", "status", "contentChangedAt",
            "sourceDisruptionId", "notificationId")
OPTIONAL = ("affectedSitesSender", "affectedSitesRecipient", "text", "expectedEndDateOfEffect",
            "relatedNotificationIds", "materialsAffected", "resolvingMeasureDescription")
MATERIAL_KEYS = ("materialGlobalAssetId", "materialNumberCustomer", "materialNumberSupplier")
OFF_CHAIN = ("text", "resolvingMeasureDescription")


@dataclass(frozen=True)
class Material:
    """An affected material: at least one of the three identifiers is set."""

    material_global_asset_id: UUID | None = None
    material_number_customer: str | None = None
    material_number_supplier: str | None = None


@dataclass(frozen=True)
class DemandAndCapacityNotification:
    """A validated DemandAndCapacityNotification 3.0.0 (absent lists are empty tuples)."""

    MODEL: ClassVar[str] = MODEL

    notification_id: UUID
    source_disruption_id: UUID
    leading_root_cause: RootCause
    effect: Effect
    status: NotificationStatus
    start_date_of_effect: datetime
    content_changed_at: datetime
    expected_end_date_of_effect: datetime | None = None
    text: str | None = None
    resolving_measure_description: str | None = None
    affected_sites_sender: tuple[str, ...] = ()
    affected_sites_recipient: tuple[str, ...] = ()
    related_notification_ids: tuple[UUID, ...] = ()
    materials_affected: tuple[Material, ...] = ()
    #: the validated JSON as read (Decimal numbers); hashed into payload_hash
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def ident(self) -> UUID:
        return self.notification_id

    @cached_property
    def payload_hash(self) -> bytes:
        return payload_hash(self.raw)

    def material_numbers(self) -> tuple[str, ...]:
        return tuple(m.material_number_customer for m in self.materials_affected if m.material_number_customer)


@dataclass(frozen=True)
class DisruptionSignal:
    """Chain-level values of a notification (bytes16 ids and sites, bytes32 hashes, uint times).

    ``expected_end_date_of_effect`` is 0 when absent; ``materials_affected`` holds
    keccak256(materialNumberCustomer) of each affected material that has one."""

    notification_id: bytes
    source_disruption_id: bytes
    leading_root_cause: int
    effect: int
    status: int
    start_date_of_effect: int
    expected_end_date_of_effect: int
    content_changed_at: int
    affected_sites_sender: tuple[bytes, ...]
    affected_sites_recipient: tuple[bytes, ...]
    related_notification_ids: tuple[bytes, ...]
    materials_affected: tuple[bytes, ...]
    payload_hash: bytes

    def __post_init__(self) -> None:
        normalize_fields(
            self,
            {"notification_id": 16, "source_disruption_id": 16, "payload_hash": 32},
            {"affected_sites_sender": 16, "affected_sites_recipient": 16, "related_notification_ids": 16,
             "materials_affected": 32},
            ("leading_root_cause", "effect", "status", "start_date_of_effect", "expected_end_date_of_effect",
             "content_changed_at"),
        )


# --- validation ----------------------------------------------------------------------------


def _material(r: Reader, node: Node) -> Material | None:
    if not r.object(node, (), MATERIAL_KEYS):
        return None
    if not any(key in node.value for key in MATERIAL_KEYS):
        r.problem(node, "at least one of " + ", ".join(MATERIAL_KEYS), "none")
    gid = r.uuid(node["materialGlobalAssetId"])
    customer = r.string(node["materialNumberCustomer"])
    supplier = r.string(node["materialNumberSupplier"])
    return Material(gid, customer, supplier)


def parse(root: Node, r: Reader) -> DemandAndCapacityNotification | None:
    """Validate ``root``; the typed payload, or None with the problems in ``r``."""
    if not r.object(root, REQUIRED, OPTIONAL):
        return None
    notification_id = r.uuid(root["notificationId"])
    source_id = r.uuid(root["sourceDisruptionId"])
    cause = r.cx_enum(root["leadingRootCause"], RootCause)
    effect = r.cx_enum(root["effect"], Effect)
    status = r.cx_enum(root["status"], NotificationStatus)
    start = r.date_time(root["startDateOfEffect"])
    end = r.date_time(root["expectedEndDateOfEffect"])
    changed = r.date_time(root["contentChangedAt"])
    text = r.string(root["text"], MAX_TEXT)
    measure = r.string(root["resolvingMeasureDescription"], MAX_TEXT)
    sites: dict[str, list[str | None]] = {}
    for key in ("affectedSitesSender", "affectedSitesRecipient"):
        nodes = r.array(root[key], "BPNS")
        sites[key] = [r.bpns(n) for n in nodes]
        r.unique(zip(nodes, sites[key]), "sites")
    related_nodes = r.array(root["relatedNotificationIds"], "UUIDs")
    related = [r.uuid(n) for n in related_nodes]
    r.unique(zip(related_nodes, related), "notification ids")
    material_nodes = r.array(root["materialsAffected"], "materials")
    materials = [_material(r, n) for n in material_nodes]
    r.unique(((n, m.material_number_customer if m else None) for n, m in zip(material_nodes, materials)),
             "materials (by materialNumberCustomer, their on-chain identity)")
    if r.problems:
        return None
    return DemandAndCapacityNotification(
        notification_id=need(notification_id),
        source_disruption_id=need(source_id),
        leading_root_cause=need(cause),
        effect=need(effect),
        status=need(status),
        start_date_of_effect=need(start),
        content_changed_at=need(changed),
        expected_end_date_of_effect=end,
        text=text,
        resolving_measure_description=measure,
        affected_sites_sender=tuple(map(need, sites["affectedSitesSender"])),
        affected_sites_recipient=tuple(map(need, sites["affectedSitesRecipient"])),
        related_notification_ids=tuple(map(need, related)),
        materials_affected=tuple(map(need, materials)),
        raw=root.value,
    )


# --- chain mapping ------------------------------------------------------------------------


def to_chain(n: DemandAndCapacityNotification) -> DisruptionSignal:
    """The chain-level values of a validated notification."""
    end = n.expected_end_date_of_effect
    return DisruptionSignal(
        notification_id=n.notification_id.bytes,
        source_disruption_id=n.source_disruption_id.bytes,
        leading_root_cause=int(n.leading_root_cause),
        effect=int(n.effect),
        status=int(n.status),
        start_date_of_effect=unix_seconds(n.start_date_of_effect),
        expected_end_date_of_effect=0 if end is None else unix_seconds(end),
        content_changed_at=unix_seconds(n.content_changed_at),
        affected_sites_sender=tuple(bpn_to_bytes16(s) for s in n.affected_sites_sender),
        affected_sites_recipient=tuple(bpn_to_bytes16(s) for s in n.affected_sites_recipient),
        related_notification_ids=tuple(u.bytes for u in n.related_notification_ids),
        materials_affected=tuple(material_hash(m) for m in n.material_numbers()),
        payload_hash=n.payload_hash,
    )


def export(sig: DisruptionSignal, sidecar: Sidecar | None) -> dict[str, Any]:
    """The notification JSON of ``sig``: on-chain fields from the chain, off-chain ones
    (and the original spelling of unchanged values) from the sidecar document if any."""
    notification_id = uuid_from_bytes16(sig.notification_id, "notificationId")
    doc = sidecar.document(MODEL, sig.payload_hash, notification_id) if sidecar else None
    end = sig.expected_end_date_of_effect
    out: dict[str, Any] = {
        "notificationId": format_uuid(notification_id, urn=True),
        "sourceDisruptionId": format_uuid(uuid_from_bytes16(sig.source_disruption_id, "sourceDisruptionId"),
                                          urn=True),
        "leadingRootCause": RootCause.from_chain(sig.leading_root_cause, "leadingRootCause").cx,
        "effect": Effect.from_chain(sig.effect, "effect").cx,
        "status": NotificationStatus.from_chain(sig.status, "status").cx,
        "startDateOfEffect": format_datetime(from_unix(sig.start_date_of_effect, "startDateOfEffect")),
        "contentChangedAt": format_datetime(from_unix(sig.content_changed_at, "contentChangedAt")),
    }
    if end:
        out["expectedEndDateOfEffect"] = format_datetime(from_unix(end, "expectedEndDateOfEffect"))
    for key, raw in (("affectedSitesSender", sig.affected_sites_sender),
                     ("affectedSitesRecipient", sig.affected_sites_recipient)):
        set_list(out, key, [bpn_from_bytes16(b, BPNS_RE, key) for b in raw], doc)
    set_list(out, "relatedNotificationIds",
              [format_uuid(uuid_from_bytes16(b, "relatedNotificationIds"), urn=True)
               for b in sig.related_notification_ids], doc)
    set_list(out, "materialsAffected", _materials(sig.materials_affected, doc, sidecar), doc)
    copy_off_chain(out, doc, OFF_CHAIN)
    return out if doc is None else keep_spelling(out, doc)


def _materials(hashes: tuple[bytes, ...], doc: dict[str, Any] | None,
               sidecar: Sidecar | None) -> list[dict[str, Any]]:
    """The document's materials whose customer number is on chain (or that have none,
    so never were), in the document's order, then the chain's other materials."""
    result: list[dict[str, Any]] = []
    placed: set[bytes] = set()
    for material in (doc or {}).get("materialsAffected", []):
        number = material.get("materialNumberCustomer")
        if number is None:
            result.append(material)
        elif material_hash(number) in hashes:
            result.append(material)
            placed.add(material_hash(number))
    for hash32 in hashes:
        if hash32 not in placed:
            number = sidecar.material_number(hash32) if sidecar else None
            if number is None:
                raise ConfigError(
                    f"materialsAffected: material 0x{hash32.hex()} is not in the local mapping (sidecar); "
                    "export where the payload was imported, or copy that sidecar"
                )
            result.append({"materialNumberCustomer": number})
    return result
