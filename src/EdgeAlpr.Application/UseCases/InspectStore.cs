using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.People;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.People;

namespace EdgeAlpr.Application.UseCases;

/// <summary>
/// A signed-in person looks at the store as a whole: its counts and space (<see cref="Stats"/>) and the full check
/// (<see cref="Verify"/>). Both are read-only for the evidence, so an admin (who keeps the unit running) or an auditor
/// (who vouches for the evidence) may ask; anyone else is refused and the refusal audited (<c>access_denied</c>).
/// The check itself is audited by the store as <c>store_verified</c>, under the person who asked.
/// </summary>
public sealed class InspectStore(IStoreAdministration store, IAuditLog audit)
{
    public StoreStats Stats(AuthenticatedUser user)
    {
        Access.AuthorizeAny(user, audit, "store_stats", null, Permission.ManageSettings, Permission.ReadAudit);
        return store.Stats();
    }

    public VerifyReport Verify(AuthenticatedUser user, CancellationToken cancellationToken = default)
    {
        Access.AuthorizeAny(user, audit, "store_verify", null, Permission.ReadAudit, Permission.ManageSettings);
        return store.Verify(actor: user.Login, cancellationToken: cancellationToken);
    }
}
