"""`valuechain notify …`: CX-0125 quality investigations and alerts on chain."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, time
from functools import partial
from pathlib import Path
from uuid import UUID

from valuechain import members, notifications
from valuechain.catenax import quality_notification as qn
from valuechain.contract_types import NoticeKind
from valuechain.errors import InputError
from valuechain.report import console, notifications_table

from . import args as types
from .context import Context, act, command, connect

#: where sent notification messages are written (the message to hand to the receiver)
OUTBOX = Path(".valuechain") / "notifications"
ID = "the notification id (UUID, as `notify investigate` printed it)"
REASON = "reason or answer: a 0x 32-byte hash or text (its keccak256 goes on chain)"
SEVERITY = {name: s for s, name in qn.SEVERITIES.items()}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("notify", help="quality investigations and alerts (Catena-X CX-0125)")
    s = p.add_subparsers(dest="action", required=True)
    for name, help_ in (("investigate", "ask a supplier to investigate a quality issue (top-down)"),
                        ("alert", "warn a customer of a quality issue (bottom-up; supplier)")):
        q = command(s, name, help_, partial(_send, kind=NoticeKind[name.upper().replace("INVESTIGATE",
                                                                                        "INVESTIGATION")]))
        q.add_argument("file", metavar="FILE", nargs="?", type=types.file,
                       help="a CX-0125 notification message to import (sent once, however often imported)")
        q.add_argument("--to", type=types.bpnl, help="receiver BPNL (without FILE)")
        _content_options(q)
    q = command(s, "forward", "forward a notification you received to your own supplier or customer", _forward)
    q.add_argument("related", metavar="ID", type=types.uuid, help=ID)
    q.add_argument("--to", required=True, type=types.bpnl, help="the next tier's BPNL")
    _content_options(q, items_default="the forwarded notification's, from the outbox")
    for step, help_ in (("ack", "acknowledge a notification (receiver)"),
                        ("accept", "accept it: the issue is yours to work on (receiver)"),
                        ("decline", "decline it (receiver; releases the orders it holds)"),
                        ("close", "close it (sender; releases the orders it holds)"),
                        ("cancel", "withdraw it before it was acknowledged (sender)")):
        q = command(s, step, help_, partial(_step, step=step))
        q.add_argument("notification_id", metavar="ID", type=types.uuid, help=ID)
        q.add_argument("--reason", type=types.document, help=REASON)
    q = command(s, "export", "write a notification as its CX-0125 message (its status now), from the chain and its "
                "off-chain text and items", _export, acting=False)
    q.add_argument("notification_id", metavar="ID", type=types.uuid, help=ID)
    q.add_argument("--item", action="append", default=[], type=types.nonempty("a part instance or batch id"),
                   help="an affected id (repeatable; default: the message in the outbox)")
    q.add_argument("--items", type=types.file, help="a file of affected ids, one a line")
    q.add_argument("--info", help="the notification text (default: the message in the outbox)")
    q.add_argument("--out", type=types.file_path, help="where to write it (default: print it)")
    q = command(s, "list", "notifications with their status and response times (or one's forwarding tree)", _list,
                acting=False)
    q.add_argument("--tree", metavar="ID", type=types.uuid, help="show this notification and all forwarded from it")
    q.add_argument("--open", action="store_true", help="open ones only (SENT, ACKNOWLEDGED, ACCEPTED)")


def _content_options(q: argparse.ArgumentParser, items_default: str = "") -> None:
    q.add_argument("--item", action="append", default=[], type=types.nonempty("a part instance or batch id"),
                   help="an affected part instance or batch id (repeatable)")
    q.add_argument("--items", type=types.file, help="a file of affected ids, one a line" +
                   (f" (default: {items_default})" if items_default else ""))
    q.add_argument("--severity", choices=list(SEVERITY), default="MAJOR", help="CX-0125 severity")
    q.add_argument("--target", type=types.day, help="target date YYYY-MM-DD (answer expected by its end, UTC)")
    q.add_argument("--info", help="the notification text (stays off chain)")
    q.add_argument("--order", action="append", default=[], type=types.order_id,
                   help="an open order between the two parties it holds back (repeatable)")
    q.add_argument("--out", type=types.file_path, help=f"where to write the message (default {OUTBOX}/ID.json)")


def _items(a: argparse.Namespace) -> list[str]:
    items = list(a.item)
    if a.items:
        items += [line.strip() for line in a.items.read_text(encoding="utf-8").splitlines() if line.strip()]
    return items


def _target(a: argparse.Namespace) -> datetime | None:
    return None if a.target is None else datetime.combine(a.target, time(23, 59, 59), UTC)


def _own_org(ctx: Context) -> str:
    org = members.org_of(ctx.contract("ConsortiumRegistry"), ctx.sender().address)
    if org is None:
        raise InputError("the signing account operates no member org: it cannot send notifications",
                         what="account", expected="an operator of a member org", found=ctx.sender().address)
    return org


def _write(n: qn.QualityNotification, out: Path | None) -> Path:
    path = out or OUTBOX / f"{n.notification_id}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(qn.to_json(n), indent=2) + "\n", encoding="utf-8")
    return path


def _send(a: argparse.Namespace, kind: NoticeKind) -> int:
    if a.file is not None:
        n = qn.load(a.file)  # validation first: nothing is sent for a bad file
        if n.kind is not kind:
            raise InputError(f"{a.file}: $.header.context is {qn.CONTEXTS[n.kind]} (expected "
                             f"{qn.CONTEXTS[kind]}: `notify {n.kind.name.lower().replace('investigation', 'investigate')}` "
                             "sends this one)", what=str(a.file), where="$.header.context",
                             expected=qn.CONTEXTS[kind], found=qn.CONTEXTS[n.kind])
        ctx = connect(a)
        notifications.check_orders(ctx.contract("SupplyOrders"), n, tuple(a.order))
        with ctx.index() as index:
            done = notifications.import_notification(ctx.sender(), index, n, tuple(a.order))
        if done.action == "nothing":
            console().print(done.note, soft_wrap=True)
            return 0
        console().print(f"{kind.name.lower()} {n.notification_id} sent to {n.receiver}", soft_wrap=True)
        return 0
    if a.to is None:
        raise InputError(f"notify {a.action}: --to is required without FILE (expected the receiver's BPNL)",
                         what="--to", where="--to", expected="a BPNL", found=None)
    items = _items(a)
    if not items:
        raise InputError("no affected items (expected --item ID or --items FILE)", what="affected items",
                         where="--item/--items", expected="at least one id", found=None)
    ctx = connect(a)
    n = qn.new(kind, _own_org(ctx), a.to, SEVERITY[a.severity], items, information=a.info, target_date=_target(a))
    return _sent(ctx, a, n, kind.name.lower())


def _sent(ctx: Context, a: argparse.Namespace, n: qn.QualityNotification, what: str) -> int:
    contract = ctx.contract(notifications.CONTRACT)
    notifications.check_orders(ctx.contract("SupplyOrders"), n, tuple(a.order))
    path = _write(n, a.out)  # the message exists before the transaction: a crash loses nothing
    return act(ctx, lambda s: notifications.send(s, contract, n, tuple(a.order)),
               f"{what} {n.notification_id} sent to {n.receiver} ({len(n.affected_items)} affected items, "
               f"{n.severity.name}); message written to {path}")


def _forward(a: argparse.Namespace) -> int:
    related = UUID(bytes=a.related)
    items = _items(a)
    if not items:
        parent = OUTBOX / f"{related}.json"
        if not parent.exists():
            raise InputError(f"no affected items and no message of {related} in {OUTBOX} (expected --item or "
                             "--items)",
                             what="affected items", where="--item/--items", expected="at least one id", found=None)
        items = list(qn.load(parent).affected_items)
    ctx = connect(a)
    with ctx.index() as index:
        index.sync()
        frame = index.notifications()
    row = frame[frame["notification_id"] == "0x" + a.related.hex()]
    if not len(row):
        raise InputError(f"ID: notification {related} is not on chain (expected a notification you received)",
                         what="ID", where="ID", expected="a notification you received", found=str(related))
    kind = NoticeKind[str(row.iloc[0]["kind"])]
    n = qn.new(kind, _own_org(ctx), a.to, SEVERITY[a.severity], items, information=a.info, target_date=_target(a),
               related_id=related)
    return _sent(ctx, a, n, f"{kind.name.lower()} {related} forwarded as")


def _step(a: argparse.Namespace, step: str) -> int:
    ctx = connect(a)
    contract = ctx.contract(notifications.CONTRACT)
    reason = a.reason or notifications.ZERO32
    status = notifications.STEPS[step][1]
    return act(ctx, lambda s: notifications.change(s, contract, step, a.notification_id, reason),
               f"notification {UUID(bytes=a.notification_id)}: {status.name}")


def _export(a: argparse.Namespace) -> int:
    nid = UUID(bytes=a.notification_id)
    kept = OUTBOX / f"{nid}.json"
    original = qn.load(kept) if kept.exists() else None
    items = _items(a) or (list(original.affected_items) if original else [])
    if not items:
        raise InputError(f"no affected items for {nid} and no message of it in {OUTBOX} (expected --item or --items)",
                         what="affected items", where="--item/--items", expected="at least one id", found=None)
    ctx = connect(a)
    with ctx.index() as index:
        index.sync()
        frame = index.notifications()
    row = frame[frame["notification_id"] == "0x" + a.notification_id.hex()]
    if not len(row):
        raise InputError(f"ID: notification {nid} is not on chain (expected a notification id)", what="ID",
                         where="ID", expected="a notification on chain", found=str(nid))
    record = row.iloc[0].to_dict()
    related = UUID(hex=str(record["related_id"])[2:]) if isinstance(record["related_id"], str) else None
    info = a.info if a.info is not None else (original.information if original else None)
    n = qn.from_chain(record, info, items, record["sent"].to_pydatetime(), related)
    text = json.dumps(qn.to_json(n), indent=2) + "\n"
    if a.out:
        a.out.parent.mkdir(parents=True, exist_ok=True)
        a.out.write_text(text, encoding="utf-8")
        console().print(f"notification {nid} ({n.status.name}) written to {a.out}", soft_wrap=True)
    else:
        print(text, end="")
    return 0


def _list(a: argparse.Namespace) -> int:
    ctx = connect(a)
    with ctx.index() as index:
        index.sync()
        if a.tree:
            frame = index.notification_tree("0x" + a.tree.hex())
            title = f"Notification {UUID(bytes=a.tree)} and its forwarding"
        else:
            frame = index.notifications()
            title = "Quality notifications (CX-0125)"
    if a.open:
        frame = frame[frame["status"].isin(("SENT", "ACKNOWLEDGED", "ACCEPTED"))]
    console().print(notifications_table(frame, title))
    return 0


