"""DemandAndCapacityNotification (CX-0146, model 3.0.0): a disruption signal.

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
    parse_uuid,
    unix_seconds,
    uuid_from_bytes16,
)
from ._export import copy_off_chain, keep_spelling, set_list
from ._json import payload_hash
from ._schema import AspectModel
from ._validate import date_time
from .sidecar import Sidecar

MODEL = "DemandAndCapacityNotification"
ID_KEY = "notificationId"
OFF_CHAIN = ("text", "resolvingMeasureDescription")


@dataclass(frozen=True)
class Material:
    """An affected material: at least one of the three identifiers is set."""

    material_global_asset_id: UUID | None = None
    material_number_customer: str | None = None
    material_number_supplier: str | None = None


@dataclass(frozen=True)
class DemandAndCapacityNotification:
    """A validated DemandAndCapacityNotification (absent lists are empty tuples)."""

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
    #: the model version whose schema it passed
    aspect: AspectModel | None = field(default=None, repr=False, compare=False)

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


# --- typed payload ---------------------------------------------------------------------------


def _material(m: dict[str, Any]) -> Material:
    asset = m.get("materialGlobalAssetId")
    return Material(None if asset is None else parse_uuid(asset), m.get("materialNumberCustomer"),
                    m.get("materialNumberSupplier"))


def build(d: dict[str, Any], aspect: AspectModel | None = None) -> DemandAndCapacityNotification:
    """The typed payload of a notification that passed validation."""
    end = d.get("expectedEndDateOfEffect")
    return DemandAndCapacityNotification(
        notification_id=parse_uuid(d["notificationId"]),
        source_disruption_id=parse_uuid(d["sourceDisruptionId"]),
        leading_root_cause=RootCause.from_cx(d["leadingRootCause"]),
        effect=Effect.from_cx(d["effect"]),
        status=NotificationStatus.from_cx(d["status"]),
        start_date_of_effect=date_time(d["startDateOfEffect"]),
        content_changed_at=date_time(d["contentChangedAt"]),
        expected_end_date_of_effect=None if end is None else date_time(end),
        text=d.get("text"),
        resolving_measure_description=d.get("resolvingMeasureDescription"),
        affected_sites_sender=tuple(d.get("affectedSitesSender", ())),
        affected_sites_recipient=tuple(d.get("affectedSitesRecipient", ())),
        related_notification_ids=tuple(map(parse_uuid, d.get("relatedNotificationIds", ()))),
        materials_affected=tuple(map(_material, d.get("materialsAffected", ()))),
        raw=d,
        aspect=aspect,
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
