// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title The licence views consumers of the suite call
/// @notice DataLicensing implements them; SupplyOrders needs nothing more of it. Purposes are
/// bits of the vocabulary of library Purposes (Catena-X purposes, valuechain's manufacturing).
interface ILicenceCheck {
    /// @notice Whether `org` holds a licence for `asset` that is valid now and covers every
    /// bit of `purpose`.
    function isLicensed(bytes32 asset, bytes16 org, uint64 purpose) external view returns (bool);

    /// @notice Whether `org` may use `asset` for `purpose` now: it is active and either the
    /// asset's current owner (IPRegistry.ownerOf, whatever `purpose`) or `isLicensed`.
    /// @dev An owner holds no licence of its own asset (it grants them), so `isLicensed`
    /// alone would keep a design's owner from using it; gates on "may this org use the
    /// asset" call this view.
    function isEntitled(bytes32 asset, bytes16 org, uint64 purpose) external view returns (bool);
}
