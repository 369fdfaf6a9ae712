using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace EdgeAlpr.WebConsole.LocalSocket;

/// <summary>
/// Who is at the other end of a connection to the agent's socket, as the kernel says (SO_PEERCRED): the process,
/// its Unix user and group. Recorded as the origin of a sign-in and of every session over the socket, beside the
/// unit user who signed in — so the trail shows which operating-system account typed the command.
/// </summary>
public sealed record PeerCredentials(int Pid, uint Uid, uint Gid, string? UserName)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    /// <summary>The peer of <paramref name="context"/>'s connection when it came over a Unix socket; null otherwise.</summary>
    public static PeerCredentials? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Socket? socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
        if (socket is null || socket.AddressFamily != AddressFamily.Unix)
        {
            return null;
        }

        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }: three 32-bit values in the machine's order.
        Span<byte> ucred = stackalloc byte[12];
        if (socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred) != ucred.Length)
        {
            return null;
        }

        int pid = MemoryMarshal.Read<int>(ucred);
        uint uid = MemoryMarshal.Read<uint>(ucred[4..]);
        uint gid = MemoryMarshal.Read<uint>(ucred[8..]);
        return new PeerCredentials(pid, uid, gid, UserNameOf(uid));
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"uid {Uid}{(UserName is null ? string.Empty : $" ({UserName})")}, pid {Pid}");

    // The local account database; a name served only by a directory (NSS/LDAP) shows as the uid alone.
    private static string? UserNameOf(uint uid)
    {
        try
        {
            foreach (string line in File.ReadLines("/etc/passwd"))
            {
                string[] fields = line.Split(':');
                if (fields.Length > 2 && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint id) && id == uid)
                {
                    return fields[0];
                }
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }

        return null;
    }
}
