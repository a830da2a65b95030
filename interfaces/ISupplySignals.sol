// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title OEM signals to suppliers: weekly capacity and occupancy, and disruptions
/// @notice An OEM org's operator tells supplier orgs its weekly capacity and demand per
/// site and material (Catena-X WeekBasedCapacityGroup / WeekBasedMaterialDemand 3.0.0
/// semantics) and notifies them of disruptions (Catena-X CX-0146
/// DemandAndCapacityNotification 3.0.0 codes). Machine downtime is a disruption with
/// cause PRODUCTION_INCIDENT and effect CAPACITY_REDUCTION.
/// @dev Conventions:
/// - A capacity week is its ISO 8601 week as year * 100 + week (2022-08-01, the Monday
///   that is the Catena-X `pointInTime` of ISO week 31 of 2022, is 202231), as
///   `valuechain.catenax` encodes it; week 53 only in the years that have one.
/// - Sites are BPNS (`BPNS` + 12 of [0-9A-Za-z], 16 ASCII bytes), zero for a capacity
///   that names no site; materials are the keccak256 of the OEM's material number
///   (Catena-X `materialNumberCustomer`, UTF-8). Capacities and demand are whole units of
///   the material's unit per week.
/// - Signal ids are UUIDs (their 16 bytes) the OEM assigns: a disruption's id is its
///   CX-0146 `notificationId`; a capacity signal gets a fresh UUID. Supply order
///   amendments cite them. Uniqueness is the sender's duty (checking it would cost a fresh
///   storage slot per signal); the events show every use of an id. In particular a
///   disruption id the OEM resolved reads RESOLVED wherever it is signalled again: a
///   re-opened disruption needs a new notification id.
/// - Every signal emits one event per recipient with the recipient indexed. State keeps
///   the latest figures only, in slots that are overwritten: the latest capacity per
///   (oem, site, material) and the latest disruption per (oem, recipient); resolving a
///   disruption records when. The full history lives in events.
/// - Only a disruption that was signalled can be resolved: `resolveDisruption` names a
///   recipient whose latest disruption from the OEM it still is (a check on state the
///   contract keeps anyway; refusing resolved ids in `signalDisruption` instead would cost
///   every signal a cold read). A disruption superseded at every recipient can no longer
///   be resolved; nothing on chain reads it any more.
interface ISupplySignals {
    /// @notice The two kinds of signal; NONE where no signal is meant.
    enum SignalKind {
        NONE,
        CAPACITY,
        DISRUPTION
    }

    /// @notice CX-0146 `leadingRootCause`, in the order of the standard's enumeration
    /// (strike, natural-disaster, production-incident, pandemic-or-epidemic,
    /// logistics-disruption, war, insolvency, other).
    enum RootCause {
        STRIKE,
        NATURAL_DISASTER,
        PRODUCTION_INCIDENT,
        PANDEMIC_OR_EPIDEMIC,
        LOGISTICS_DISRUPTION,
        WAR,
        INSOLVENCY,
        OTHER
    }

    /// @notice CX-0146 `effect` (demand-reduction, demand-increase, capacity-reduction,
    /// capacity-increase).
    enum Effect {
        DEMAND_REDUCTION,
        DEMAND_INCREASE,
        CAPACITY_REDUCTION,
        CAPACITY_INCREASE
    }

    /// @notice CX-0146 `status` of a disruption (open, resolved), coded as
    /// `valuechain.catenax` codes it.
    enum DisruptionStatus {
        OPEN,
        RESOLVED
    }

    /// @notice A capacity signal's figures as posted (input of `signalCapacity`).
    /// @dev `signalId` a fresh UUID; `week` ISO year * 100 + week; `actualCapacity` may not
    /// exceed `maximumCapacity`; `contentHash` the hash of the source document.
    struct CapacityFigures {
        bytes16 signalId;
        bytes16 site;
        bytes32 material;
        uint24 week;
        uint32 actualCapacity;
        uint32 maximumCapacity;
        uint32 demand;
        bytes32 contentHash;
    }

    /// @notice The latest capacity signal of an (oem, site, material), one storage slot.
    struct CapacityRecord {
        bytes16 signalId;
        uint24 week;
        uint32 actualCapacity;
        uint32 maximumCapacity;
        uint32 demand;
    }

    /// @notice A disruption notification as posted (input of `signalDisruption`).
    /// @dev `notificationId` is the CX-0146 notificationId (a UUID, its 16 bytes), the
    /// signal's id;
    /// `start` and `expectedEnd` are unix seconds (`expectedEnd` 0 when not given);
    /// `status` OPEN or RESOLVED; `contentHash` is the hash of the full notification.
    struct DisruptionNotice {
        bytes16 notificationId;
        RootCause cause;
        Effect effect;
        DisruptionStatus status;
        uint40 start;
        uint40 expectedEnd;
        bytes32 contentHash;
    }

    /// @notice The latest disruption an OEM addressed to a recipient, one storage slot;
    /// `status` as posted (see `latestDisruption` for the current one).
    struct DisruptionRecord {
        bytes16 notificationId;
        RootCause cause;
        Effect effect;
        DisruptionStatus status;
        uint40 start;
        uint40 expectedEnd;
    }

