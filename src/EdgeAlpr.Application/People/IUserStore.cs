using EdgeAlpr.Core.People;

namespace EdgeAlpr.Application.People;

/// <summary>
/// The unit's user accounts, owned by the application: the use cases decide who may change what; the store
/// only keeps the records (sealed at rest with the evidence).
/// </summary>
public interface IUserStore
{
    /// <summary>The user with this exact login name, or null.</summary>
    UnitUser? Find(string login);

    /// <summary>Every user, by login name.</summary>
    IReadOnlyList<UnitUser> List();

    /// <summary>Adds a new user; an <see cref="InvalidOperationException"/> if the login name is taken.</summary>
    void Add(UnitUser user);

    /// <summary>Replaces the user with the same login name; an <see cref="InvalidOperationException"/> if there is none.</summary>
    void Update(UnitUser user);
}
