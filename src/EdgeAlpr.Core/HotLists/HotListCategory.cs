namespace EdgeAlpr.Core.HotLists;

/// <summary>What a hot-list entry is listed for. Wire names are snake_case (<see cref="HotListCategories.WireName"/>).</summary>
public enum HotListCategory : byte
{
    AmberAlert,
    SilverAlert,
    FelonyVehicle,
    StolenVehicle,
    StolenPlate,
    WantedPerson,
    MissingPerson,
    ProtectionOrder,
    SexOffender,
    SuspendedRevokedRegistration,
    ExpiredRegistration,
    MotorCarrierOutOfService,
    LocalNewWanted,
}
