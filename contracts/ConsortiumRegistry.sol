// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {LowLevelCall} from "@openzeppelin/contracts/utils/LowLevelCall.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {IConsortiumRegistry} from "./interfaces/IConsortiumRegistry.sol";
import {Bpn} from "./libraries/Bpn.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title ConsortiumRegistry
/// @notice Member organisations of the value chain, governed by the council
/// (DEFAULT_ADMIN_ROLE, a multisig in production, handed over in two steps with a delay)
/// with an ONBOARDER_ROLE for scripted admissions and a GUARDIAN_ROLE that may pause the
/// suite. Every other contract of the suite asks it who may act.
/// @dev An admission writes three fresh slots: the packed org record, its profile hash
/// and the first operator's offer. Each operator account's binding slot holds its org
/// and a copy of the org's roles and status (rewritten on every role or status change,
/// for at most MAX_OPERATORS keys), so `requireOperator`, which every business
/// operation calls, reads two slots: the binding and the pause flag.
contract ConsortiumRegistry is IConsortiumRegistry, AccessControlDefaultAdminRules, Pausable {
    /// @inheritdoc IConsortiumRegistry
    uint8 public constant ROLE_OEM = Roles.ROLE_OEM;
    /// @inheritdoc IConsortiumRegistry
    uint8 public constant ROLE_SUPPLIER = Roles.ROLE_SUPPLIER;
    /// @inheritdoc IConsortiumRegistry
    uint8 public constant ROLE_AUDITOR = Roles.ROLE_AUDITOR;
    /// @inheritdoc IConsortiumRegistry
    uint8 public constant ROLE_LOGISTICS = Roles.ROLE_LOGISTICS;
    uint8 private constant _KNOWN_ROLES = ROLE_OEM | ROLE_SUPPLIER | ROLE_AUDITOR | ROLE_LOGISTICS;

    /// @inheritdoc IConsortiumRegistry
    bytes32 public constant ONBOARDER_ROLE = keccak256("ONBOARDER_ROLE");
    /// @inheritdoc IConsortiumRegistry
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    /// @inheritdoc IConsortiumRegistry
    uint8 public constant MAX_OPERATORS = 16;

    // Sentinel index: the admission is not part of a batch, revert with the plain error.
    uint256 private constant _SINGLE = type(uint256).max;

    /// @dev An operator account's org, with the org's roles and status copied in (one slot)
    /// and the account's position in the org's operator list.
    struct Binding {
        bytes16 org;
        uint8 roles;
        Status status;
        uint8 index;
    }

    /// @dev An offered operator binding, valid while `keyEpoch` is the org's current one.
    struct Offer {
        uint32 keyEpoch;
        bool live;
        bool byCouncil; // a recovery offer: may be accepted while the suite is paused
    }

    mapping(bytes16 org => Org) private _orgs;
    mapping(address account => Binding) private _bindings;
    // Written through storage pointers (push, swap-and-pop), which Slither does not follow.
    // slither-disable-next-line uninitialized-state
    mapping(bytes16 org => address[] accounts) private _operators;
    mapping(address account => mapping(bytes16 org => Offer)) private _offers;

    /// @param adminDelay the delay of a DEFAULT_ADMIN_ROLE handover (seconds)
    /// @param council the first holder of DEFAULT_ADMIN_ROLE (governance)
    constructor(uint48 adminDelay, address council) AccessControlDefaultAdminRules(adminDelay, council) {}

    // ---------------------------------------------------------------- governance

    /// @inheritdoc IConsortiumRegistry
    function admit(Admission calldata admission) external onlyAdmitter whenNotPaused {
        _admit(admission, _SINGLE);
    }

    /// @inheritdoc IConsortiumRegistry
    function admitBatch(Admission[] calldata admissions) external onlyAdmitter whenNotPaused {
        uint256 n = admissions.length;
        for (uint256 i = 0; i < n; ++i) {
            _admit(admissions[i], i);
        }
    }

    /// @inheritdoc IConsortiumRegistry
    function changeRoles(bytes16 org, uint8 roles) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Org storage o = _existing(org);
        if (o.status == Status.OFFBOARDED) revert InvalidStatusChange(org, o.status);
        if (!_validRoles(roles)) revert InvalidRoles(roles);
        uint8 previous = o.roles;
        o.roles = roles;
        _syncBindings(org, o);
        emit OrgRolesChanged(org, previous, roles);
    }

    /// @inheritdoc IConsortiumRegistry
    function suspend(bytes16 org, bytes32 reasonHash) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Org storage o = _existing(org);
        if (o.status != Status.ACTIVE) revert InvalidStatusChange(org, o.status);
        o.status = Status.SUSPENDED;
        o.keyEpoch += 1;
        _syncBindings(org, o);
        emit OrgSuspended(org, reasonHash);
    }

    /// @inheritdoc IConsortiumRegistry
    function reinstate(bytes16 org) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Org storage o = _existing(org);
        if (o.status != Status.SUSPENDED) revert InvalidStatusChange(org, o.status);
        o.status = Status.ACTIVE;
        _syncBindings(org, o);
        emit OrgReinstated(org);
    }

    /// @inheritdoc IConsortiumRegistry
    function offboard(bytes16 org, bytes32 reasonHash) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Org storage o = _existing(org);
        if (o.status == Status.OFFBOARDED) revert InvalidStatusChange(org, o.status);
        o.status = Status.OFFBOARDED;
        o.keyEpoch += 1;
        _syncBindings(org, o);
        emit OrgOffboarded(org, reasonHash);
    }

    /// @inheritdoc IConsortiumRegistry
    function assignOperator(bytes16 org, address account) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Org storage o = _existing(org);
        if (o.status != Status.SUSPENDED) revert NotSuspended(org, o.status);
        _offer(org, o.keyEpoch, account, true);
    }

    /// @inheritdoc IConsortiumRegistry
    function revokeOperator(address account) external onlyRole(DEFAULT_ADMIN_ROLE) {
        bytes16 org = _bindings[account].org;
        if (org == bytes16(0)) revert NotAnOperator(account);
        _unbind(org, account);
    }

    /// @inheritdoc IConsortiumRegistry
    function pause() external onlyGuardian {
        _pause();
    }

    /// @inheritdoc IConsortiumRegistry
    function unpause() external onlyGuardian {
        _unpause();
    }

    // ---------------------------------------------------------------- the org's own operators

    /// @inheritdoc IConsortiumRegistry
    function addOperator(address account) external whenNotPaused {
        bytes16 org = _callerActiveOrg();
        _offer(org, _orgs[org].keyEpoch, account, false);
    }

    /// @inheritdoc IConsortiumRegistry
    function withdrawOperatorOffer(address account) external whenNotPaused {
        bytes16 org = _callerActiveOrg();
        if (!_liveOffer(account, org)) revert NoOperatorOffer(account, org);
        delete _offers[account][org];
        emit OperatorOfferWithdrawn(org, account, msg.sender);
    }

    /// @inheritdoc IConsortiumRegistry
    function acceptOperator(bytes16 org) external {
        Offer memory offer = _offers[msg.sender][org];
        Org storage o = _orgs[org];
        // An offer dies with the org's key epoch (suspension, offboarding): keyEpoch and
        // status share the record's slot, the comparison is not about time.
        // slither-disable-next-line timestamp
        if (!offer.live || offer.keyEpoch != o.keyEpoch) revert NoOperatorOffer(msg.sender, org);
        if (!offer.byCouncil) _requireNotPaused();
        bytes16 current = _bindings[msg.sender].org;
        if (current != bytes16(0)) revert AlreadyOperator(msg.sender, current);
        address[] storage operators = _operators[org];
        uint256 n = operators.length;
        if (n == MAX_OPERATORS) revert TooManyOperators(org, MAX_OPERATORS);
        delete _offers[msg.sender][org];
        operators.push(msg.sender);
        // n < MAX_OPERATORS fits both the index and the count
        _bindings[msg.sender] = Binding({org: org, roles: o.roles, status: o.status, index: uint8(n)});
        o.operatorCount = uint32(n + 1);
        emit OperatorAdded(org, msg.sender, msg.sender);
    }

    /// @inheritdoc IConsortiumRegistry
    function removeOperator(address account) external whenNotPaused {
        bytes16 org = _callerActiveOrg();
        if (_bindings[account].org != org) revert NotOperatorOf(account, org);
        // slither-disable-next-line timestamp (a count, not a time; see isActive)
        if (_orgs[org].operatorCount == 1) revert LastOperator(org, account);
        _unbind(org, account);
    }

    /// @inheritdoc IConsortiumRegistry
    function updateProfile(bytes32 profileHash) external whenNotPaused {
        bytes16 org = _callerActiveOrg();
        _orgs[org].profileHash = profileHash;
        emit OrgProfileUpdated(org, profileHash);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IConsortiumRegistry
    function orgOf(address account) external view returns (bytes16) {
        return _bindings[account].org;
    }

    /// @inheritdoc IConsortiumRegistry
    function operatorsOf(bytes16 org) external view returns (address[] memory) {
        return _operators[org];
    }

    /// @inheritdoc IConsortiumRegistry
    function hasOperatorOffer(address account, bytes16 org) external view returns (bool) {
        return _liveOffer(account, org);
    }

    /// @inheritdoc IConsortiumRegistry
    function paused() public view override(IConsortiumRegistry, Pausable) returns (bool) {
        return super.paused();
    }

    /// @inheritdoc IConsortiumRegistry
    function isActive(bytes16 org) external view returns (bool) {
        // Slither taints the whole packed record with block.timestamp (joinedAt shares the
        // slot); these compare status and role bits, never a time.
        // slither-disable-next-line incorrect-equality,timestamp
        return _orgs[org].status == Status.ACTIVE;
    }

    /// @inheritdoc IConsortiumRegistry
    function orgHasRole(bytes16 org, uint8 role) external view returns (bool) {
        // Slither taints the whole packed record with block.timestamp (joinedAt shares the
        // slot); these compare status and role bits, never a time.
        // slither-disable-next-line incorrect-equality,timestamp
        return _orgs[org].roles & role == role;
    }

    /// @inheritdoc IConsortiumRegistry
    function getOrg(bytes16 org) external view returns (Org memory) {
        return _orgs[org];
    }

    /// @inheritdoc IConsortiumRegistry
    function isValidBpnl(bytes16 bpnl) external pure returns (bool) {
        return Bpn.isValidBpnl(bpnl);
    }

    /// @inheritdoc IConsortiumRegistry
    function requireOperator(address account, uint8 role) external view returns (bytes16 org) {
        _requireNotPaused();
        Binding memory b = _bindings[account];
        org = b.org;
        if (org == bytes16(0)) revert NotAnOperator(account);
        if (b.status != Status.ACTIVE) revert OrgNotActive(org, b.status);
        if (b.roles & role != role) revert MissingRole(org, role);
    }

    /// @inheritdoc IConsortiumRegistry
    function requireActive(bytes16 org, uint8 role) external view {
        _requireActive(org, role);
    }

    // ---------------------------------------------------------------- internals

    modifier onlyAdmitter() {
        if (!hasRole(ONBOARDER_ROLE, msg.sender)) _checkRole(DEFAULT_ADMIN_ROLE);
        _;
    }

    modifier onlyGuardian() {
        if (!hasRole(GUARDIAN_ROLE, msg.sender)) _checkRole(DEFAULT_ADMIN_ROLE);
        _;
    }

    function _admit(Admission calldata a, uint256 index) private {
        bytes16 org = a.bpnl;
        if (!Bpn.isValidBpnl(org)) _reject(index, abi.encodeWithSelector(MalformedBpnl.selector, org));
        if (!_validRoles(a.roles)) _reject(index, abi.encodeWithSelector(InvalidRoles.selector, a.roles));
        Org storage o = _orgs[org];
        if (o.status != Status.NONE) _reject(index, abi.encodeWithSelector(OrgAlreadyExists.selector, org));
        address operator = a.operator;
        if (operator == address(0)) _reject(index, abi.encodeWithSelector(ZeroOperator.selector));

        // A new org: keyEpoch and operatorCount are 0; the key binds itself on acceptance.
        // (The time is taken first: a call between the writes of one slot's members would
        // keep the optimizer from merging them into one SSTORE.)
        uint48 joinedAt = Time.timestamp();
        o.roles = a.roles;
        o.status = Status.ACTIVE;
        o.joinedAt = joinedAt;
        o.profileHash = a.profileHash;
        _offers[operator][org] = Offer({keyEpoch: 0, live: true, byCouncil: false});
        emit OrgAdmitted(org, operator, a.roles, a.profileHash);
    }

    function _offer(bytes16 org, uint32 keyEpoch, address account, bool byCouncil) private {
        if (account == address(0)) revert ZeroOperator();
        bytes16 current = _bindings[account].org;
        if (current != bytes16(0)) revert AlreadyOperator(account, current);
        _offers[account][org] = Offer({keyEpoch: keyEpoch, live: true, byCouncil: byCouncil});
        emit OperatorProposed(org, account, msg.sender);
    }

    /// @dev Swap-and-pop `account` out of `org`'s operator list (it operates `org`).
    function _unbind(bytes16 org, address account) private {
        address[] storage operators = _operators[org];
        uint256 last = operators.length - 1;
        uint8 index = _bindings[account].index;
        if (index != last) {
            address moved = operators[last];
            operators[index] = moved;
            _bindings[moved].index = index;
        }
        operators.pop();
        delete _bindings[account];
        _orgs[org].operatorCount = uint32(last);
        emit OperatorRemoved(org, account, msg.sender);
    }

    /// @dev Copy the org's roles and status into its operators' bindings (at most
    /// MAX_OPERATORS of them).
    function _syncBindings(bytes16 org, Org storage o) private {
        address[] storage operators = _operators[org];
        uint256 n = operators.length;
        uint8 roles = o.roles;
        Status status = o.status;
        for (uint256 i = 0; i < n; ++i) {
            Binding storage b = _bindings[operators[i]];
            b.roles = roles;
            b.status = status;
        }
    }

    function _liveOffer(address account, bytes16 org) private view returns (bool) {
        Offer memory offer = _offers[account][org];
        // slither-disable-next-line incorrect-equality,timestamp (a key epoch, not a time; see isActive)
        return offer.live && offer.keyEpoch == _orgs[org].keyEpoch;
    }

    function _callerActiveOrg() private view returns (bytes16 org) {
        Binding memory b = _bindings[msg.sender];
        org = b.org;
        if (org == bytes16(0)) revert NotAnOperator(msg.sender);
        if (b.status != Status.ACTIVE) revert OrgNotActive(org, b.status);
    }

    function _requireActive(bytes16 org, uint8 role) private view {
        Org storage o = _orgs[org];
        // slither-disable-next-line timestamp (status and role bits, not a time; see isActive)
        if (o.status != Status.ACTIVE) revert OrgNotActive(org, o.status);
        // slither-disable-next-line timestamp
        if (o.roles & role != role) revert MissingRole(org, role);
    }

    function _existing(bytes16 org) private view returns (Org storage o) {
        o = _orgs[org];
        if (o.status == Status.NONE) revert UnknownOrg(org);
    }

    function _validRoles(uint8 roles) private pure returns (bool) {
        return roles != 0 && roles & ~_KNOWN_ROLES == 0;
    }

    /// @dev A single admission reverts with the entry's own error; a batch wraps it
    /// with the entry's index so the operator knows which row to fix.
    function _reject(uint256 index, bytes memory reason) private pure {
        if (index == _SINGLE) LowLevelCall.bubbleRevert(reason); // the encoded error, unchanged
        revert BatchEntryRejected(index, reason);
    }
}
