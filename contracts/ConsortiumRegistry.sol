// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IConsortiumRegistry} from "./interfaces/IConsortiumRegistry.sol";

/// @title ConsortiumRegistry
/// @notice Member organisations of the value chain, governed by the council
/// (DEFAULT_ADMIN_ROLE, a multisig in production) with an ONBOARDER_ROLE for scripted
/// admissions. Every other contract of the suite asks it who may act.
/// @dev An admission writes three fresh slots: the packed org record, its profile hash
/// and the operator's org.
contract ConsortiumRegistry is IConsortiumRegistry, AccessControl {
    /// @inheritdoc IConsortiumRegistry
    uint8 public constant ROLE_OEM = 1;
    /// @inheritdoc IConsortiumRegistry
    uint8 public constant ROLE_SUPPLIER = 2;
    /// @inheritdoc IConsortiumRegistry
    uint8 public constant ROLE_AUDITOR = 4;
    /// @inheritdoc IConsortiumRegistry
    uint8 public constant ROLE_LOGISTICS = 8;
    uint8 private constant _KNOWN_ROLES = ROLE_OEM | ROLE_SUPPLIER | ROLE_AUDITOR | ROLE_LOGISTICS;

    /// @inheritdoc IConsortiumRegistry
    bytes32 public constant ONBOARDER_ROLE = keccak256("ONBOARDER_ROLE");

    // Sentinel index: the admission is not part of a batch, revert with the plain error.
    uint256 private constant _SINGLE = type(uint256).max;

    mapping(bytes16 org => Org) private _orgs;
    mapping(address account => bytes16 org) private _operatorOrg;

    /// @param council the first holder of DEFAULT_ADMIN_ROLE (governance)
    constructor(address council) {
        _grantRole(DEFAULT_ADMIN_ROLE, council);
    }

    // ---------------------------------------------------------------- governance

    /// @inheritdoc IConsortiumRegistry
    function admit(Admission calldata admission) external onlyAdmitter {
        _admit(admission, _SINGLE);
    }

    /// @inheritdoc IConsortiumRegistry
    function admitBatch(Admission[] calldata admissions) external onlyAdmitter {
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
        emit OrgRolesChanged(org, previous, roles);
    }

    /// @inheritdoc IConsortiumRegistry
    function suspend(bytes16 org, bytes32 reasonHash) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Org storage o = _existing(org);
        if (o.status != Status.ACTIVE) revert InvalidStatusChange(org, o.status);
        o.status = Status.SUSPENDED;
        emit OrgSuspended(org, reasonHash);
    }

    /// @inheritdoc IConsortiumRegistry
    function reinstate(bytes16 org) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Org storage o = _existing(org);
        if (o.status != Status.SUSPENDED) revert InvalidStatusChange(org, o.status);
        o.status = Status.ACTIVE;
        emit OrgReinstated(org);
    }

    /// @inheritdoc IConsortiumRegistry
    function offboard(bytes16 org, bytes32 reasonHash) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Org storage o = _existing(org);
        if (o.status == Status.OFFBOARDED) revert InvalidStatusChange(org, o.status);
        o.status = Status.OFFBOARDED;
        emit OrgOffboarded(org, reasonHash);
    }

    /// @inheritdoc IConsortiumRegistry
    function assignOperator(bytes16 org, address account) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Org storage o = _existing(org);
        if (o.status == Status.OFFBOARDED) revert OrgNotActive(org, o.status);
        _bindOperator(o, org, account);
    }

    // ---------------------------------------------------------------- the org's own operators

    /// @inheritdoc IConsortiumRegistry
    function addOperator(address account) external {
        bytes16 org = _callerActiveOrg();
        _bindOperator(_orgs[org], org, account);
    }

    /// @inheritdoc IConsortiumRegistry
    function removeOperator(address account) external {
        bytes16 org = _callerActiveOrg();
        if (_operatorOrg[account] != org) revert NotOperatorOf(account, org);
        Org storage o = _orgs[org];
        if (o.operatorCount == 1) revert LastOperator(org, account);
        unchecked {
            o.operatorCount -= 1;
        }
        delete _operatorOrg[account];
        emit OperatorRemoved(org, account, msg.sender);
    }

    /// @inheritdoc IConsortiumRegistry
    function updateProfile(bytes32 profileHash) external {
        bytes16 org = _callerActiveOrg();
        _orgs[org].profileHash = profileHash;
        emit OrgProfileUpdated(org, profileHash);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IConsortiumRegistry
    function orgOf(address account) external view returns (bytes16) {
        return _operatorOrg[account];
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
    function isValidBpnl(bytes16 bpnl) public pure returns (bool) {
        if (bytes4(bpnl) != "BPNL") return false;
        // All 12 trailing characters checked at once (SWAR): for a byte c < 0x80,
        // c + (0x80 - k) has its high bit set exactly when c >= k, with no carry into
        // the next byte. Cheaper than a byte loop on the hot admission path.
        uint96 x = uint96(uint128(bpnl));
        uint96 high = 0x808080808080808080808080;
        if (x & high != 0) return false;
        unchecked {
            uint96 digit = (x + 0x505050505050505050505050) & ~(x + 0x464646464646464646464646) & high;
            uint96 upper = (x + 0x3f3f3f3f3f3f3f3f3f3f3f3f) & ~(x + 0x252525252525252525252525) & high;
            return digit | upper == high;
        }
    }

    /// @inheritdoc IConsortiumRegistry
    function requireOperator(address account, uint8 role) external view returns (bytes16 org) {
        org = _operatorOrg[account];
        if (org == bytes16(0)) revert NotAnOperator(account);
        _requireActive(org, role);
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

    function _admit(Admission calldata a, uint256 index) private {
        bytes16 org = a.bpnl;
        if (!isValidBpnl(org)) _reject(index, abi.encodeWithSelector(MalformedBpnl.selector, org));
        if (!_validRoles(a.roles)) _reject(index, abi.encodeWithSelector(InvalidRoles.selector, a.roles));
        Org storage o = _orgs[org];
        if (o.status != Status.NONE) _reject(index, abi.encodeWithSelector(OrgAlreadyExists.selector, org));
        address operator = a.operator;
        if (operator == address(0)) _reject(index, abi.encodeWithSelector(ZeroOperator.selector));
        bytes16 current = _operatorOrg[operator];
        if (current != bytes16(0)) {
            _reject(index, abi.encodeWithSelector(AlreadyOperator.selector, operator, current));
        }

        o.roles = a.roles;
        o.status = Status.ACTIVE;
        o.joinedAt = uint48(block.timestamp);
        o.operatorCount = 1;
        o.profileHash = a.profileHash;
        _operatorOrg[operator] = org;
        emit OrgAdmitted(org, operator, a.roles, a.profileHash);
    }

    function _bindOperator(Org storage o, bytes16 org, address account) private {
        if (account == address(0)) revert ZeroOperator();
        bytes16 current = _operatorOrg[account];
        if (current != bytes16(0)) revert AlreadyOperator(account, current);
        _operatorOrg[account] = org;
        o.operatorCount += 1;
        emit OperatorAdded(org, account, msg.sender);
    }

    function _callerActiveOrg() private view returns (bytes16 org) {
        org = _operatorOrg[msg.sender];
        if (org == bytes16(0)) revert NotAnOperator(msg.sender);
        Status status = _orgs[org].status;
        // slither-disable-next-line timestamp (status, not a time; see isActive)
        if (status != Status.ACTIVE) revert OrgNotActive(org, status);
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
        if (index == _SINGLE) {
            // Re-throw the already encoded custom error unchanged; Solidity has no
            // statement for reverting with raw error data.
            // slither-disable-next-line assembly
            assembly ("memory-safe") {
                revert(add(reason, 0x20), mload(reason))
            }
        }
        revert BatchEntryRejected(index, reason);
    }
}
