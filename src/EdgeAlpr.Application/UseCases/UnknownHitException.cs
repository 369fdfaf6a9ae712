namespace EdgeAlpr.Application.UseCases;

/// <summary>No hit with this id in the store.</summary>
public sealed class UnknownHitException(Guid hitId) : Exception($"no hit {hitId} in this store")
{
    public Guid HitId { get; } = hitId;
}
