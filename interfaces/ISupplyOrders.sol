// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ISupplySignals} from "./ISupplySignals.sol";

/// @title Supply orders between an OEM and its suppliers
/// @notice An OEM org orders parts from a SUPPLIER org; the supplier reports quality
/// assessments before delivery so the OEM can accept a deviation, fall back on stock
/// (cancel) or move open quantity to an alternative supplier (reallocate).
///
/// State machine (side allowed to act in brackets; nothing else is allowed):
/// ```
/// (new)          --[OEM] placeOrder--------------------> ISSUED
/// ISSUED         --[SUPPLIER] confirmOrder-------------> CONFIRMED
/// ISSUED         --[SUPPLIER] rejectOrder--------------> REJECTED
/// CONFIRMED      --[SUPPLIER] startProduction----------> IN_PRODUCTION
/// IN_PRODUCTION  --[SUPPLIER] assessQuality, score >= minScore, interim--> IN_PRODUCTION
/// IN_PRODUCTION  --[SUPPLIER] assessQuality, score >= minScore, final----> READY_TO_SHIP
/// IN_PRODUCTION  --[SUPPLIER] assessQuality, score <  minScore-----------> QUALITY_HOLD
/// QUALITY_HOLD   --[OEM] acceptDeviation---------------> READY_TO_SHIP
/// QUALITY_HOLD   --[OEM] reallocate part---------------> QUALITY_HOLD  (+ child ISSUED)
/// QUALITY_HOLD   --[OEM] reallocate all----------------> CANCELLED     (+ child ISSUED)
/// READY_TO_SHIP  --[SUPPLIER] ship---------------------> SHIPPED
/// READY_TO_SHIP  --[OEM] reallocate part, if stalled---> READY_TO_SHIP (+ child ISSUED)
/// READY_TO_SHIP  --[OEM] reallocate all, if stalled----> CANCELLED     (+ child ISSUED)
/// READY_TO_SHIP  --[OEM] cancelOrder, if stalled-------> CANCELLED
/// SHIPPED        --[OEM] receiveShipment---------------> DELIVERED
/// DELIVERED      --[OEM] closeOrder--------------------> CLOSED
/// DELIVERED      --[OEM] disputeOrder------------------> DISPUTED
/// ISSUED | CONFIRMED | IN_PRODUCTION | QUALITY_HOLD --[OEM] cancelOrder--> CANCELLED
/// CONFIRMED | IN_PRODUCTION: amendments (either side proposes, the other accepts)
/// ```
/// REJECTED, CLOSED, DISPUTED and CANCELLED are final. A READY_TO_SHIP order is
/// "stalled" once its due day has passed (the day after `dueDay`, UTC), while its
/// supplier cannot ship (its org is suspended, offboarded or no longer holds the SUPPLIER
/// role) or while an open quality notification holds it (see below); before that the OEM's
/// cancel or reallocate reverts ShipmentNotOverdue.
/// @dev Decisions where DESIGN.md section 4 is silent or incomplete:
/// - Interim assessments: `assessQuality` carries an `isFinal` flag. A passing interim
///   assessment keeps the order IN_PRODUCTION (several may be posted); a passing final one
///   makes it READY_TO_SHIP; any failing one (interim or final) puts it on QUALITY_HOLD at
///   once so the OEM can react before delivery.
/// - Open quantity: nothing ships before SHIPPED, so on QUALITY_HOLD and READY_TO_SHIP the
///   whole current `quantity` (placed quantity, changed by accepted amendments, minus what
///   was reallocated) is open. `reallocate` moves 1..quantity of it to a new ISSUED child
///   order of another active supplier; a parent that keeps some quantity stays in its state
///   (on QUALITY_HOLD the OEM still has to accept the deviation for the rest, reallocate
///   more or cancel; a READY_TO_SHIP supplier may still ship the rest); a parent left with
///   nothing is CANCELLED with quantity 0.
/// - A stalled READY_TO_SHIP order (see above) is the OEM's to cancel or reallocate: a
///   supplier that never ships, or is suspended or offboarded, cannot hold the order for
///   ever. The rule is one the supplier sees coming (its own due day, its own status);
///   before, the OEM must wait: the supplier has passed quality and may ship.
/// - Conservation: a reallocation subtracts exactly the child's quantity from the parent,
///   so parent quantity + the children's quantities at reallocation = the parent's quantity
///   before its first reallocation. Amendments cannot break this: they need CONFIRMED or
///   IN_PRODUCTION, which an order never re-enters after QUALITY_HOLD or READY_TO_SHIP.
/// - The OEM may also cancel on QUALITY_HOLD ("fall back on stock"); DESIGN.md lists
///   cancellation from ISSUED, CONFIRMED and IN_PRODUCTION only.
/// - Amendments: every proposal gets the order's next proposal number (1, 2, ...; never
///   reused), carried by AmendmentProposed with the whole proposal: figures, citation and
///   document. A proposal replaces any pending one (a counter-proposal); the other side
///   accepts it by naming its number, so acceptance binds exactly the proposal it read: a
///   re-proposal in between (even with the same figures) has another number and the
///   acceptance reverts. Either side may decline or withdraw it. An accepted amendment
///   increments `version`. A pending proposal lapses when the order leaves CONFIRMED /
///   IN_PRODUCTION.
/// - Citations: a proposal may cite a signal of the order's OEM. A DISRUPTION citation must
///   be the latest disruption the OEM addressed to the order's supplier
///   (SupplySignals.latestDisruptionId; open or resolved), checked at proposal: SupplySignals
///   keeps only that one per (oem, recipient), so an older disruption, one sent to another
///   supplier, by another OEM, or never sent, is refused. A CAPACITY citation is recorded
///   as given and NOT checked: SupplySignals keeps capacity per (oem, site, material), not
///   per recipient, and a per-(oem, recipient) record of the latest capacity signal would
///   cost one more rewritten slot per recipient on signalCapacity (measured: +5,378 gas per
///   recipient, +22,478 for a recipient's first; one recipient 47,531 -> 52,909), beyond
///   its gas budget. The OEM sees the citation before it accepts; CapacitySignalled events
///   show whether it was sent.
/// - Design assets: the supplier must be entitled to the design (its owner, or licensed for
///   MANUFACTURING: ILicenceCheck.isEntitled) when the order is placed or reallocated to it,
///   and again when it confirms, starts production and ships, so a revoked or expired
///   licence (or a transferred design) stops the work at the next step. Child orders
///   inherit the parent's design asset.
/// - Quality notifications: an open (SENT, ACKNOWLEDGED or ACCEPTED) QualityNotifications
///   notification between the order's OEM and supplier that names the order holds it: `ship`
///   reverts OrderOnHold, and a held READY_TO_SHIP order counts as stalled, so the OEM may
///   cancel or reallocate it at once, as after a failed quality assessment. Declining,
///   closing or cancelling the notification releases the order. (A held order still in
///   production is the OEM's to cancel as always; it can be reallocated once READY_TO_SHIP.)
/// - Callers: a transition checks, in this order, that the order exists, that the caller
///   operates the org of the side allowed to act (`WrongSide`), that this org is active and
///   holds its side's role (`InactiveParty`), and that the order's state allows the step
///   (`WrongState`); each error names the order, its state and the caller's org. Any
///   other refusal of the registry (e.g. `EnforcedPause()` while the suite is paused)
///   reaches the caller unchanged.
/// Storage: an order packs into 3 slots (orgs; part number; all figures and the state);
/// an order naming a design asset uses a fourth slot for it; its amendment slot (created
/// by the first proposal) keeps the proposal counter for good. Document, report, shipment
/// and reason hashes live in events only. Quantities are whole units of `unit` (uint32),
/// dates are day numbers (days since 1970-01-01, UTC), scores are basis points.
interface ISupplyOrders {
    /// @notice Lifecycle state of an order (NONE: no such order).
    enum State {
        NONE,
        ISSUED,
        CONFIRMED,
        REJECTED,
        IN_PRODUCTION,
        QUALITY_HOLD,
        READY_TO_SHIP,
        SHIPPED,
        DELIVERED,
        CLOSED,
        DISPUTED,
        CANCELLED
    }

