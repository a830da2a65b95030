// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IConsortiumRegistry} from "./interfaces/IConsortiumRegistry.sol";
import {IQualityNotifications} from "./interfaces/IQualityNotifications.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title QualityNotifications
/// @notice Catena-X CX-0125 Quality Investigations and Quality Alerts between member orgs,
/// with the standard's status model, affected items as a Merkle commitment, forwarding along
/// the tiers and holds on the orders they name (see IQualityNotifications for the status
/// model and the decisions behind it).
/// @dev Sources: CX-0125 Traceability Use Case v2.1.0 (catenax-eV/catenax-ev.github.io,
/// docs/standards/CX-0125-TraceabilityUseCase: sections 4.1 and 5.1); Eclipse Tractus-X
/// traceability-foss (tx-backend .../notification/domain/base/model/NotificationStatus.java:
/// the status model and which side may make each transition); the shared message header
/// io.catenax.shared.message_header 3.0.0 (eclipse-tractusx/sldt-semantic-models) for the
/// JSON header. Fresh slots per notification: 2 (record, items root) plus 1 per named order
/// named for the first time.
contract QualityNotifications is IQualityNotifications {
    /// @inheritdoc IQualityNotifications
    uint256 public constant MAX_ORDERS = 16;

    // Statuses a step may start from, as bit masks (bit i = NoticeStatus i).
    uint256 private constant _FROM_SENT = 1 << uint256(NoticeStatus.SENT);
    uint256 private constant _FROM_ACKNOWLEDGED = 1 << uint256(NoticeStatus.ACKNOWLEDGED);
    uint256 private constant _FROM_ACCEPTED = 1 << uint256(NoticeStatus.ACCEPTED);
    uint256 private constant _FROM_DECLINED = 1 << uint256(NoticeStatus.DECLINED);
    uint256 private constant _HOLDING = _FROM_SENT | _FROM_ACKNOWLEDGED | _FROM_ACCEPTED;
    uint256 private constant _FORWARDABLE = _FROM_ACKNOWLEDGED | _FROM_ACCEPTED;
    uint256 private constant _CLOSABLE = _HOLDING | _FROM_DECLINED;
    /// @dev Every org id is a valid BPNL ("BPNL" + 12 characters); the prefix is not stored.
    bytes16 private constant _BPNL_PREFIX = bytes16(bytes4("BPNL"));

    /// @dev One slot: the parties' BPNLs without their "BPNL" prefix, kind, status, severity,
    /// target date.
    struct Record {
        bytes12 sender;
        bytes12 receiver;
        NoticeKind kind;
        NoticeStatus status;
        NoticeSeverity severity;
        uint40 targetDate;
    }

    IConsortiumRegistry private immutable _registry;

    mapping(bytes16 id => Record) private _records;
    mapping(bytes16 id => bytes32 root) private _itemsRoots;
    mapping(bytes32 orderKey => bytes16 id) private _holds;

    /// @param registry_ the consortium registry
    constructor(IConsortiumRegistry registry_) {
        if (address(registry_) == address(0)) revert ZeroAddress();
        _registry = registry_;
    }

    // ---------------------------------------------------------------- senders

    /// @inheritdoc IQualityNotifications
    function investigate(Notice calldata notice) external {
        bytes16 sender = _registry.requireOperator(msg.sender, 0);
        _registry.requireActive(notice.receiver, Roles.ROLE_SUPPLIER);
        _send(NoticeKind.INVESTIGATION, sender, notice, bytes16(0));
    }

    /// @inheritdoc IQualityNotifications
    function alert(Notice calldata notice) external {
        bytes16 sender = _registry.requireOperator(msg.sender, Roles.ROLE_SUPPLIER);
        _registry.requireActive(notice.receiver, 0);
        _send(NoticeKind.ALERT, sender, notice, bytes16(0));
    }

    /// @inheritdoc IQualityNotifications
    function forward(bytes16 relatedId, Notice calldata notice) external {
        (Record storage parent, bytes16 forwarder) = _enter(relatedId, NoticeParty.RECEIVER, _FORWARDABLE);
        NoticeKind kind = parent.kind;
        _registry.requireActive(notice.receiver, kind == NoticeKind.INVESTIGATION ? Roles.ROLE_SUPPLIER : 0);
        _send(kind, forwarder, notice, relatedId);
    }

    // ---------------------------------------------------------------- status changes

    /// @inheritdoc IQualityNotifications
    function acknowledge(bytes16 id, bytes32 reasonHash) external {
        _move(id, NoticeParty.RECEIVER, _FROM_SENT, NoticeStatus.ACKNOWLEDGED, reasonHash);
    }

    /// @inheritdoc IQualityNotifications
    function accept(bytes16 id, bytes32 reasonHash) external {
        _move(id, NoticeParty.RECEIVER, _FROM_ACKNOWLEDGED, NoticeStatus.ACCEPTED, reasonHash);
    }

    /// @inheritdoc IQualityNotifications
    function decline(bytes16 id, bytes32 reasonHash) external {
        _move(id, NoticeParty.RECEIVER, _FROM_ACKNOWLEDGED, NoticeStatus.DECLINED, reasonHash);
    }

    /// @inheritdoc IQualityNotifications
    function close(bytes16 id, bytes32 reasonHash) external {
        _move(id, NoticeParty.SENDER, _CLOSABLE, NoticeStatus.CLOSED, reasonHash);
    }

    /// @inheritdoc IQualityNotifications
    function cancel(bytes16 id, bytes32 reasonHash) external {
        _move(id, NoticeParty.SENDER, _FROM_SENT, NoticeStatus.CANCELED, reasonHash);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IQualityNotifications
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IQualityNotifications
    function getNotification(bytes16 id) external view returns (NotificationRecord memory n) {
        Record memory r = _records[id];
        if (r.status == NoticeStatus.NONE) return n;
        n = NotificationRecord({
            sender: _org(r.sender),
            receiver: _org(r.receiver),
            kind: r.kind,
            status: r.status,
            severity: r.severity,
            targetDate: r.targetDate,
            itemsRoot: _itemsRoots[id]
        });
    }

    /// @inheritdoc IQualityNotifications
    function isListed(bytes16 id, string calldata itemId, bytes32[] calldata proof) external view returns (bool) {
        bytes32 root = _itemsRoots[id];
        if (root == bytes32(0)) return false;
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(itemId))));
        return MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @inheritdoc IQualityNotifications
    function holdOf(uint256 orderId, bytes16 customer, bytes16 supplier) external view returns (bytes16 id) {
        id = _holds[_orderKey(orderId, customer, supplier)];
        if (id != bytes16(0) && !isHolding(_records[id].status)) id = bytes16(0);
    }

    /// @inheritdoc IQualityNotifications
    function isHolding(NoticeStatus status) public pure returns (bool) {
        return (_HOLDING >> uint256(status)) & 1 == 1;
    }

    // ---------------------------------------------------------------- internals

    /// @dev Records notification `notice` of `kind` from `sender` (SENT) and its holds.
    function _send(NoticeKind kind, bytes16 sender, Notice calldata notice, bytes16 relatedId) private {
        bytes16 id = notice.id;
        bytes16 receiver = notice.receiver;
        if (!_isUuid(id)) revert MalformedNotificationId(id);
        if (_records[id].status != NoticeStatus.NONE) revert NotificationExists(id);
        if (receiver == sender) revert InvalidReceiver(receiver);
        if (notice.itemsRoot == bytes32(0)) revert ZeroItemsRoot();
        uint40 targetDate = notice.targetDate;
        // Seconds do not matter for a target date (days ahead); a validator's leeway is moot.
        // slither-disable-next-line timestamp
        if (targetDate != 0 && targetDate < block.timestamp) revert TargetDateInPast(targetDate, block.timestamp);

        _records[id] = Record({
            sender: _short(sender),
            receiver: _short(receiver),
            kind: kind,
            status: NoticeStatus.SENT,
            severity: notice.severity,
            targetDate: targetDate
        });
        _itemsRoots[id] = notice.itemsRoot;
        uint256[] calldata orderIds = notice.orderIds;
        if (orderIds.length != 0) {
            (bytes16 customer, bytes16 supplier) = kind == NoticeKind.INVESTIGATION ? (sender, receiver) : (receiver, sender);
            _hold(id, orderIds, customer, supplier);
        }
        emit NotificationSent(
            id,
            sender,
            receiver,
            kind,
            notice.severity,
            targetDate,
            notice.itemsRoot,
            relatedId,
            notice.contentHash,
            orderIds
        );
    }

    /// @dev Notification `id` holds `orderIds` between `customer` and `supplier`.
    function _hold(bytes16 id, uint256[] calldata orderIds, bytes16 customer, bytes16 supplier) private {
        uint256 count = orderIds.length;
        if (count > MAX_ORDERS) revert TooManyOrders(count, MAX_ORDERS);
        for (uint256 i; i < count; ++i) {
            bytes32 key = _orderKey(orderIds[i], customer, supplier);
            bytes16 holder = _holds[key];
            if (holder != bytes16(0) && isHolding(_records[holder].status)) {
                revert OrderAlreadyHeld(orderIds[i], holder);
            }
            _holds[key] = id;
        }
    }

    /// @dev Moves notification `id` from a status in `fromStatuses` to `status`, by `party`.
    function _move(bytes16 id, NoticeParty party, uint256 fromStatuses, NoticeStatus status, bytes32 reasonHash) private {
        (Record storage r, ) = _enter(id, party, fromStatuses);
        NoticeStatus previous = r.status;
        r.status = status;
        emit NotificationStatusChanged(id, _org(r.sender), _org(r.receiver), previous, status, party, reasonHash);
    }

    /// @dev The record of `id` after checking that the caller operates the org of `party`
    /// (active) and that the status is in `fromStatuses`; also returns the caller's org.
    function _enter(
        bytes16 id,
        NoticeParty party,
        uint256 fromStatuses
    ) private view returns (Record storage r, bytes16 caller) {
        r = _records[id];
        NoticeStatus status = r.status;
        if (status == NoticeStatus.NONE) revert UnknownNotification(id);
        caller = _registry.requireOperator(msg.sender, 0);
        bytes12 required = party == NoticeParty.SENDER ? r.sender : r.receiver;
        if (_org(required) != caller) revert WrongParty(id, status, caller, party);
        if ((fromStatuses >> uint256(status)) & 1 == 0) revert WrongNotificationStatus(id, status, caller);
    }

    function _orderKey(uint256 orderId, bytes16 customer, bytes16 supplier) private pure returns (bytes32) {
        return keccak256(abi.encode(orderId, customer, supplier));
    }

    /// @dev The last 12 bytes of a BPNL (its 12 characters after "BPNL").
    function _short(bytes16 org) private pure returns (bytes12) {
        return bytes12(org << 32);
    }

    /// @dev The BPNL whose last 12 bytes are `short`.
    function _org(bytes12 short) private pure returns (bytes16) {
        return _BPNL_PREFIX | (bytes16(short) >> 32);
    }

    /// @dev RFC 4122: variant bits 10 (byte 8) and a version 1 to 8 (high nibble of byte 6).
    function _isUuid(bytes16 id) private pure returns (bool) {
        uint128 x = uint128(id);
        uint256 version = (x >> 76) & 0x0f;
        return (x >> 62) & 0x03 == 2 && version != 0 && version <= 8;
    }
}
