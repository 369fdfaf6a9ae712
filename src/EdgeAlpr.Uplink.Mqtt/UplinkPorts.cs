using EdgeAlpr.Application.Ports;

namespace EdgeAlpr.Uplink;

/// <summary>
/// The application's ports the uplink forwards from (<see cref="Store"/>) and applies hot-list updates
/// through (<see cref="HotLists"/>), for a host whose container already owns the adapters behind them.
/// Registering <see cref="IEvidenceStore"/> as a factory over an adapter registered in its own right would
/// make the container dispose the adapter twice; this record is not disposable, so the adapters' own
/// registrations stay their only owners.
/// </summary>
public sealed record UplinkPorts(IEvidenceStore Store, IHotLists HotLists);