    /// @notice The two sides of an order; NONE where either side is meant.
    enum Side {
        NONE,
        OEM,
        SUPPLIER
    }

    /// @notice What the OEM orders (input of `placeOrder`).
    /// @dev `partNumber` is the keccak256 of the OEM's part (material) number or the raw
    /// bytes32; `unit` is the UN/ECE Recommendation 20 common code of the unit ("H87" piece,
    /// "KGM" kilogram, ...); `dueDay` a day number; `minScore` the quality threshold in
    /// basis points; `designAsset` the IPRegistry asset of the part's design or zero.
    struct OrderTerms {
        bytes16 supplier;
        bytes32 partNumber;
        uint32 quantity;
        bytes3 unit;
        uint24 dueDay;
        uint16 minScore;
        bytes32 designAsset;
    }

    /// @notice An order as stored: three slots.
    /// @dev `quantity` is the quantity currently ordered from this supplier (amended,
    /// minus reallocations); `lastScore`, `lastSampleSize`, `lastDefects` are the latest
    /// quality assessment (sample size 0: none yet); `version` counts accepted amendments.
    struct Order {
        bytes16 oem;
        bytes16 supplier;
        bytes32 partNumber;
        uint32 quantity;
        uint32 shippedQuantity;
        uint32 receivedQuantity;
        uint24 dueDay;
        bytes3 unit;
        uint16 minScore;
        uint16 lastScore;
        uint24 lastSampleSize;
        uint24 lastDefects;
        uint16 version;
        State state;
        bool hasDesignAsset;
    }

