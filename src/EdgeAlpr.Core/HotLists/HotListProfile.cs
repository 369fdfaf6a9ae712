namespace EdgeAlpr.Core.HotLists;

/// <summary>What kind of unit the agent runs in, which decides the data it may hold.</summary>
public enum HotListProfile
{
    /// <summary>A police unit: every category.</summary>
    Standard,

    /// <summary>A motor-carrier safety unit: DOT/ICC motor-carrier records only.</summary>
    MotorCarrier,
}
