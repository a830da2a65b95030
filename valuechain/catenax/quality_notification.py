"""Quality notifications of CX-0125 (Traceability Use Case): investigations and alerts as
JSON, in and out.

A notification message is ``{"header": ..., "content": ...}``:

- ``header``: the shared message header, aspect model
  ``urn:samm:io.catenax.shared.message_header:3.0.0`` (validated against its official JSON
  schema, vendored unchanged in ``shared/``; see ``shared/NOTICE.md``): ``messageId``,
  ``context`` (``TRACE-QM-Investigation:1.0.0`` or ``TRACE-QM-Alert:1.0.0``: the fallback
  pattern ``<domain>-<subdomain>-<object>:<version>`` the header model prescribes, whose own
  example is ``TRACE-QM-Alert:1.x.x``), ``sentDateTime``, ``senderBpn``, ``receiverBpn``,
  ``expectedResponseBy`` (the target date), ``relatedMessageId`` (the notification this
  one forwards) and ``version``;
- ``content``: the CX-0125 notification fields (notification API of CX-0125 section 4.1 /
  CX-0023): ``notificationId``, ``status`` (CREATED ... CANCELED), ``severity`` (MINOR,
  MAJOR, CRITICAL, LIFE-THREATENING), ``information``, ``listOfAffectedItems`` (part
  instance or batch ids, e.g. Catena-X ids) and ``targetDate``. No official JSON schema of
  the content exists in eclipse-tractusx/sldt-semantic-models; it is checked here, every
  problem reported with its JSON path.

On chain (QualityNotifications) the notification id, parties, kind, severity and target
date are stored; the affected items only as a Merkle root (``valuechain.merkle``), the
content as its hash (keccak256 of its canonical JSON). The text and the list stay off
chain, with the parties.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from jsonschema.protocols import Validator

from valuechain import merkle
from valuechain.contract_types import NoticeKind, NoticeSeverity, NoticeStatus
from valuechain.errors import InputError

from ._codec import format_datetime, format_uuid, parse_uuid, unix_seconds
from ._json import parse_json, payload_hash
from ._problem import PayloadError, Problem, json_path, show
from ._schema import _FORMATS, _problems, _Validator
from ._validate import parse_date_time

log = logging.getLogger(__name__)

HEADER_MODEL = "urn:samm:io.catenax.shared.message_header:3.0.0#MessageHeaderAspect"
HEADER_VERSION = "3.0.0"
CONTEXTS = {NoticeKind.INVESTIGATION: "TRACE-QM-Investigation:1.0.0", NoticeKind.ALERT: "TRACE-QM-Alert:1.0.0"}
CONTENT_FIELDS = ("notificationId", "status", "severity", "information", "listOfAffectedItems", "targetDate")
REQUIRED_CONTENT = ("notificationId", "status", "severity", "listOfAffectedItems")
#: the JSON spelling of each severity (CX-0125: LIFE-THREATENING with a hyphen)
SEVERITIES = {s: s.name.replace("_", "-") for s in NoticeSeverity}
#: statuses a message may carry (NONE is the chain's "no such notification")
STATUSES = {s.name: s for s in NoticeStatus if s is not NoticeStatus.NONE}
MAX_INFORMATION = 1000


@dataclass(frozen=True)
class QualityNotification:
    """A validated CX-0125 quality notification message."""

    message_id: UUID
    kind: NoticeKind
    sent: datetime
    sender: str
    receiver: str
    notification_id: UUID
    status: NoticeStatus
    severity: NoticeSeverity
    affected_items: tuple[str, ...]
    information: str | None = None
    target_date: datetime | None = None
    related_id: UUID | None = None
    #: the validated JSON content as read; hashed into content_hash
    content: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    #: the validated header as read (written back unchanged by ``to_json``)
    header: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def items_root(self) -> bytes:
        """The Merkle root of the affected items (what the chain stores)."""
        return merkle.root(self.affected_items)

    @cached_property
    def content_hash(self) -> bytes:
        """keccak256 of the content's canonical JSON (what NotificationSent carries)."""
        return payload_hash(self.content)

    def proof(self, item_id: str) -> list[bytes]:
        """The Merkle proof that ``item_id`` is an affected item (for ``isListed``)."""
        return merkle.proof(self.affected_items, item_id)

    def notice(self, order_ids: tuple[int, ...] | list[int] = ()) -> tuple[Any, ...]:
        """The IQualityNotifications.Notice to send it with, holding ``order_ids``."""
        target = unix_seconds(self.target_date) if self.target_date else 0
        return (self.notification_id.bytes, self.receiver.encode("ascii"), int(self.severity), target,
                self.items_root, self.content_hash, list(order_ids))


# ---------------------------------------------------------------- reading