    /// @notice `oem` told `recipient` its capacity and demand for `material` at `site` in
    /// ISO week `week`; emitted once per recipient.
    event CapacitySignalled(
        bytes16 indexed oem,
        bytes16 indexed recipient,
        bytes16 indexed signalId,
        bytes16 site,
        bytes32 material,
        uint24 week,
        uint32 actualCapacity,
        uint32 maximumCapacity,
        uint32 demand,
        bytes32 contentHash
    );
    /// @notice `oem` notified `recipient` of disruption `notificationId`; emitted once per
    /// recipient.
    event DisruptionSignalled(
        bytes16 indexed oem,
        bytes16 indexed recipient,
        bytes16 indexed notificationId,
        RootCause cause,
        Effect effect,
        DisruptionStatus status,
        uint40 start,
        uint40 expectedEnd,
        bytes32 contentHash
    );
    /// @notice `oem` resolved its disruption `notificationId`; `contentHash` is the hash of
    /// the updated (resolved) notification.
    event DisruptionResolved(bytes16 indexed oem, bytes16 indexed notificationId, bytes32 contentHash);

    /// @notice `site` is neither zero nor `BPNS` followed by 12 characters of [0-9A-Za-z].
    error MalformedBpns(bytes16 site);
    /// @notice The material hash is zero.
    error ZeroMaterial();
    /// @notice `week` is not an ISO week written year * 100 + week (year 1970 or later).
    error InvalidWeek(uint24 week);
    /// @notice The actual capacity exceeds the maximum capacity.
    error InvalidCapacity(uint32 actualCapacity, uint32 maximumCapacity);
    /// @notice A signal needs at least one recipient.
    error NoRecipients();
    /// @notice Recipients must be listed in strictly ascending order (which also rules out
    /// duplicates and the zero org); entry `index` is not.
    error UnsortedRecipients(uint256 index, bytes16 recipient);
    /// @notice `id` is not a UUID (RFC 4122 variant, version 1 to 8).
    error MalformedUuid(bytes16 id);
    /// @notice The start time is zero or the expected end lies before it.
    error InvalidPeriod(uint40 start, uint40 expectedEnd);
    /// @notice `oem` resolved disruption `notificationId` before.
    error AlreadyResolved(bytes16 oem, bytes16 notificationId);
    /// @notice `notificationId` is not the latest disruption `oem` addressed to `recipient`
    /// (never signalled to it, or superseded there).
    error UnknownDisruption(bytes16 oem, bytes16 recipient, bytes16 notificationId);

    /// @notice Tell `recipients` (active SUPPLIER orgs, strictly ascending) the caller's
    /// OEM org's capacity and demand for one site, material and week. Replaces the latest
    /// capacity record of (caller's org, site, material). OEM operators only.
    function signalCapacity(CapacityFigures calldata figures, bytes16[] calldata recipients) external;

    /// @notice Notify `recipients` (active SUPPLIER orgs, strictly ascending) of a
    /// disruption; it becomes each recipient's latest disruption from the caller's org.
    /// OEM operators only.
    function signalDisruption(DisruptionNotice calldata notice, bytes16[] calldata recipients) external;

    /// @notice Record that the caller's org's disruption `notificationId` is resolved (for
    /// every recipient); `contentHash` is the hash of the updated notification. It must be
    /// the latest disruption the caller's org addressed to `recipient` (any one of its
    /// recipients where it still is), else UnknownDisruption. OEM operators only.
    function resolveDisruption(bytes16 notificationId, bytes16 recipient, bytes32 contentHash) external;

    /// @notice The consortium registry consulted for every caller and recipient.
    function registry() external view returns (address);
    /// @notice The latest capacity signal of (`oem`, `site`, `material`); all zero if none.
    function latestCapacity(bytes16 oem, bytes16 site, bytes32 material)
        external
        view
        returns (CapacityRecord memory);
    /// @notice Occupancy of the latest capacity signal of (`oem`, `site`, `material`):
    /// demand over actual capacity in basis points (10,000 = fully occupied, more =
    /// overbooked); 0 without a signal or demand; type(uint256).max for demand on zero
    /// actual capacity (standstill).
    function occupancyBp(bytes16 oem, bytes16 site, bytes32 material) external view returns (uint256);
    /// @notice The latest disruption `oem` addressed to `recipient` and its current status:
    /// RESOLVED if posted so or resolved since, else OPEN. An all-zero record (notification
    /// id zero) means there is none.
    function latestDisruption(bytes16 oem, bytes16 recipient)
        external
        view
        returns (DisruptionRecord memory record, DisruptionStatus status);
    /// @notice The notification id of the latest disruption `oem` addressed to `recipient`,
    /// zero if none: the one a supply order amendment between them may cite (one storage
    /// read, for SupplyOrders' citation check).
    function latestDisruptionId(bytes16 oem, bytes16 recipient) external view returns (bytes16);
    /// @notice When `oem` resolved its disruption `notificationId` (unix seconds), 0 if it
    /// did not.
    function resolvedAt(bytes16 oem, bytes16 notificationId) external view returns (uint40);
    /// @notice Whether `site` is a well-formed BPNS (`BPNS` + 12 of [0-9A-Za-z]).
    function isValidBpns(bytes16 site) external pure returns (bool);
    /// @notice Whether `week` is an ISO week written year * 100 + week, year 1970 or later.
    function isValidWeek(uint24 week) external pure returns (bool);
}
