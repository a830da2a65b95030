// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title The licence view consumers of the suite call
/// @notice DataLicensing implements it; SupplyOrders needs nothing more of it. Purpose bits:
/// QUALITY_ANALYSIS=1, PRODUCTION_PLANNING=2, TRACEABILITY=4, RESEARCH_DEVELOPMENT=8,
/// MANUFACTURING=16, AI_TRAINING=32.
interface ILicenceCheck {
    /// @notice Whether `org` holds a licence for `asset` that is valid now and covers every
    /// bit of `purpose`.
    function isLicensed(bytes32 asset, bytes16 org, uint16 purpose) external view returns (bool);
}
