// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Roles
/// @notice The role bits of member organisations: an org's role set in the
/// ConsortiumRegistry is an OR of them, and every contract that asks the registry for a
/// role (`requireOperator`, `requireActive`, `orgHasRole`) names it with one of these.
/// @dev The one source of the values: ConsortiumRegistry's public getters (ROLE_OEM, ...)
/// return these constants, and the Python side is generated from them by name.
library Roles {
    /// @dev Original equipment manufacturer: places supply orders, sends supply signals.
    uint8 internal constant ROLE_OEM = 1;
    /// @dev Supplier: confirms, produces and ships supply orders, receives supply signals.
    uint8 internal constant ROLE_SUPPLIER = 2;
    /// @dev Auditor.
    uint8 internal constant ROLE_AUDITOR = 4;
    /// @dev Logistics provider.
    uint8 internal constant ROLE_LOGISTICS = 8;
}