    /// @notice A pending amendment proposal of an order (one slot).
    /// @dev `proposal` is its number (the order's proposals count from 1); `signalKind` NONE
    /// and `signalId` zero when the proposal cites no signal; else the id (UUID) of a
    /// SupplySignals capacity signal or disruption of the order's OEM.
    struct Amendment {
        uint32 proposal;
        uint32 quantity;
        uint24 dueDay;
        Side proposer;
        ISupplySignals.SignalKind signalKind;
        bytes16 signalId;
    }

    /// @notice An order was placed (ISSUED); `parentId` is the order it was reallocated
    /// from, 0 for an order placed directly.
    event OrderPlaced(
        uint256 indexed orderId,
        bytes16 indexed oem,
        bytes16 indexed supplier,
        bytes32 partNumber,
        uint32 quantity,
        bytes3 unit,
        uint24 dueDay,
        uint16 minScore,
        bytes32 designAsset,
        uint256 parentId,
        bytes32 documentHash
    );
    /// @notice The supplier confirmed the order (CONFIRMED).
    event OrderConfirmed(uint256 indexed orderId, bytes16 indexed oem, bytes16 indexed supplier, bytes32 documentHash);
    /// @notice The supplier rejected the order (REJECTED).
    event OrderRejected(uint256 indexed orderId, bytes16 indexed oem, bytes16 indexed supplier, bytes32 reasonHash);
    /// @notice The supplier started production (IN_PRODUCTION).
    event ProductionStarted(uint256 indexed orderId, bytes16 indexed oem, bytes16 indexed supplier, bytes32 documentHash);
    /// @notice The supplier posted a quality assessment; `state` is the order's state after
    /// it (IN_PRODUCTION, READY_TO_SHIP or QUALITY_HOLD).
    event QualityAssessed(
        uint256 indexed orderId,
        bytes16 indexed oem,
        bytes16 indexed supplier,
        uint16 score,
        uint24 sampleSize,
        uint24 defects,
        bool isFinal,
        State state,
        bytes32 reportHash
    );
    /// @notice The OEM accepted the quality deviation (READY_TO_SHIP).
    event DeviationAccepted(uint256 indexed orderId, bytes16 indexed oem, bytes16 indexed supplier, bytes32 reasonHash);
    /// @notice The OEM moved `quantity` of order `orderId` (supplier `supplier`) to the new
    /// order `childId` of `newSupplier`; the parent keeps `remaining` and is now `state`
    /// (QUALITY_HOLD or READY_TO_SHIP as before, or CANCELLED when nothing remains).
    event OrderReallocated(
        uint256 indexed orderId,
        bytes16 indexed oem,
        bytes16 indexed supplier,
        uint256 childId,
        bytes16 newSupplier,
        uint32 quantity,
        uint32 remaining,
        State state,
        bytes32 documentHash
    );
    /// @notice The supplier shipped `quantity` (SHIPPED).
    event OrderShipped(
        uint256 indexed orderId,
        bytes16 indexed oem,
        bytes16 indexed supplier,
        uint32 quantity,
        bytes32 shipmentHash
    );
    /// @notice The OEM received `receivedQuantity` (DELIVERED); `shortfall` is the ordered
    /// quantity minus the received quantity (short shipment plus losses in transit).
    event ShipmentReceived(
        uint256 indexed orderId,
        bytes16 indexed oem,
        bytes16 indexed supplier,
        uint32 receivedQuantity,
        uint32 shortfall,
        bytes32 documentHash
    );
    /// @notice The OEM closed the delivered order (CLOSED).
    event OrderClosed(uint256 indexed orderId, bytes16 indexed oem, bytes16 indexed supplier, bytes32 documentHash);
    /// @notice The OEM disputed the delivery (DISPUTED).
    event OrderDisputed(uint256 indexed orderId, bytes16 indexed oem, bytes16 indexed supplier, bytes32 reasonHash);
    /// @notice The OEM cancelled the order, which was in state `previousState` (CANCELLED).
    event OrderCancelled(
        uint256 indexed orderId,
        bytes16 indexed oem,
        bytes16 indexed supplier,
        State previousState,
        bytes32 reasonHash
    );
    /// @notice `proposer` proposed amendment `version` (quantity and due day) as the order's
    /// proposal number `proposal`, citing a signal of the OEM (kind and UUID) or none; it
    /// replaces any pending proposal. Accepting it means naming `proposal`.
    event AmendmentProposed(
        uint256 indexed orderId,
        bytes16 indexed oem,
        bytes16 indexed supplier,
        uint32 proposal,
        uint16 version,
        Side proposer,
        uint32 quantity,
        uint24 dueDay,
        ISupplySignals.SignalKind signalKind,
        bytes16 signalId,
        bytes32 documentHash
    );
    /// @notice The other side accepted the pending proposal number `proposal`: the order is
    /// now at `version` with this quantity and due day.
    event AmendmentAccepted(
        uint256 indexed orderId,
        bytes16 indexed oem,
        bytes16 indexed supplier,
        uint32 proposal,
        uint16 version,
        uint32 quantity,
        uint24 dueDay,
        ISupplySignals.SignalKind signalKind,
        bytes16 signalId,
        bytes32 documentHash
    );
    /// @notice Side `by` declined (or, as proposer, withdrew) the pending proposal number
    /// `proposal`.
    event AmendmentDeclined(
        uint256 indexed orderId,
        bytes16 indexed oem,
        bytes16 indexed supplier,
        uint32 proposal,
        Side by,
        bytes32 reasonHash
    );

