// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// GENERATED from valuechain/catenax/purposes.json by
// `python -m valuechain.catenax.purposes --solidity`: do not edit by hand.

/// @title Purposes
/// @notice The usage purposes of data licences: the Catena-X ODRL profile's purpose
/// vocabulary (both generations) and two valuechain entries, one bit each. Licence
/// terms and licences carry an OR of them (a uint64 purpose set); `isLicensed` /
/// `isEntitled` and access receipts name one.
/// @dev Vocabulary version 1: bit i is 1 << i; bits are appended, never
/// reused; DataLicensing stores 40 bits. ALL_PURPOSES masks the known ones.
library Purposes {
    /// @dev cx.core.legalRequirementForThirdparty:1 (catenax, 2024).
    uint64 internal constant CX_CORE_LEGALREQUIREMENTFORTHIRDPARTY_1 = 0x1;
    /// @dev cx.core.industrycore:1 (catenax, 2024).
    uint64 internal constant CX_CORE_INDUSTRYCORE_1 = 0x2;
    /// @dev cx.core.qualityNotifications:1 (catenax, 2024).
    uint64 internal constant CX_CORE_QUALITYNOTIFICATIONS_1 = 0x4;
    /// @dev cx.pcf.base:1 (catenax, 2024).
    uint64 internal constant CX_PCF_BASE_1 = 0x8;
    /// @dev cx.quality.base:1 (catenax, 2024).
    uint64 internal constant CX_QUALITY_BASE_1 = 0x10;
    /// @dev cx.dcm.base:1 (catenax, 2024).
    uint64 internal constant CX_DCM_BASE_1 = 0x20;
    /// @dev cx.puris.base:1 (catenax, 2024).
    uint64 internal constant CX_PURIS_BASE_1 = 0x40;
    /// @dev cx.circular.dpp:1 (catenax, 2024).
    uint64 internal constant CX_CIRCULAR_DPP_1 = 0x80;
    /// @dev cx.circular.smc:1 (catenax, 2024).
    uint64 internal constant CX_CIRCULAR_SMC_1 = 0x100;
    /// @dev cx.circular.marketplace:1 (catenax, 2024).
    uint64 internal constant CX_CIRCULAR_MARKETPLACE_1 = 0x200;
    /// @dev cx.circular.materialaccounting:1 (catenax, 2024).
    uint64 internal constant CX_CIRCULAR_MATERIALACCOUNTING_1 = 0x400;
    /// @dev cx.bpdm.gate.upload:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_GATE_UPLOAD_1 = 0x800;
    /// @dev cx.bpdm.gate.download:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_GATE_DOWNLOAD_1 = 0x1000;
    /// @dev cx.bpdm.pool:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_POOL_1 = 0x2000;
    /// @dev cx.bpdm.vas.dataquality.upload:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_DATAQUALITY_UPLOAD_1 = 0x4000;
    /// @dev cx.bpdm.vas.dataquality.download:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_DATAQUALITY_DOWNLOAD_1 = 0x8000;
    /// @dev cx.bpdm.vas.bdv.upload:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_BDV_UPLOAD_1 = 0x10000;
    /// @dev cx.bpdm.vas.bdv.download:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_BDV_DOWNLOAD_1 = 0x20000;
    /// @dev cx.bpdm.vas.fpd.upload:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_FPD_UPLOAD_1 = 0x40000;
    /// @dev cx.bpdm.vas.fpd.download:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_FPD_DOWNLOAD_1 = 0x80000;
    /// @dev cx.bpdm.vas.swd.upload:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_SWD_UPLOAD_1 = 0x100000;
    /// @dev cx.bpdm.vas.swd.download:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_SWD_DOWNLOAD_1 = 0x200000;
    /// @dev cx.bpdm.vas.nps.upload:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_NPS_UPLOAD_1 = 0x400000;
    /// @dev cx.bpdm.vas.nps.download:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_NPS_DOWNLOAD_1 = 0x800000;
    /// @dev cx.bpdm.vas.countryrisk:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_COUNTRYRISK_1 = 0x1000000;
    /// @dev cx.core.digitalTwinRegistry:1 (catenax, 2024).
    uint64 internal constant CX_CORE_DIGITALTWINREGISTRY_1 = 0x2000000;
    /// @dev cx.ccm.base:1 (catenax, 2025-09).
    uint64 internal constant CX_CCM_BASE_1 = 0x4000000;
    /// @dev cx.bpdm.poolAll:1 (catenax, 2025-09).
    uint64 internal constant CX_BPDM_POOLALL_1 = 0x8000000;
    /// @dev cx.logistics.base:1 (catenax, 2025-09).
    uint64 internal constant CX_LOGISTICS_BASE_1 = 0x10000000;
    /// @dev valuechain.individual:1 (individual, valuechain).
    uint64 internal constant INDIVIDUAL = 0x20000000;
    /// @dev valuechain.manufacturing:1 (valuechain, valuechain).
    uint64 internal constant MANUFACTURING = 0x40000000;
    /// @dev Every known purpose bit.
    uint64 internal constant ALL_PURPOSES = 0x7fffffff;
}
