// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Consortium membership: organisations, their roles and operator accounts
/// @notice Identity is the organisation (its Catena-X BPNL), not the key: an org holds
/// roles and acts through operator accounts that its own operators rotate.
/// @dev A key is bound to an org only with its own consent: admission, `addOperator`
/// and the council's `assignOperator` only offer the binding, the key takes it with
/// `acceptOperator`. The council (DEFAULT_ADMIN_ROLE, moved in two steps with a delay)
/// can revoke any binding and recovers an org's keys only while it is suspended.
/// The council or a GUARDIAN_ROLE holder pauses the whole suite: `requireOperator`
/// then reverts with OpenZeppelin's `EnforcedPause()` (Pausable's `Paused`/`Unpaused`
/// events), so every business contract that asks it stops too.
interface IConsortiumRegistry {
    /// @notice Lifecycle of a member organisation. OFFBOARDED is final.
    enum Status {
        NONE,
        ACTIVE,
        SUSPENDED,
        OFFBOARDED
    }

    /// @notice A member organisation as stored (one packed slot plus its profile hash).
    /// `operatorCount` counts bound keys (0 after admission until the first key accepts);
    /// `keyEpoch` grows on every suspension and offboarding and voids older offers.
    struct Org {
        uint8 roles;
        Status status;
        uint48 joinedAt;
        uint32 operatorCount;
        uint32 keyEpoch;
        bytes32 profileHash;
    }

    /// @notice One entry of an admission: the org, its roles, profile and first operator.
    struct Admission {
        bytes16 bpnl;
        uint8 roles;
        bytes32 profileHash;
        address operator;
    }

    /// @notice An organisation was admitted; `operator` is offered its first operator
    /// binding and becomes operator when it calls `acceptOperator(org)`.
    event OrgAdmitted(bytes16 indexed org, address indexed operator, uint8 roles, bytes32 profileHash);
    /// @notice The council replaced an organisation's role set.
    event OrgRolesChanged(bytes16 indexed org, uint8 previousRoles, uint8 roles);
    /// @notice The council suspended an organisation; its operators can no longer act.
    event OrgSuspended(bytes16 indexed org, bytes32 reasonHash);
    /// @notice The council reinstated a suspended organisation.
    event OrgReinstated(bytes16 indexed org);
    /// @notice The council offboarded an organisation for good.
    event OrgOffboarded(bytes16 indexed org, bytes32 reasonHash);
    /// @notice An organisation's operator replaced its profile document hash.
    event OrgProfileUpdated(bytes16 indexed org, bytes32 profileHash);
    /// @notice `by` (an operator of `org`, or the council) offered `account` an operator
    /// binding to `org`; it takes effect when `account` accepts it.
    event OperatorProposed(bytes16 indexed org, address indexed account, address indexed by);
    /// @notice `by` withdrew the offer of an operator binding of `org` to `account`.
    event OperatorOfferWithdrawn(bytes16 indexed org, address indexed account, address indexed by);
    /// @notice `account` became an operator of `org`; `by` is the account itself (it accepted).
    event OperatorAdded(bytes16 indexed org, address indexed account, address indexed by);
    /// @notice `account` stopped being an operator of `org`, removed by `by` (an operator
    /// of `org`, or the council revoking it).
    event OperatorRemoved(bytes16 indexed org, address indexed account, address indexed by);

    /// @notice `bpnl` is not `BPNL` followed by 12 characters of [0-9A-Z].
    error MalformedBpnl(bytes16 bpnl);
    /// @notice `roles` is empty or sets a bit that names no known role.
    error InvalidRoles(uint8 roles);
    /// @notice An organisation with this BPNL was admitted before (offboarded ones too).
    error OrgAlreadyExists(bytes16 org);
    /// @notice No organisation with this BPNL was ever admitted.
    error UnknownOrg(bytes16 org);
    /// @notice The operator account is the zero address.
    error ZeroOperator();
    /// @notice `account` already operates `org`; an account operates at most one org.
    error AlreadyOperator(address account, bytes16 org);
    /// @notice `account` operates no organisation.
    error NotAnOperator(address account);
    /// @notice `account` is not an operator of `org`.
    error NotOperatorOf(address account, bytes16 org);
    /// @notice `org` is not ACTIVE (it is `status`).
    error OrgNotActive(bytes16 org, Status status);
    /// @notice The council recovers only a SUSPENDED org; `org` is `status`.
    error NotSuspended(bytes16 org, Status status);
    /// @notice `account` holds no live offer of an operator binding to `org` (never
    /// offered, withdrawn, taken, or voided by a suspension or offboarding since).
    error NoOperatorOffer(address account, bytes16 org);
    /// @notice `org` does not hold `role`.
    error MissingRole(bytes16 org, uint8 role);
    /// @notice `org` already has the maximum number `max` of operator accounts.
    error TooManyOperators(bytes16 org, uint256 max);
    /// @notice Removing `account` would leave `org` without any operator.
    error LastOperator(bytes16 org, address account);
    /// @notice The status change is not allowed from `status`.
    error InvalidStatusChange(bytes16 org, Status status);
    /// @notice Entry `index` of a batch was rejected with the custom error `reason`.
    error BatchEntryRejected(uint256 index, bytes reason);

