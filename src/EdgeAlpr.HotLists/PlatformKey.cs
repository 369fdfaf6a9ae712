using System.Security.Cryptography;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.FileSystem;

namespace EdgeAlpr.HotLists;

/// <summary>The platform's public key that every hot-list update must be signed with.</summary>
public static class PlatformKey
{
    /// <summary>Loads the key (<see cref="PublicKeyFile.Load"/>); a key that cannot be trusted or read refuses the list's updates.</summary>
    public static ECDsa Load(string path)
    {
        try
        {
            return PublicKeyFile.Load(path);
        }
        catch (PublicKeyFileException ex)
        {
            throw new HotListImportException(ex.Message, code: HotListRefusal.NoKey);
        }
    }
}