    /// @notice No order has id `orderId`.
    error UnknownOrder(uint256 orderId);
    /// @notice The caller's org `callerOrg` (zero: the caller operates no org) is not the
    /// side `required` of order `orderId` (NONE: either side), which is in `state`.
    error WrongSide(uint256 orderId, State state, bytes16 callerOrg, Side required);
    /// @notice The caller's org `callerOrg` is the right side of order `orderId` (in
    /// `state`) but is suspended, offboarded, or no longer holds its side's role.
    error InactiveParty(uint256 orderId, State state, bytes16 callerOrg);
    /// @notice Order `orderId` is in `state`, from which the step is not allowed.
    error WrongState(uint256 orderId, State state, bytes16 callerOrg);
    /// @notice An org cannot take this supplier role here (itself, or the order's current
    /// supplier on a reallocation).
    error InvalidSupplier(bytes16 supplier);
    /// @notice The part number is zero.
    error ZeroPartNumber();
    /// @notice The unit code is empty.
    error ZeroUnit();
    /// @notice A score or threshold above 10,000 basis points.
    error InvalidScore(uint16 score);
    /// @notice A quality sample must be non-empty and have at most `sampleSize` defects.
    error InvalidSample(uint24 sampleSize, uint24 defects);
    /// @notice `quantity` is zero or above `maximum`.
    error InvalidQuantity(uint32 quantity, uint32 maximum);
    /// @notice The due day `dueDay` lies before `today`.
    error DueDayInPast(uint24 dueDay, uint256 today);
    /// @notice The order names a design asset but no licence contract is configured.
    error LicensingUnavailable(bytes32 asset);
    /// @notice `supplier` is not entitled to `asset`: it neither owns it nor holds a licence
    /// in force for it with the manufacturing purpose (or it is not active).
    error SupplierNotLicensed(bytes32 asset, bytes16 supplier);
    /// @notice Order `orderId` has no pending amendment proposal.
    error NoPendingAmendment(uint256 orderId);
    /// @notice The proposal changes neither quantity nor due day.
    error EmptyAmendment(uint256 orderId);
    /// @notice The acceptance names proposal `proposal`, but the pending one is `pending`
    /// (it was replaced in between).
    error AmendmentMismatch(uint256 orderId, uint32 proposal, uint32 pending);
    /// @notice A citation names a kind without an id or an id without a kind.
    error InvalidCitation(uint256 orderId, ISupplySignals.SignalKind kind, bytes16 signalId);
    /// @notice Disruption `signalId` is not the latest disruption the order's OEM addressed
    /// to its supplier (never sent, sent to another supplier, by another OEM, or superseded).
    error UncitableSignal(uint256 orderId, ISupplySignals.SignalKind kind, bytes16 signalId);
    /// @notice Order `orderId` is READY_TO_SHIP, its supplier can ship and its due day
    /// `dueDay` has not passed (`today`): the OEM may cancel or reallocate it only after the
    /// due day or while the supplier is inactive.
    error ShipmentNotOverdue(uint256 orderId, uint24 dueDay, uint256 today);
    /// @notice Order `orderId` cannot ship while the open quality notification
    /// `notificationId` (QualityNotifications) holds it.
    error OrderOnHold(uint256 orderId, bytes16 notificationId);
    /// @notice The registry or the signals address is zero.
    error ZeroAddress();