def load(path: Path | str) -> QualityNotification:
    """Read and validate a notification file (PayloadError listing every problem)."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{source}: cannot read it ({exc.strerror})", what=source, expected="a readable file",
                         found=exc.strerror) from None
    try:
        data = parse_json(text)
    except ValueError as exc:
        raise InputError(f"{source}: not JSON ({exc})", what=source, expected="JSON", found=str(exc)) from None
    return parse(data, source)


def parse(data: Any, source: str = "notification") -> QualityNotification:
    """Validate ``data`` (a parsed message) and read it."""
    problems = problems_of(data)
    if problems:
        raise PayloadError(f"{source} (CX-0125 quality notification)", problems)
    header, content = data["header"], data["content"]
    kind = next(k for k, c in CONTEXTS.items() if c == header["context"])
    target = _time(content.get("targetDate")) or _time(header.get("expectedResponseBy"))
    related = header.get("relatedMessageId")
    return QualityNotification(
        message_id=parse_uuid(header["messageId"]),
        kind=kind,
        sent=_need_time(header["sentDateTime"]),
        sender=header["senderBpn"],
        receiver=header["receiverBpn"],
        notification_id=parse_uuid(content["notificationId"]),
        status=STATUSES[content["status"]],
        severity=next(s for s, name in SEVERITIES.items() if name == content["severity"]),
        affected_items=tuple(content["listOfAffectedItems"]),
        information=content.get("information"),
        target_date=target,
        related_id=parse_uuid(related) if related else None,
        content=dict(content),
        header=dict(header),
    )


def problems_of(data: Any) -> list[Problem]:
    """Everything wrong with ``data`` as a CX-0125 notification message."""
    if not isinstance(data, dict):
        return [Problem("$", "an object with header and content", show(data))]
    problems = [Problem(json_path([key]), "no such property (a message has header and content)")
                for key in data if key not in ("header", "content")]
    if "header" not in data:
        problems.append(Problem("$.header", "the shared message header"))
    else:
        problems += _problems(_header_validator(), {"header": data["header"]})
        problems += _header_rules(data["header"])
    content = data.get("content")
    if not isinstance(content, dict):
        problems.append(Problem("$.content", "an object with the notification fields", show(content)))
    else:
        problems += _content_problems(content)
        header = data.get("header")
        if isinstance(header, dict) and not problems:
            problems += _agreement(header, content)
    return problems


@cache
def _header_validator() -> Validator:
    file = resources.files(__package__).joinpath(
        "shared", "io.catenax.shared.message_header", "3.0.0", "gen", "MessageHeaderAspect-schema.json")
    schema = parse_json(file.read_text(encoding="utf-8"))
    assert schema["x-samm-aspect-model-urn"] == HEADER_MODEL
    return _Validator(schema, format_checker=_FORMATS)


def _header_rules(header: Any) -> list[Problem]:
    if not isinstance(header, dict):
        return []
    out = []
    context = header.get("context")
    if isinstance(context, str) and context not in CONTEXTS.values():
        out.append(Problem("$.header.context", f"one of {', '.join(CONTEXTS.values())}", show(context)))
    version = header.get("version")
    if isinstance(version, str) and version != HEADER_VERSION:
        out.append(Problem("$.header.version", f"the header model version {HEADER_VERSION}", show(version)))
    sender, receiver = header.get("senderBpn"), header.get("receiverBpn")
    if isinstance(sender, str) and sender == receiver:
        out.append(Problem("$.header.receiverBpn", "another org than the sender", show(receiver)))
    return out


def _content_problems(content: dict[str, Any]) -> list[Problem]:
    out = [Problem(json_path(["content", key]), "no such property (CX-0125 notification fields: "
                   f"{', '.join(CONTENT_FIELDS)})") for key in content if key not in CONTENT_FIELDS]
    out += [Problem(json_path(["content", key]), "present") for key in REQUIRED_CONTENT if key not in content]
    nid = content.get("notificationId")
    if "notificationId" in content and not _is_uuid4(nid):
        out.append(Problem("$.content.notificationId", "a UUIDv4 (optionally urn:uuid: prefixed)", show(nid)))
    status = content.get("status")
    if "status" in content and status not in STATUSES:
        out.append(Problem("$.content.status", f"one of {', '.join(STATUSES)}", show(status)))
    severity = content.get("severity")
    if "severity" in content and severity not in SEVERITIES.values():
        out.append(Problem("$.content.severity", f"one of {', '.join(SEVERITIES.values())}", show(severity)))
    info = content.get("information")
    if info is not None and (not isinstance(info, str) or len(info) > MAX_INFORMATION):
        out.append(Problem("$.content.information", f"a text of at most {MAX_INFORMATION} characters", show(info)))
    out += _items_problems(content.get("listOfAffectedItems"), "listOfAffectedItems" in content)
    target = content.get("targetDate")
    if target is not None and _time(target) is None:
        out.append(Problem("$.content.targetDate", "an ISO 8601 date-time with a UTC offset", show(target)))
    return out


def _items_problems(items: Any, present: bool) -> list[Problem]:
    if not present:
        return []
    if not isinstance(items, list) or not items:
        return [Problem("$.content.listOfAffectedItems", "a non-empty array of part or batch ids", show(items))]
    out, seen = [], set()
    for i, item in enumerate(items):
        where = json_path(["content", "listOfAffectedItems", i])
        if not isinstance(item, str) or not item.strip():
            out.append(Problem(where, "a part instance or batch id (a non-empty string)", show(item)))
        elif item in seen:
            out.append(Problem(where, "an id not listed before", show(item)))
        seen.add(item if isinstance(item, str) else repr(item))
    return out


def _agreement(header: dict[str, Any], content: dict[str, Any]) -> list[Problem]:
    """Header and content agree on the target date when both give it."""
    by, target = header.get("expectedResponseBy"), content.get("targetDate")
    if by is not None and target is not None and _time(by) != _time(target):
        return [Problem("$.header.expectedResponseBy", f"the content's targetDate {target}", show(by))]
    return []


def _is_uuid4(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        u = UUID(value.removeprefix("urn:uuid:"))
    except ValueError:
        return False
    return u.version == 4 and value.removeprefix("urn:uuid:") == str(u)


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    moment = parse_date_time(value)
    return moment if moment is not None and moment.tzinfo is not None else None


def _need_time(value: str) -> datetime:
    moment = _time(value)
    assert moment is not None, value
    return moment


# ---------------------------------------------------------------- writing


def new(kind: NoticeKind, sender: str, receiver: str, severity: NoticeSeverity, items: list[str] | tuple[str, ...],
        *, information: str | None = None, target_date: datetime | None = None, related_id: UUID | None = None,
        sent: datetime | None = None, notification_id: UUID | None = None) -> QualityNotification:
    """A new notification (status SENT), validated as if read from its JSON."""
    header: dict[str, Any] = {
        "messageId": format_uuid(uuid4(), True),
        "context": CONTEXTS[kind],
        "sentDateTime": format_datetime(sent or datetime.now().astimezone()),
        "senderBpn": sender,
        "receiverBpn": receiver,
    }
    if target_date is not None:
        header["expectedResponseBy"] = format_datetime(target_date)
    if related_id is not None:
        header["relatedMessageId"] = format_uuid(related_id, True)
    header["version"] = HEADER_VERSION
    content: dict[str, Any] = {
        "notificationId": format_uuid(notification_id or uuid4(), True),
        "status": NoticeStatus.SENT.name,
        "severity": SEVERITIES[severity],
    }
    if information is not None:
        content["information"] = information
    content["listOfAffectedItems"] = list(items)
    if target_date is not None:
        content["targetDate"] = format_datetime(target_date)
    return parse({"header": header, "content": content}, "new notification")


def to_json(n: QualityNotification, status: NoticeStatus | None = None, *, message_id: UUID | None = None,
            sent: datetime | None = None) -> dict[str, Any]:
    """The message of ``n`` (by default as read: same header and content). With ``status``:
    a status update message (a new messageId and sentDateTime, the content's status set)."""
    if status is None and message_id is None and sent is None and n.header:
        return {"header": dict(n.header), "content": dict(n.content)}
    header: dict[str, Any] = {
        "messageId": format_uuid(message_id or (n.message_id if status is None else uuid4()), True),
        "context": CONTEXTS[n.kind],
        "sentDateTime": format_datetime(sent or (n.sent if status is None else datetime.now().astimezone())),
        "senderBpn": n.sender,
        "receiverBpn": n.receiver,
    }
    if n.target_date is not None:
        header["expectedResponseBy"] = format_datetime(n.target_date)
    if n.related_id is not None:
        header["relatedMessageId"] = format_uuid(n.related_id, True)
    header["version"] = HEADER_VERSION
    content = dict(n.content)
    if status is not None:
        content["status"] = status.name
    return {"header": header, "content": content}


def from_chain(record: dict[str, Any], information: str | None, items: list[str] | tuple[str, ...],
               sent: datetime, related_id: UUID | None = None) -> QualityNotification:
    """A notification as the chain records it (``record``: a row of the event index's
    ``notifications`` view), with its off-chain text and affected items, which must match
    the stored root (InputError otherwise)."""
    root = merkle.root(items)
    if "0x" + root.hex() != str(record["items_root"]).lower():
        raise InputError(f"notification {record['notification_id']}: these {len(items)} affected items are not the "
                         f"ones committed on chain (root {record['items_root']}, theirs 0x{root.hex()})",
                         what="affected items", expected=str(record["items_root"]), found="0x" + root.hex())
    kind = NoticeKind[str(record["kind"])]
    target = record.get("target_date")
    n = new(kind, str(record["sender"]), str(record["receiver"]), NoticeSeverity[str(record["severity"])], items,
            information=information, target_date=None if target is None or str(target) == "NaT" else target,
            related_id=related_id, sent=sent, notification_id=UUID(hex=str(record["notification_id"])[2:]))
    status = NoticeStatus[str(record["status"])]
    if status is NoticeStatus.SENT:
        return n
    return parse(to_json(n, status, message_id=n.message_id, sent=sent), "chain record")
