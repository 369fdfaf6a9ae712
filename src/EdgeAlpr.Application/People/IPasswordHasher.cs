namespace EdgeAlpr.Application.People;

/// <summary>
/// Turns a password into a self-describing hash string (algorithm, parameters, salt, hash) and checks one
/// against it, so the parameters can be raised later and old hashes still verify.
/// </summary>
public interface IPasswordHasher
{
    string Hash(string password);

    /// <summary>
    /// Whether <paramref name="password"/> matches <paramref name="hash"/>, compared in constant time; a
    /// <see cref="FormatException"/> when the hash string is not one this hasher reads.
    /// </summary>
    bool Verify(string password, string hash);

    /// <summary>Whether the hash was made with other parameters than the current ones (re-hashed at the next sign-in).</summary>
    bool NeedsRehash(string hash);
}
