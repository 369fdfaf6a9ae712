namespace EdgeAlpr.Application.Ports;

/// <summary>How the link to the platform is, for health reports and the status command.</summary>
public interface IUplinkStatus
{
    UplinkState State { get; }

    /// <summary>The broker's address, credentials hidden.</summary>
    string Broker { get; }
}
