using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.Application.People;
using Konscious.Security.Cryptography;

namespace EdgeAlpr.Passwords;

/// <summary>
/// Argon2id password hashes (RFC 9106): a 16-byte random salt, a 32-byte hash, the parameters written into
/// the PHC string; verified with the parameters the hash carries, compared in constant time.
/// </summary>
public sealed class Argon2PasswordHasher : IPasswordHasher
{
    public const int SaltBytes = 16;
    public const int HashBytes = 32;

    public Argon2PasswordHasher(Argon2Parameters? parameters = null)
    {
        Parameters = parameters ?? Argon2Parameters.RaspberryPi4;
        if (Parameters.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(parameters));
        }
    }

    /// <summary>What new hashes are made with.</summary>
    public Argon2Parameters Parameters { get; }

    public string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        byte[] salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new PhcString(Parameters, salt, Compute(password, salt, Parameters, HashBytes)).ToString();
    }

    public bool Verify(string password, string hash)
    {
        ArgumentNullException.ThrowIfNull(password);
        PhcString stored = PhcString.Parse(hash);
        byte[] computed = Compute(password, stored.Salt, stored.Parameters, stored.Hash.Length);
        return CryptographicOperations.FixedTimeEquals(computed, stored.Hash);
    }

    public bool NeedsRehash(string hash)
    {
        PhcString stored = PhcString.Parse(hash);
        return stored.Parameters != Parameters || stored.Hash.Length != HashBytes || stored.Salt.Length != SaltBytes;
    }

    private static byte[] Compute(string password, byte[] salt, Argon2Parameters parameters, int length)
    {
        byte[] secret = Encoding.UTF8.GetBytes(password);
        try
        {
            using var argon = new Argon2id(secret)
            {
                Salt = salt,
                MemorySize = parameters.MemoryKiB,
                Iterations = parameters.Iterations,
                DegreeOfParallelism = parameters.Parallelism,
            };
            return argon.GetBytes(length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
