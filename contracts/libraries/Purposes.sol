// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Purposes
/// @notice The usage purpose bits of data licences (aligned with the Catena-X usage
/// purposes): licence terms and licences carry an OR of them, and `isLicensed` /
/// `isEntitled` are asked for one.
/// @dev The one source of the values: DataLicensing's public getters (QUALITY_ANALYSIS,
/// ...) and SupplyOrders' PURPOSE_MANUFACTURING return these constants, and the Python
/// side is generated from them by name.
library Purposes {
    /// @dev Quality analysis.
    uint16 internal constant QUALITY_ANALYSIS = 1;
    /// @dev Production planning.
    uint16 internal constant PRODUCTION_PLANNING = 2;
    /// @dev Traceability.
    uint16 internal constant TRACEABILITY = 4;
    /// @dev Research and development.
    uint16 internal constant RESEARCH_DEVELOPMENT = 8;
    /// @dev Manufacturing the part a design describes (what a supply order needs).
    uint16 internal constant MANUFACTURING = 16;
    /// @dev Training AI models.
    uint16 internal constant AI_TRAINING = 32;
    /// @dev Every purpose bit above.
    uint16 internal constant ALL_PURPOSES =
        QUALITY_ANALYSIS | PRODUCTION_PLANNING | TRACEABILITY | RESEARCH_DEVELOPMENT | MANUFACTURING | AI_TRAINING;
}
