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
    uint64 internal constant CX_CORE_LEGALREQUIREMENTFORTHIRDPARTY_1 = 1 << 0;
    /// @dev cx.core.industrycore:1 (catenax, 2024).
    uint64 internal constant CX_CORE_INDUSTRYCORE_1 = 1 << 1;
    /// @dev cx.core.qualityNotifications:1 (catenax, 2024).
    uint64 internal constant CX_CORE_QUALITYNOTIFICATIONS_1 = 1 << 2;
    /// @dev cx.pcf.base:1 (catenax, 2024).
    uint64 internal constant CX_PCF_BASE_1 = 1 << 3;
    /// @dev cx.quality.base:1 (catenax, 2024).
    uint64 internal constant CX_QUALITY_BASE_1 = 1 << 4;
    /// @dev cx.dcm.base:1 (catenax, 2024).
    uint64 internal constant CX_DCM_BASE_1 = 1 << 5;
    /// @dev cx.puris.base:1 (catenax, 2024).
    uint64 internal constant CX_PURIS_BASE_1 = 1 << 6;
    /// @dev cx.circular.dpp:1 (catenax, 2024).
    uint64 internal constant CX_CIRCULAR_DPP_1 = 1 << 7;
    /// @dev cx.circular.smc:1 (catenax, 2024).
    uint64 internal constant CX_CIRCULAR_SMC_1 = 1 << 8;
    /// @dev cx.circular.marketplace:1 (catenax, 2024).
    uint64 internal constant CX_CIRCULAR_MARKETPLACE_1 = 1 << 9;
    /// @dev cx.circular.materialaccounting:1 (catenax, 2024).
    uint64 internal constant CX_CIRCULAR_MATERIALACCOUNTING_1 = 1 << 10;
    /// @dev cx.bpdm.gate.upload:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_GATE_UPLOAD_1 = 1 << 11;
    /// @dev cx.bpdm.gate.download:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_GATE_DOWNLOAD_1 = 1 << 12;
    /// @dev cx.bpdm.pool:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_POOL_1 = 1 << 13;
    /// @dev cx.bpdm.vas.dataquality.upload:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_DATAQUALITY_UPLOAD_1 = 1 << 14;
    /// @dev cx.bpdm.vas.dataquality.download:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_DATAQUALITY_DOWNLOAD_1 = 1 << 15;
    /// @dev cx.bpdm.vas.bdv.upload:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_BDV_UPLOAD_1 = 1 << 16;
    /// @dev cx.bpdm.vas.bdv.download:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_BDV_DOWNLOAD_1 = 1 << 17;
    /// @dev cx.bpdm.vas.fpd.upload:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_FPD_UPLOAD_1 = 1 << 18;
    /// @dev cx.bpdm.vas.fpd.download:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_FPD_DOWNLOAD_1 = 1 << 19;
    /// @dev cx.bpdm.vas.swd.upload:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_SWD_UPLOAD_1 = 1 << 20;
    /// @dev cx.bpdm.vas.swd.download:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_SWD_DOWNLOAD_1 = 1 << 21;
    /// @dev cx.bpdm.vas.nps.upload:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_NPS_UPLOAD_1 = 1 << 22;
    /// @dev cx.bpdm.vas.nps.download:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_NPS_DOWNLOAD_1 = 1 << 23;
    /// @dev cx.bpdm.vas.countryrisk:1 (catenax, 2024).
    uint64 internal constant CX_BPDM_VAS_COUNTRYRISK_1 = 1 << 24;
    /// @dev cx.core.digitalTwinRegistry:1 (catenax, 2024).
    uint64 internal constant CX_CORE_DIGITALTWINREGISTRY_1 = 1 << 25;
    /// @dev cx.ccm.base:1 (catenax, 2025-09).
    uint64 internal constant CX_CCM_BASE_1 = 1 << 26;
    /// @dev cx.bpdm.poolAll:1 (catenax, 2025-09).
    uint64 internal constant CX_BPDM_POOLALL_1 = 1 << 27;
    /// @dev cx.logistics.base:1 (catenax, 2025-09).
    uint64 internal constant CX_LOGISTICS_BASE_1 = 1 << 28;
    /// @dev valuechain.individual:1 (individual, valuechain).
    uint64 internal constant INDIVIDUAL = 1 << 29;
    /// @dev valuechain.manufacturing:1 (valuechain, valuechain).
    uint64 internal constant MANUFACTURING = 1 << 30;
    /// @dev Every known purpose bit.
    uint64 internal constant ALL_PURPOSES =
        CX_CORE_LEGALREQUIREMENTFORTHIRDPARTY_1 |
        CX_CORE_INDUSTRYCORE_1 |
        CX_CORE_QUALITYNOTIFICATIONS_1 |
        CX_PCF_BASE_1 |
        CX_QUALITY_BASE_1 |
        CX_DCM_BASE_1 |
        CX_PURIS_BASE_1 |
        CX_CIRCULAR_DPP_1 |
        CX_CIRCULAR_SMC_1 |
        CX_CIRCULAR_MARKETPLACE_1 |
        CX_CIRCULAR_MATERIALACCOUNTING_1 |
        CX_BPDM_GATE_UPLOAD_1 |
        CX_BPDM_GATE_DOWNLOAD_1 |
        CX_BPDM_POOL_1 |
        CX_BPDM_VAS_DATAQUALITY_UPLOAD_1 |
        CX_BPDM_VAS_DATAQUALITY_DOWNLOAD_1 |
        CX_BPDM_VAS_BDV_UPLOAD_1 |
        CX_BPDM_VAS_BDV_DOWNLOAD_1 |
        CX_BPDM_VAS_FPD_UPLOAD_1 |
        CX_BPDM_VAS_FPD_DOWNLOAD_1 |
        CX_BPDM_VAS_SWD_UPLOAD_1 |
        CX_BPDM_VAS_SWD_DOWNLOAD_1 |
        CX_BPDM_VAS_NPS_UPLOAD_1 |
        CX_BPDM_VAS_NPS_DOWNLOAD_1 |
        CX_BPDM_VAS_COUNTRYRISK_1 |
        CX_CORE_DIGITALTWINREGISTRY_1 |
        CX_CCM_BASE_1 |
        CX_BPDM_POOLALL_1 |
        CX_LOGISTICS_BASE_1 |
        INDIVIDUAL |
        MANUFACTURING;
}
