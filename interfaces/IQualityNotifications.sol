// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Quality notifications (Catena-X CX-0125) as an on-chain process
/// @notice Quality Investigations (a customer asks its supplier, top-down) and Quality
/// Alerts (a supplier warns a customer, bottom-up) between member orgs of the consortium
/// registry, with the statuses, severities, target date and status model of CX-0125
/// Traceability Use Case (section 5.1.2.1 "Notification state model"; the notification API
/// of section 4.1, openAPI `notifications-1-2-1.yaml`; the reference implementation Eclipse
/// Tractus-X traceability-foss, `NotificationStatus.java`). Each status change is allowed to
/// one party only and recorded with its reason hash.
///
/// NoticeStatus model (party allowed to act in brackets; nothing else is allowed):
/// ```
/// (new)         --[sender]   investigate / alert / forward --> SENT
/// SENT          --[receiver] acknowledge ----------------------> ACKNOWLEDGED
/// ACKNOWLEDGED  --[receiver] accept ---------------------------> ACCEPTED
/// ACKNOWLEDGED  --[receiver] decline --------------------------> DECLINED
/// SENT | ACKNOWLEDGED | ACCEPTED | DECLINED --[sender] close --> CLOSED
/// SENT          --[sender]   cancel ---------------------------> CANCELED
/// ```
/// CLOSED and CANCELED are final.
/// @dev Decisions where CX-0125 is silent or written for point-to-point transport:
/// - CREATED and RECEIVED exist in `NoticeStatus` for the JSON exchange only. CREATED is the
///   sender's draft (never on chain); SENT -> RECEIVED is, in CX-0125, the sender noting the
///   receiver's HTTP 201. On chain the block that records a notification delivers it to the
///   receiver, so nothing can be lost in transit and the receiver's next step is
///   ACKNOWLEDGED. CANCELED (CX-0125: from CREATED) is the sender withdrawing a notification
///   the receiver has not acknowledged yet.
/// - Identity: a notification is identified by its CX-0125 notification id (a UUID, as
///   bytes16); the same notification cannot be recorded twice (NotificationExists), which
///   makes importing a notification idempotent. A member could take an id first (a
///   notification in its own name, on the record); the sender then sends with a fresh id.
/// - Parties: an investigation is sent by any active member org to an active SUPPLIER; an
///   alert by an active SUPPLIER to any active member (its customer). Each step is taken by
///   an operator of the party's org while that org is active (any role).
/// - Affected items (part instance or batch ids, e.g. Catena-X ids) are not published: the
///   notification stores the root of a Merkle tree over them (leaf = keccak256(bytes.concat(
///   keccak256(abi.encode(itemId)))), pairs hashed sorted: OpenZeppelin MerkleProof), so a
///   recipient given the list off chain proves with `isListed` that a part is on it.
/// - Forwarding: the receiver of an open notification (ACKNOWLEDGED or ACCEPTED) forwards it
///   as a new notification of the same kind to its own supplier (investigation) or customer
///   (alert); NotificationSent of the new one names the forwarded one as `relatedId` (the
///   header's relatedMessageId). The tree and who has not answered (status still SENT) are
///   read from these events (valuechain.events).
/// - Orders: a notification may name orders (SupplyOrders ids) between its two parties, at
///   most MAX_ORDERS. While it is SENT, ACKNOWLEDGED or ACCEPTED an order it names is held:
///   SupplyOrders asks `holdOf(orderId, customer, supplier)` with the order's own OEM and
///   supplier and refuses to ship while a hold is in force; DECLINED, CLOSED and CANCELED
///   release it. The ids are not checked against SupplyOrders (deployed after this
///   contract): an id that is no order of these two parties holds nothing, because the hold
///   is keyed by order id, customer and supplier. An order is held by one notification at a
///   time (OrderAlreadyHeld while another one holds it).
/// Storage: one slot for parties, kind, status, severity and target date (an org's BPNL is
/// "BPNL" and 12 characters: its last 12 bytes are stored), one for the items root, one per
/// named order. Reasons, contents and timestamps live in events only.
interface IQualityNotifications {
    /// @notice CX-0125 notification type: investigation (top-down) or alert (bottom-up).
    enum NoticeKind {
        NONE,
        INVESTIGATION,
        ALERT
    }

    /// @notice CX-0125 notification status (NONE: no such notification). CREATED and RECEIVED
    /// are never stored (see the contract notes); they keep the JSON mapping complete.
    enum NoticeStatus {
        NONE,
        CREATED,
        SENT,
        RECEIVED,
        ACKNOWLEDGED,
        ACCEPTED,
        DECLINED,
        CLOSED,
        CANCELED
    }

    /// @notice CX-0125 severity (JSON: MINOR, MAJOR, CRITICAL, LIFE-THREATENING).
    enum NoticeSeverity {
        MINOR,
        MAJOR,
        CRITICAL,
        LIFE_THREATENING
    }

    /// @notice The two parties of a notification; NONE where either is meant.
    enum NoticeParty {
        NONE,
        SENDER,
        RECEIVER
    }

    /// @notice What a sender sends (input of `investigate`, `alert` and `forward`).
    /// @dev `id` is the CX-0125 notification id (UUID); `receiver` the receiving org's BPNL;
    /// `targetDate` the answer expected by (unix seconds, 0: none); `itemsRoot` the Merkle root
    /// of the affected item ids; `contentHash` the keccak256 of the notification JSON content;
    /// `orderIds` SupplyOrders ids between the two parties held while it is open.
    struct Notice {
        bytes16 id;
        bytes16 receiver;
        NoticeSeverity severity;
        uint40 targetDate;
        bytes32 itemsRoot;
        bytes32 contentHash;
        uint256[] orderIds;
    }