    // Constant getters keep OpenZeppelin's UPPER_CASE naming (like DEFAULT_ADMIN_ROLE).
    // slither-disable-start naming-convention

    /// @notice Role bit of car makers (orders parts).
    function ROLE_OEM() external view returns (uint8);
    /// @notice Role bit of suppliers (receives orders).
    function ROLE_SUPPLIER() external view returns (uint8);
    /// @notice Role bit of auditors.
    function ROLE_AUDITOR() external view returns (uint8);
    /// @notice Role bit of logistics providers.
    function ROLE_LOGISTICS() external view returns (uint8);
    /// @notice AccessControl role allowed to admit organisations and nothing else.
    function ONBOARDER_ROLE() external view returns (bytes32);
    /// @notice AccessControl role allowed to pause and unpause the suite and nothing else.
    function GUARDIAN_ROLE() external view returns (bytes32);
    /// @notice The most operator accounts an organisation may have bound at once.
    function MAX_OPERATORS() external view returns (uint8);

    // slither-disable-end naming-convention

    /// @notice Admit one organisation and offer its first operator binding (the org is
    /// ACTIVE with no operator until that key calls `acceptOperator`). Council or
    /// onboarder, not while paused.
    /// @dev Whether the operator key operates another org is not checked here (a member
    /// could otherwise block the admission by binding the key first): acceptance is.
    function admit(Admission calldata admission) external;
    /// @notice Admit many organisations at once; the batch reverts as a whole with
    /// `BatchEntryRejected(index, reason)` on the first bad entry. Council or onboarder,
    /// not while paused.
    function admitBatch(Admission[] calldata admissions) external;
    /// @notice Replace the role set of an active or suspended organisation. Council only.
    function changeRoles(bytes16 org, uint8 roles) external;
    /// @notice Suspend an active organisation. Council only.
    function suspend(bytes16 org, bytes32 reasonHash) external;
    /// @notice Reinstate a suspended organisation. Council only.
    function reinstate(bytes16 org) external;
    /// @notice Offboard an active or suspended organisation for good. Council only.
    function offboard(bytes16 org, bytes32 reasonHash) external;
    /// @notice Offer `account` an operator binding to the SUSPENDED org `org` (recovery
    /// after a leaked or lost key); `account` accepts with `acceptOperator(org)`, which
    /// works while paused. Council only; reverts NotSuspended for any other status.
    function assignOperator(bytes16 org, address account) external;
    /// @notice Unbind the operator `account` from its org, whatever the org's status;
    /// may remove the org's last operator. Council only, also while paused.
    function revokeOperator(address account) external;
    /// @notice Stop every state-changing business operation of the suite (`requireOperator`,
    /// admissions and the orgs' self-service here revert `EnforcedPause()`). Council or guardian.
    function pause() external;
    /// @notice Resume after `pause`. Council or guardian.
    function unpause() external;

    /// @notice Offer `account` an operator binding to the caller's own active
    /// organisation; nothing is bound until `account` calls `acceptOperator`.
    function addOperator(address account) external;
    /// @notice Withdraw a live offer the caller's own active organisation made to `account`.
    function withdrawOperatorOffer(address account) external;
    /// @notice Take the offered operator binding to `org` (from its admission, one of its
    /// operators, or the council's recovery); the caller must operate no org and `org`
    /// must have fewer than MAX_OPERATORS. An offer made before the org's latest
    /// suspension or offboarding is void; a council offer may be taken while paused.
    function acceptOperator(bytes16 org) external;
    /// @notice Remove an operator account (possibly the caller) of the caller's own
    /// active organisation; the last operator cannot be removed.
    function removeOperator(address account) external;
    /// @notice Replace the caller's organisation's profile document hash.
    function updateProfile(bytes32 profileHash) external;

    /// @notice The organisation `account` operates, or zero.
    function orgOf(address account) external view returns (bytes16);
    /// @notice The operator accounts bound to `org` (in no particular order).
    function operatorsOf(bytes16 org) external view returns (address[] memory);
    /// @notice Whether `account` holds a live offer of an operator binding to `org`.
    function hasOperatorOffer(address account, bytes16 org) external view returns (bool);
    /// @notice Whether the suite is paused.
    function paused() external view returns (bool);
    /// @notice Whether `org` exists and is ACTIVE.
    function isActive(bytes16 org) external view returns (bool);
    /// @notice Whether `org` holds every bit of `role` (its status aside).
    function orgHasRole(bytes16 org, uint8 role) external view returns (bool);
    /// @notice The stored record of `org` (status NONE when unknown).
    function getOrg(bytes16 org) external view returns (Org memory);
    /// @notice Whether `bpnl` is well-formed (`BPNL` + 12 of [0-9A-Z]).
    function isValidBpnl(bytes16 bpnl) external pure returns (bool);
    /// @notice The org `account` operates, provided the suite is not paused and the org
    /// is active and holds `role` (0: any role); reverts EnforcedPause / NotAnOperator /
    /// OrgNotActive / MissingRole otherwise.
    function requireOperator(address account, uint8 role) external view returns (bytes16 org);
    /// @notice Reverts unless `org` is active and holds `role` (0: any role); a status
    /// view, the pause aside.
    function requireActive(bytes16 org, uint8 role) external view;
}
