// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LowLevelCall} from "@openzeppelin/contracts/utils/LowLevelCall.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IConsortiumRegistry} from "./interfaces/IConsortiumRegistry.sol";
import {ILicenceCheck} from "./interfaces/ILicenceCheck.sol";
import {IQualityNotifications} from "./interfaces/IQualityNotifications.sol";
import {ISupplyOrders} from "./interfaces/ISupplyOrders.sol";
import {ISupplySignals} from "./interfaces/ISupplySignals.sol";
import {Purposes} from "./libraries/Purposes.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title SupplyOrders
/// @notice Orders from OEM orgs to SUPPLIER orgs with quality assessments before delivery,
/// reallocation to alternative suppliers and amendments (see ISupplyOrders for the state
/// machine and the decisions behind it).
/// @dev Fresh storage slots per operation: placeOrder 3 (4 with a design asset) plus the
/// order counter update; reallocate 3 for the child (4 with a design asset) plus the
/// parent's figures slot and the counter; proposeAmendment 1 the first time (the proposal
/// slot, rewritten by later proposals, acceptances and declines); every other step
/// rewrites the order's figures slot only.
contract SupplyOrders is ISupplyOrders {
    /// @notice The highest score and threshold: 10,000 basis points.
    uint16 public constant MAX_SCORE = 10_000;
    /// @notice The DataLicensing purpose bit (valuechain.manufacturing:1) a supplier's licence for the design asset
    /// must cover.
    uint64 public constant PURPOSE_MANUFACTURING = Purposes.MANUFACTURING;

    // Sets of states a step may start from, as bit masks (bit i = State i).
    uint256 private constant _FROM_ISSUED = 1 << uint256(State.ISSUED);
    uint256 private constant _FROM_CONFIRMED = 1 << uint256(State.CONFIRMED);
    uint256 private constant _FROM_IN_PRODUCTION = 1 << uint256(State.IN_PRODUCTION);
    uint256 private constant _FROM_QUALITY_HOLD = 1 << uint256(State.QUALITY_HOLD);
    uint256 private constant _FROM_READY_TO_SHIP = 1 << uint256(State.READY_TO_SHIP);
    uint256 private constant _FROM_SHIPPED = 1 << uint256(State.SHIPPED);
    uint256 private constant _FROM_DELIVERED = 1 << uint256(State.DELIVERED);
    uint256 private constant _AMENDABLE = _FROM_CONFIRMED | _FROM_IN_PRODUCTION;
    // READY_TO_SHIP only once stalled (see _requireStalled)
    uint256 private constant _CANCELLABLE = _FROM_ISSUED | _AMENDABLE | _FROM_QUALITY_HOLD | _FROM_READY_TO_SHIP;
    uint256 private constant _REALLOCATABLE = _FROM_QUALITY_HOLD | _FROM_READY_TO_SHIP;

    IConsortiumRegistry private immutable _registry;
    ILicenceCheck private immutable _licensing;
    ISupplySignals private immutable _signals;
    IQualityNotifications private immutable _notifications;

    uint256 private _orderCount;
    mapping(uint256 orderId => Order) private _orders;
    mapping(uint256 orderId => bytes32 asset) private _designAssets;
    mapping(uint256 orderId => Amendment) private _amendments;

    /// @param registry_ the consortium registry
    /// @param licensing_ DataLicensing (its `isEntitled` view), or zero while there is none:
    /// orders naming a design asset are then refused
    /// @param signals_ SupplySignals, whose disruptions amendments cite
    /// @param notifications_ QualityNotifications, whose open notifications hold orders back,
    /// or zero while there is none
    constructor(
        IConsortiumRegistry registry_,
        ILicenceCheck licensing_,
        ISupplySignals signals_,
        IQualityNotifications notifications_
    ) {
        if (address(registry_) == address(0) || address(signals_) == address(0)) revert ZeroAddress();
        _registry = registry_;
        _licensing = licensing_;
        _signals = signals_;
        _notifications = notifications_;
    }

    // ---------------------------------------------------------------- OEM: place

    /// @inheritdoc ISupplyOrders
    function placeOrder(OrderTerms calldata terms, bytes32 documentHash) external returns (uint256 orderId) {
        bytes16 oem = _registry.requireOperator(msg.sender, Roles.ROLE_OEM);
        bytes16 supplier = terms.supplier;
        _checkNewSupplier(supplier, oem, terms.designAsset);
        if (terms.partNumber == bytes32(0)) revert ZeroPartNumber();
        if (terms.unit == bytes3(0)) revert ZeroUnit();
        if (terms.minScore > MAX_SCORE) revert InvalidScore(terms.minScore);
        if (terms.quantity == 0) revert InvalidQuantity(0, type(uint32).max);
        _checkDueDay(terms.dueDay);

        Order memory order = Order({
            oem: oem,
            supplier: supplier,
            partNumber: terms.partNumber,
            quantity: terms.quantity,
            shippedQuantity: 0,
            receivedQuantity: 0,
            dueDay: terms.dueDay,
            unit: terms.unit,
            minScore: terms.minScore,
            lastScore: 0,
            lastSampleSize: 0,
            lastDefects: 0,
            version: 0,
            state: State.ISSUED,
            hasDesignAsset: terms.designAsset != bytes32(0)
        });
        orderId = _create(order, terms.designAsset);
        _emitPlaced(orderId, order, terms.designAsset, 0, documentHash);
    }

    // ---------------------------------------------------------------- supplier steps

    /// @inheritdoc ISupplyOrders
    function confirmOrder(uint256 orderId, bytes32 documentHash) external {
        (Order storage o, ) = _enter(orderId, Side.SUPPLIER, _FROM_ISSUED);
        if (o.hasDesignAsset) _checkEntitled(_designAssets[orderId], o.supplier);
        o.state = State.CONFIRMED;
        emit OrderConfirmed(orderId, o.oem, o.supplier, documentHash);
    }

    /// @inheritdoc ISupplyOrders
    function rejectOrder(uint256 orderId, bytes32 reasonHash) external {
        (Order storage o, ) = _enter(orderId, Side.SUPPLIER, _FROM_ISSUED);
        o.state = State.REJECTED;
        emit OrderRejected(orderId, o.oem, o.supplier, reasonHash);
    }

    /// @inheritdoc ISupplyOrders
    function startProduction(uint256 orderId, bytes32 documentHash) external {
        (Order storage o, ) = _enter(orderId, Side.SUPPLIER, _FROM_CONFIRMED);
        if (o.hasDesignAsset) _checkEntitled(_designAssets[orderId], o.supplier);
        o.state = State.IN_PRODUCTION;
        emit ProductionStarted(orderId, o.oem, o.supplier, documentHash);
    }

    /// @inheritdoc ISupplyOrders
    function assessQuality(
        uint256 orderId,
        uint16 score,
        uint24 sampleSize,
        uint24 defects,
        bool isFinal,
        bytes32 reportHash
    ) external returns (State state) {
        (Order storage o, ) = _enter(orderId, Side.SUPPLIER, _FROM_IN_PRODUCTION);
        if (score > MAX_SCORE) revert InvalidScore(score);
        if (sampleSize == 0 || defects > sampleSize) revert InvalidSample(sampleSize, defects);

        if (score < o.minScore) state = State.QUALITY_HOLD;
        else state = isFinal ? State.READY_TO_SHIP : State.IN_PRODUCTION;
        o.lastScore = score;
        o.lastSampleSize = sampleSize;
        o.lastDefects = defects;
        o.state = state;
        emit QualityAssessed(orderId, o.oem, o.supplier, score, sampleSize, defects, isFinal, state, reportHash);
    }

    /// @inheritdoc ISupplyOrders
    function ship(uint256 orderId, uint32 quantity, bytes32 shipmentHash) external {
        (Order storage o, ) = _enter(orderId, Side.SUPPLIER, _FROM_READY_TO_SHIP);
        if (o.hasDesignAsset) _checkEntitled(_designAssets[orderId], o.supplier);
        bytes16 holder = _holder(orderId, o);
        if (holder != bytes16(0)) revert OrderOnHold(orderId, holder);
        uint32 ordered = o.quantity;
        if (quantity == 0 || quantity > ordered) revert InvalidQuantity(quantity, ordered);
        o.shippedQuantity = quantity;
        o.state = State.SHIPPED;
        emit OrderShipped(orderId, o.oem, o.supplier, quantity, shipmentHash);
    }

    // ---------------------------------------------------------------- OEM steps

    /// @inheritdoc ISupplyOrders
    function acceptDeviation(uint256 orderId, bytes32 reasonHash) external {
        (Order storage o, ) = _enter(orderId, Side.OEM, _FROM_QUALITY_HOLD);
        o.state = State.READY_TO_SHIP;
        emit DeviationAccepted(orderId, o.oem, o.supplier, reasonHash);
    }

    /// @inheritdoc ISupplyOrders
    function reallocate(
        uint256 orderId,
        bytes16 newSupplier,
        uint32 quantity,
        uint24 dueDay,
        bytes32 documentHash
    ) external returns (uint256 childId) {
        (Order storage parent, State state) = _enter(orderId, Side.OEM, _REALLOCATABLE);
        if (state == State.READY_TO_SHIP) _requireStalled(orderId, parent);
        bytes32 asset = _checkReallocation(orderId, parent, newSupplier, quantity, dueDay);
        childId = _placeChild(orderId, parent, newSupplier, quantity, dueDay, asset, documentHash);
        _shrinkParent(orderId, parent, state, childId, newSupplier, quantity, documentHash);
    }

    /// @inheritdoc ISupplyOrders
    function receiveShipment(uint256 orderId, uint32 receivedQuantity, bytes32 documentHash) external {
        (Order storage o, ) = _enter(orderId, Side.OEM, _FROM_SHIPPED);
        uint32 shipped = o.shippedQuantity;
        if (receivedQuantity > shipped) revert InvalidQuantity(receivedQuantity, shipped);
        o.receivedQuantity = receivedQuantity;
        o.state = State.DELIVERED;
        uint32 shortfall;
        unchecked {
            // received <= shipped <= quantity
            shortfall = o.quantity - receivedQuantity;
        }
        emit ShipmentReceived(orderId, o.oem, o.supplier, receivedQuantity, shortfall, documentHash);
    }

    /// @inheritdoc ISupplyOrders
    function closeOrder(uint256 orderId, bytes32 documentHash) external {
        (Order storage o, ) = _enter(orderId, Side.OEM, _FROM_DELIVERED);
        o.state = State.CLOSED;
        emit OrderClosed(orderId, o.oem, o.supplier, documentHash);
    }

    /// @inheritdoc ISupplyOrders
    function disputeOrder(uint256 orderId, bytes32 reasonHash) external {
        (Order storage o, ) = _enter(orderId, Side.OEM, _FROM_DELIVERED);
        o.state = State.DISPUTED;
        emit OrderDisputed(orderId, o.oem, o.supplier, reasonHash);
    }

    /// @inheritdoc ISupplyOrders
    function cancelOrder(uint256 orderId, bytes32 reasonHash) external {
        (Order storage o, State previous) = _enter(orderId, Side.OEM, _CANCELLABLE);
        if (previous == State.READY_TO_SHIP) _requireStalled(orderId, o);
        o.state = State.CANCELLED;
        emit OrderCancelled(orderId, o.oem, o.supplier, previous, reasonHash);
    }

    // ---------------------------------------------------------------- amendments

    /// @inheritdoc ISupplyOrders
    function proposeAmendment(
        uint256 orderId,
        uint32 quantity,
        uint24 dueDay,
        ISupplySignals.SignalKind signalKind,
        bytes16 signalId,
        bytes32 documentHash
    ) external {
        (Order storage o, Side side) = _enterEitherSide(orderId, _AMENDABLE);
        if (quantity == 0) revert InvalidQuantity(0, type(uint32).max);
        _checkDueDay(dueDay);
        if (quantity == o.quantity && dueDay == o.dueDay) revert EmptyAmendment(orderId);
        _checkCitation(orderId, o, signalKind, signalId);
        Amendment memory a = Amendment({
            proposal: _amendments[orderId].proposal + 1,
            quantity: quantity,
            dueDay: dueDay,
            proposer: side,
            signalKind: signalKind,
            signalId: signalId
        });
        _amendments[orderId] = a;
        _emitProposed(orderId, o, a, documentHash);
    }

    /// @inheritdoc ISupplyOrders
    function acceptAmendment(uint256 orderId, uint32 proposal, bytes32 documentHash) external {
        Order storage o = _orders[orderId];
        Amendment storage pending = _amendments[orderId];
        Amendment memory a = pending;
        // The side that did not propose accepts; with nothing pending, either side learns so.
        Side side = a.proposer == Side.OEM
            ? Side.SUPPLIER
            : a.proposer == Side.SUPPLIER ? Side.OEM : Side.NONE;
        if (side == Side.NONE) _enterEitherSide(orderId, _AMENDABLE);
        else _enter(orderId, side, _AMENDABLE);
        if (a.proposer == Side.NONE) revert NoPendingAmendment(orderId);
        if (proposal != a.proposal) revert AmendmentMismatch(orderId, proposal, a.proposal);

        uint16 version = o.version + 1;
        o.quantity = a.quantity;
        o.dueDay = a.dueDay;
        o.version = version;
        pending.proposer = Side.NONE; // settled; the slot keeps the proposal counter
        emit AmendmentAccepted(
            orderId,
            o.oem,
            o.supplier,
            proposal,
            version,
            a.quantity,
            a.dueDay,
            a.signalKind,
            a.signalId,
            documentHash
        );
    }

    /// @inheritdoc ISupplyOrders
    function declineAmendment(uint256 orderId, bytes32 reasonHash) external {
        (Order storage o, Side side) = _enterEitherSide(orderId, _AMENDABLE);
        Amendment storage pending = _amendments[orderId];
        if (pending.proposer == Side.NONE) revert NoPendingAmendment(orderId);
        pending.proposer = Side.NONE; // settled; the slot keeps the proposal counter
        emit AmendmentDeclined(orderId, o.oem, o.supplier, pending.proposal, side, reasonHash);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ISupplyOrders
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc ISupplyOrders
    function licensing() external view returns (address) {
        return address(_licensing);
    }

    /// @inheritdoc ISupplyOrders
    function signals() external view returns (address) {
        return address(_signals);
    }

    /// @inheritdoc ISupplyOrders
    function notifications() external view returns (address) {
        return address(_notifications);
    }

    /// @inheritdoc ISupplyOrders
    function orderCount() external view returns (uint256) {
        return _orderCount;
    }

    /// @inheritdoc ISupplyOrders
    function getOrder(uint256 orderId) external view returns (Order memory) {
        return _orders[orderId];
    }

    /// @inheritdoc ISupplyOrders
    function designAssetOf(uint256 orderId) external view returns (bytes32) {
        return _designAssets[orderId];
    }

    /// @inheritdoc ISupplyOrders
    function pendingAmendment(uint256 orderId) external view returns (Amendment memory a) {
        if ((_AMENDABLE >> uint256(_orders[orderId].state)) & 1 == 0) return a;
        Amendment storage pending = _amendments[orderId];
        if (pending.proposer != Side.NONE) a = pending;
    }

    // ---------------------------------------------------------------- internals

    /// @dev The order `orderId`, after checking that the caller acts for `side` with an
    /// active org holding the side's role and that the order's state is in `fromStates`.
    /// Also returns that state.
    function _enter(
        uint256 orderId,
        Side side,
        uint256 fromStates
    ) private view returns (Order storage o, State state) {
        o = _orders[orderId];
        state = o.state;
        if (state == State.NONE) revert UnknownOrder(orderId);
        bytes16 party = side == Side.OEM ? o.oem : o.supplier;
        bytes16 caller = _actingOrg(orderId, state, party, side);
        if ((fromStates >> uint256(state)) & 1 == 0) revert WrongState(orderId, state, caller);
    }

    /// @dev As `_enter` for steps either side may take; returns the caller's side.
    function _enterEitherSide(uint256 orderId, uint256 fromStates)
        private
        view
        returns (Order storage o, Side side)
    {
        o = _orders[orderId];
        State state = o.state;
        if (state == State.NONE) revert UnknownOrder(orderId);
        bytes16 org = _registry.orgOf(msg.sender);
        if (org == bytes16(0) || (org != o.oem && org != o.supplier)) {
            _passOnPause();
            revert WrongSide(orderId, state, org, Side.NONE);
        }
        side = org == o.oem ? Side.OEM : Side.SUPPLIER;
        _actingOrg(orderId, state, org, side);
        if ((fromStates >> uint256(state)) & 1 == 0) revert WrongState(orderId, state, org);
    }

    /// @dev The caller's org, which must be `party` (the org of `side` on the order), be
    /// active and hold the side's role. One registry call when all is well; the error path
    /// asks the registry again to tell a wrong party from an inactive one. A paused suite
    /// is nobody's party problem: the registry's EnforcedPause() is passed on unchanged.
    function _actingOrg(uint256 orderId, State state, bytes16 party, Side side) private view returns (bytes16 caller) {
        try _registry.requireOperator(msg.sender, side == Side.OEM ? Roles.ROLE_OEM : Roles.ROLE_SUPPLIER) returns (
            bytes16 org
        ) {
            caller = org;
        } catch (bytes memory reason) {
            _passOn(reason);
            caller = _registry.orgOf(msg.sender);
            if (caller == party) revert InactiveParty(orderId, state, caller);
        }
        if (caller != party) revert WrongSide(orderId, state, caller, side);
    }

    /// @dev Reverts with the registry's EnforcedPause() while the suite is paused (asked on
    /// error paths only, for a caller about to be refused for being the wrong party).
    function _passOnPause() private view {
        // Only whether it reverts, and with what, matters here: the org it returns does not.
        // slither-disable-next-line unused-return
        try _registry.requireOperator(msg.sender, 0) returns (bytes16) {
            return;
        } catch (bytes memory reason) {
            _passOn(reason);
        }
    }

    /// @dev Re-raises the registry's refusal `reason` unchanged when it is OpenZeppelin's
    /// EnforcedPause() (the registry's requireOperator while the suite is paused).
    function _passOn(bytes memory reason) private pure {
        if (bytes4(reason) == Pausable.EnforcedPause.selector) LowLevelCall.bubbleRevert(reason);
    }

    /// @dev A supplier for a new order of `oem`: an active SUPPLIER org other than the OEM,
    /// entitled to `asset` when there is one.
    function _checkNewSupplier(bytes16 supplier, bytes16 oem, bytes32 asset) private view {
        if (supplier == oem) revert InvalidSupplier(supplier);
        _registry.requireActive(supplier, Roles.ROLE_SUPPLIER);
        if (asset != bytes32(0)) _checkEntitled(asset, supplier);
    }

    /// @dev `supplier` owns `asset` or holds a MANUFACTURING licence in force for it.
    function _checkEntitled(bytes32 asset, bytes16 supplier) private view {
        if (address(_licensing) == address(0)) revert LicensingUnavailable(asset);
        if (!_licensing.isEntitled(asset, supplier, PURPOSE_MANUFACTURING)) revert SupplierNotLicensed(asset, supplier);
    }

    /// @dev A READY_TO_SHIP order is the OEM's to cancel or reallocate once its due day has
    /// passed, while its supplier cannot ship (not active, or without the SUPPLIER role) or
    /// while an open quality notification holds it.
    function _requireStalled(uint256 orderId, Order storage o) private view {
        uint24 dueDay = o.dueDay;
        uint256 today = block.timestamp / 1 days;
        // whole days, as _checkDueDay
        // slither-disable-next-line timestamp
        if (dueDay < today) return;
        bytes16 supplier = o.supplier;
        if (!_registry.isActive(supplier) || !_registry.orgHasRole(supplier, Roles.ROLE_SUPPLIER)) return;
        if (_holder(orderId, o) != bytes16(0)) return;
        revert ShipmentNotOverdue(orderId, dueDay, today);
    }

    /// @dev A citation names both a kind and an id, or neither; a DISRUPTION must be the
    /// latest one the order's OEM addressed to its supplier (SupplySignals keeps no other
    /// per recipient). CAPACITY citations are not checked (see ISupplyOrders).
    function _checkCitation(
        uint256 orderId,
        Order storage o,
        ISupplySignals.SignalKind kind,
        bytes16 signalId
    ) private view {
        if ((kind == ISupplySignals.SignalKind.NONE) != (signalId == bytes16(0))) {
            revert InvalidCitation(orderId, kind, signalId);
        }
        if (kind != ISupplySignals.SignalKind.DISRUPTION) return;
        if (_signals.latestDisruptionId(o.oem, o.supplier) != signalId) revert UncitableSignal(orderId, kind, signalId);
    }

    function _emitProposed(uint256 orderId, Order storage o, Amendment memory a, bytes32 documentHash) private {
        emit AmendmentProposed(
            orderId,
            o.oem,
            o.supplier,
            a.proposal,
            o.version + 1,
            a.proposer,
            a.quantity,
            a.dueDay,
            a.signalKind,
            a.signalId,
            documentHash
        );
    }

    /// @dev The open quality notification holding the order (QualityNotifications.holdOf with
    /// the order's own OEM and supplier), or zero (also when no notifications contract is set).
    function _holder(uint256 orderId, Order storage o) private view returns (bytes16) {
        if (address(_notifications) == address(0)) return bytes16(0);
        return _notifications.holdOf(orderId, o.oem, o.supplier);
    }

    function _checkDueDay(uint24 dueDay) private view {
        uint256 today = block.timestamp / 1 days;
        // A whole-day granularity: a validator's few seconds of timestamp leeway cannot
        // matter except at midnight, where it moves the bound by one day.
        // slither-disable-next-line timestamp
        if (dueDay < today) revert DueDayInPast(dueDay, today);
    }

    /// @dev Checks a reallocation of `quantity` from `parent` to `newSupplier`; returns the
    /// design asset the child inherits (zero if none).
    function _checkReallocation(
        uint256 orderId,
        Order storage parent,
        bytes16 newSupplier,
        uint32 quantity,
        uint24 dueDay
    ) private view returns (bytes32 asset) {
        if (newSupplier == parent.supplier) revert InvalidSupplier(newSupplier);
        if (parent.hasDesignAsset) asset = _designAssets[orderId];
        _checkNewSupplier(newSupplier, parent.oem, asset);
        uint32 open = parent.quantity;
        if (quantity == 0 || quantity > open) revert InvalidQuantity(quantity, open);
        _checkDueDay(dueDay);
    }

    /// @dev Takes `quantity` off the parent (in `current` state; CANCELLED when nothing
    /// remains) and emits OrderReallocated.
    function _shrinkParent(
        uint256 orderId,
        Order storage parent,
        State current,
        uint256 childId,
        bytes16 newSupplier,
        uint32 quantity,
        bytes32 documentHash
    ) private {
        uint32 remaining = parent.quantity - quantity;
        State state = remaining == 0 ? State.CANCELLED : current;
        parent.quantity = remaining;
        parent.state = state;
        emit OrderReallocated(
            orderId,
            parent.oem,
            parent.supplier,
            childId,
            newSupplier,
            quantity,
            remaining,
            state,
            documentHash
        );
    }

    /// @dev A new ISSUED order for `supplier` copying the parent's part, unit, threshold
    /// and design asset; emits its OrderPlaced naming the parent.
    function _placeChild(
        uint256 parentId,
        Order storage parent,
        bytes16 supplier,
        uint32 quantity,
        uint24 dueDay,
        bytes32 asset,
        bytes32 documentHash
    ) private returns (uint256 childId) {
        Order memory child = Order({
            oem: parent.oem,
            supplier: supplier,
            partNumber: parent.partNumber,
            quantity: quantity,
            shippedQuantity: 0,
            receivedQuantity: 0,
            dueDay: dueDay,
            unit: parent.unit,
            minScore: parent.minScore,
            lastScore: 0,
            lastSampleSize: 0,
            lastDefects: 0,
            version: 0,
            state: State.ISSUED,
            hasDesignAsset: asset != bytes32(0)
        });
        childId = _create(child, asset);
        _emitPlaced(childId, child, asset, parentId, documentHash);
    }

    function _emitPlaced(
        uint256 orderId,
        Order memory o,
        bytes32 asset,
        uint256 parentId,
        bytes32 documentHash
    ) private {
        emit OrderPlaced(
            orderId,
            o.oem,
            o.supplier,
            o.partNumber,
            o.quantity,
            o.unit,
            o.dueDay,
            o.minScore,
            asset,
            parentId,
            documentHash
        );
    }

    /// @dev Stores a new ISSUED order (no shipment, assessment or amendment yet) in three
    /// fresh slots. Only its non-zero members are written, in a row with no call or branch
    /// between them: the optimizer then merges each slot's writes into one SSTORE (three in
    /// all, as hand-packed whole-slot writes; 128 gas more than those, 3,700 less than
    /// assigning the struct, which writes every member, zeros too).
    function _create(Order memory order, bytes32 asset) private returns (uint256 orderId) {
        orderId = ++_orderCount;
        Order storage o = _orders[orderId];
        o.oem = order.oem;
        o.supplier = order.supplier;
        o.partNumber = order.partNumber;
        o.quantity = order.quantity;
        o.dueDay = order.dueDay;
        o.unit = order.unit;
        o.minScore = order.minScore;
        o.state = State.ISSUED;
        o.hasDesignAsset = order.hasDesignAsset;
        if (asset != bytes32(0)) _designAssets[orderId] = asset;
    }
}
