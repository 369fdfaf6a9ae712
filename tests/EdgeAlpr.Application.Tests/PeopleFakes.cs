using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.Application.People;
using EdgeAlpr.Core.People;
using Microsoft.Extensions.Logging;

namespace EdgeAlpr.Application.Tests;

/// <summary>The users in memory, as the store keeps them: by login name, a copy per record.</summary>
internal sealed class FakeUserStore : IUserStore
{
    private readonly Dictionary<string, UnitUser> _users = new(StringComparer.Ordinal);

    public int Updates { get; private set; }

    public UnitUser? Find(string login) => _users.GetValueOrDefault(login);

    public IReadOnlyList<UnitUser> List() => _users.Values.OrderBy(u => u.Login, StringComparer.Ordinal).ToList();

    public void Add(UnitUser user)
    {
        if (!_users.TryAdd(user.Login, user))
        {
            throw new InvalidOperationException($"a user {user.Login} exists already");
        }
    }

    public void Update(UnitUser user)
    {
        if (!_users.ContainsKey(user.Login))
        {
            throw new InvalidOperationException($"there is no user {user.Login}");
        }

        _users[user.Login] = user;
        Updates++;
    }
}

/// <summary>
/// A fast stand-in for Argon2id with the same contract: a salted, versioned hash string; a hash of another
/// version needs a rehash. The real hasher is tested against its own library in the integration tests.
/// </summary>
internal sealed class FakeHasher(int version = 2) : IPasswordHasher
{
    public int Verifications { get; private set; }

    public string Hash(string password)
    {
        string salt = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        return $"$fake$v={version}${salt}${Digest(salt, password)}";
    }

    public bool Verify(string password, string hash)
    {
        Verifications++;
        string[] parts = hash.Split('$');
        if (parts.Length != 5 || parts[1] != "fake")
        {
            throw new FormatException("not a fake hash");
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Digest(parts[3], password)), Encoding.ASCII.GetBytes(parts[4]));
    }

    public bool NeedsRehash(string hash) => !hash.StartsWith($"$fake$v={version}$", StringComparison.Ordinal);

    private static string Digest(string salt, string password) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(salt + password)));
}

/// <summary>Every message logged, formatted, with its level.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, string Message)> Messages { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Messages.Add((logLevel, formatter(state, exception) + (exception is null ? string.Empty : " " + exception)));
}

/// <summary>A signed-in person with the given roles, as a use case receives them.</summary>
internal static class TestUsers
{
    public static AuthenticatedUser Of(string login, params Role[] roles) => new(login, login, roles, "IL0160000", RolePermissions.Of(roles));
}