    /// @notice Place an order with an active SUPPLIER org (not the caller's own org). If it
    /// names a design asset, the supplier must be entitled to it (its owner, or licensed
    /// for MANUFACTURING). OEM operators only.
    /// @return orderId the new order's id (ids count from 1)
    function placeOrder(OrderTerms calldata terms, bytes32 documentHash) external returns (uint256 orderId);
    /// @notice ISSUED -> CONFIRMED; re-checks the supplier's entitlement to the design asset.
    /// Supplier only.
    function confirmOrder(uint256 orderId, bytes32 documentHash) external;
    /// @notice ISSUED -> REJECTED. Supplier only.
    function rejectOrder(uint256 orderId, bytes32 reasonHash) external;
    /// @notice CONFIRMED -> IN_PRODUCTION; re-checks the supplier's entitlement to the design
    /// asset. Supplier only.
    function startProduction(uint256 orderId, bytes32 documentHash) external;
    /// @notice Post a quality assessment while IN_PRODUCTION: `score` (basis points) of a
    /// sample of `sampleSize` parts with `defects` defective. Below the order's threshold ->
    /// QUALITY_HOLD; at or above it -> READY_TO_SHIP if `isFinal`, else stays IN_PRODUCTION.
    /// Supplier only.
    /// @return state the order's state after the assessment
    function assessQuality(
        uint256 orderId,
        uint16 score,
        uint24 sampleSize,
        uint24 defects,
        bool isFinal,
        bytes32 reportHash
    ) external returns (State state);
    /// @notice QUALITY_HOLD -> READY_TO_SHIP. OEM only.
    function acceptDeviation(uint256 orderId, bytes32 reasonHash) external;
    /// @notice On QUALITY_HOLD, or READY_TO_SHIP once stalled (due day passed or supplier
    /// inactive, else ShipmentNotOverdue), move `quantity` (1 up to the order's quantity) to
    /// a new ISSUED order of `newSupplier` (active SUPPLIER, not the current supplier nor the
    /// OEM) due on `dueDay`, with the same part, unit, threshold and design asset (the new
    /// supplier's entitlement checked). The parent stays in its state, or is CANCELLED when
    /// nothing remains. OEM only.
    /// @return childId the new order's id
    function reallocate(
        uint256 orderId,
        bytes16 newSupplier,
        uint32 quantity,
        uint24 dueDay,
        bytes32 documentHash
    ) external returns (uint256 childId);
    /// @notice READY_TO_SHIP -> SHIPPED with `quantity` (1 up to the order's quantity);
    /// re-checks the supplier's entitlement to the design asset; OrderOnHold while an open
    /// quality notification holds the order. Supplier only.
    function ship(uint256 orderId, uint32 quantity, bytes32 shipmentHash) external;
    /// @notice SHIPPED -> DELIVERED with `receivedQuantity` (0 up to the shipped quantity);
    /// the shortfall against the ordered quantity stays on record. OEM only.
    function receiveShipment(uint256 orderId, uint32 receivedQuantity, bytes32 documentHash) external;
    /// @notice DELIVERED -> CLOSED. OEM only.
    function closeOrder(uint256 orderId, bytes32 documentHash) external;
    /// @notice DELIVERED -> DISPUTED. OEM only.
    function disputeOrder(uint256 orderId, bytes32 reasonHash) external;
    /// @notice ISSUED, CONFIRMED, IN_PRODUCTION or QUALITY_HOLD -> CANCELLED; READY_TO_SHIP
    /// -> CANCELLED once stalled (due day passed or supplier inactive, else
    /// ShipmentNotOverdue). OEM only.
    function cancelOrder(uint256 orderId, bytes32 reasonHash) external;
    /// @notice While CONFIRMED or IN_PRODUCTION, propose a new quantity and due day,
    /// optionally citing a signal (kind and UUID) of the order's OEM that caused it. Either
    /// side; replaces any pending proposal and gets the next proposal number (in
    /// AmendmentProposed). A DISRUPTION citation must be the latest disruption the OEM
    /// addressed to the supplier (UncitableSignal); a CAPACITY citation is recorded as given.
    function proposeAmendment(
        uint256 orderId,
        uint32 quantity,
        uint24 dueDay,
        ISupplySignals.SignalKind signalKind,
        bytes16 signalId,
        bytes32 documentHash
    ) external;
    /// @notice Accept the pending proposal, naming its number `proposal` (AmendmentMismatch
    /// if another proposal replaced it). The side that did not propose it only; CONFIRMED
    /// or IN_PRODUCTION.
    function acceptAmendment(uint256 orderId, uint32 proposal, bytes32 documentHash) external;
    /// @notice Decline (the other side) or withdraw (the proposer) the pending proposal.
    /// Either side; CONFIRMED or IN_PRODUCTION.
    function declineAmendment(uint256 orderId, bytes32 reasonHash) external;

    /// @notice The consortium registry consulted for every caller.
    function registry() external view returns (address);
    /// @notice The licence contract (DataLicensing) checked for design assets; zero if none.
    function licensing() external view returns (address);
    /// @notice The SupplySignals contract whose disruptions amendments may cite.
    function signals() external view returns (address);
    /// @notice The QualityNotifications contract whose open notifications hold orders back
    /// (no shipping; the OEM may cancel or reallocate a held READY_TO_SHIP order at once);
    /// zero if none.
    function notifications() external view returns (address);
    /// @notice Number of orders placed so far (the highest order id).
    function orderCount() external view returns (uint256);
    /// @notice The stored order (state NONE and all zero when it does not exist).
    function getOrder(uint256 orderId) external view returns (Order memory);
    /// @notice The design asset the order names, or zero.
    function designAssetOf(uint256 orderId) external view returns (bytes32);
    /// @notice The order's pending amendment proposal (with its number); all zero (proposer
    /// NONE) when there is none or it lapsed because the order left CONFIRMED /
    /// IN_PRODUCTION.
    function pendingAmendment(uint256 orderId) external view returns (Amendment memory);
}
