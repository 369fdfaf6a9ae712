using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.Core.HotLists;

namespace EdgeAlpr.HotLists;

/// <summary>What a kept fast-start copy was made from, so a copy of anything else is never used.</summary>
internal static class CopyStamp
{
    /// <summary>The settings that shape the list, each platform file, and the local entries.</summary>
    public static string Of(HotListPolicy policy, IEnumerable<byte[]> chain, byte[]? local)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{policy.Profile};{string.Join(',', HotListCategories.All.Select(policy.Priority))};"));
        foreach (byte[] file in chain)
        {
            hash.AppendData(file);
        }

        hash.AppendData(local is null ? [] : SHA256.HashData(local));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>A platform file's identity: its signed header (which carries the list's SHA-256) and signature.</summary>
    public static byte[] Of(SignedUpdate update) => SHA256.HashData([.. update.SignedHeader.Span, .. update.Signature]);
}