    /// @notice A notification as stored.
    struct NotificationRecord {
        bytes16 sender;
        bytes16 receiver;
        NoticeKind kind;
        NoticeStatus status;
        NoticeSeverity severity;
        uint40 targetDate;
        bytes32 itemsRoot;
    }

    /// @notice `sender` sent notification `id` of `kind` to `receiver` (SENT); `relatedId` is
    /// the notification it forwards (zero for an original one); `orderIds` are held while it
    /// is open.
    event NotificationSent(
        bytes16 indexed id,
        bytes16 indexed sender,
        bytes16 indexed receiver,
        NoticeKind kind,
        NoticeSeverity severity,
        uint40 targetDate,
        bytes32 itemsRoot,
        bytes16 relatedId,
        bytes32 contentHash,
        uint256[] orderIds
    );
    /// @notice Notification `id` went from `previous` to `status`, by `by`, for the reason
    /// (or answer) whose hash is `reasonHash`.
    event NotificationStatusChanged(
        bytes16 indexed id,
        bytes16 indexed sender,
        bytes16 indexed receiver,
        NoticeStatus previous,
        NoticeStatus status,
        NoticeParty by,
        bytes32 reasonHash
    );

    /// @notice No notification has id `id`.
    error UnknownNotification(bytes16 id);
    /// @notice A notification with id `id` exists already.
    error NotificationExists(bytes16 id);
    /// @notice `id` is not an RFC 4122 UUID.
    error MalformedNotificationId(bytes16 id);
    /// @notice The caller's org `callerOrg` (zero: none) is not the party `required` of
    /// notification `id`, which is in `status`.
    error WrongParty(bytes16 id, NoticeStatus status, bytes16 callerOrg, NoticeParty required);
    /// @notice Notification `id` is in `status`, from which the step is not allowed.
    error WrongNotificationStatus(bytes16 id, NoticeStatus status, bytes16 callerOrg);
    /// @notice A notification cannot be sent to the sender's own org.
    error InvalidReceiver(bytes16 receiver);
    /// @notice The affected items root is zero.
    error ZeroItemsRoot();
    /// @notice The target date `targetDate` lies before `nowTime`.
    error TargetDateInPast(uint40 targetDate, uint256 nowTime);
    /// @notice `count` orders named, more than `maximum`.
    error TooManyOrders(uint256 count, uint256 maximum);
    /// @notice Order `orderId` is held by the open notification `holder` already.
    error OrderAlreadyHeld(uint256 orderId, bytes16 holder);
    /// @notice The registry address is zero.
    error ZeroAddress();

    /// @notice Send a Quality Investigation to the supplier `notice.receiver` (an active
    /// SUPPLIER other than the caller's org). Any active member's operator.
    function investigate(Notice calldata notice) external;
    /// @notice Send a Quality Alert to the customer `notice.receiver` (an active member other
    /// than the caller's org). SUPPLIER operators only.
    function alert(Notice calldata notice) external;
    /// @notice Forward the ACKNOWLEDGED or ACCEPTED notification `relatedId` as a new one of
    /// the same kind to the caller's own supplier (investigation; an active SUPPLIER) or
    /// customer (alert; an active member). Receiver of `relatedId` only.
    function forward(bytes16 relatedId, Notice calldata notice) external;
    /// @notice SENT -> ACKNOWLEDGED. Receiver only.
    function acknowledge(bytes16 id, bytes32 reasonHash) external;
    /// @notice ACKNOWLEDGED -> ACCEPTED (the receiver takes the issue up). Receiver only.
    function accept(bytes16 id, bytes32 reasonHash) external;
    /// @notice ACKNOWLEDGED -> DECLINED (the receiver rejects the issue); releases the orders
    /// it holds. Receiver only.
    function decline(bytes16 id, bytes32 reasonHash) external;
    /// @notice SENT, ACKNOWLEDGED, ACCEPTED or DECLINED -> CLOSED; releases the orders it
    /// holds. Sender only.
    function close(bytes16 id, bytes32 reasonHash) external;
    /// @notice SENT -> CANCELED (withdrawn before the receiver acknowledged it); releases the
    /// orders it holds. Sender only.
    function cancel(bytes16 id, bytes32 reasonHash) external;

    // slither-disable-start naming-convention
    // (a public constant's getter, named as the constant, as OpenZeppelin's own)
    /// @notice The most orders one notification may name.
    function MAX_ORDERS() external view returns (uint256);
    // slither-disable-end naming-convention
    /// @notice The consortium registry consulted for every caller.
    function registry() external view returns (address);
    /// @notice The stored notification (status NONE and all zero when it does not exist).
    function getNotification(bytes16 id) external view returns (NotificationRecord memory);
    /// @notice Whether `itemId` is a leaf of notification `id`'s affected items tree, given
    /// its Merkle `proof` (false for an unknown notification).
    function isListed(bytes16 id, string calldata itemId, bytes32[] calldata proof) external view returns (bool);
    /// @notice The notification holding order `orderId` between `customer` and `supplier`
    /// (SENT, ACKNOWLEDGED or ACCEPTED and naming it), or zero when none does.
    function holdOf(uint256 orderId, bytes16 customer, bytes16 supplier) external view returns (bytes16);
    /// @notice Whether `status` holds the orders a notification names (SENT, ACKNOWLEDGED,
    /// ACCEPTED).
    function isHolding(NoticeStatus status) external pure returns (bool);
}
