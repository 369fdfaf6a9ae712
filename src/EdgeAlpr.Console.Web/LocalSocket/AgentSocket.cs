using System.Net.Sockets;
using System.Text;

namespace EdgeAlpr.WebConsole.LocalSocket;

/// <summary>
/// The agent's Unix socket: how <c>edge-alpr</c> commands on the same machine reach the running agent, which holds
/// the store (LiteDB is single-process). It serves the console's API over plain HTTP; the file's mode (0660: the
/// service account and its group) decides who may connect, and each request still signs a unit user in.
/// </summary>
public static class AgentSocket
{
    public const string FileName = "agent.sock";

    /// <summary>A socket path's limit: <c>sun_path</c> is 108 bytes with its closing NUL.</summary>
    public const int MaxPathBytes = 107;

    /// <summary>Where the socket is for a store folder: beside it, with the console's certificate.</summary>
    public static string PathFor(string storeDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storeDirectory);
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storeDirectory))!, FileName);
    }

    /// <summary>Why <paramref name="path"/> cannot be the socket, or null when it can.</summary>
    public static string? Problem(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Encoding.UTF8.GetByteCount(path) > MaxPathBytes
            ? $"the agent's socket path {path} is longer than {MaxPathBytes} bytes, the limit of a Unix socket; set Console:SocketPath to a shorter one"
            : null;
    }

    /// <summary>Whether an agent answers on <paramref name="path"/> (a connection is accepted).</summary>
    public static async Task<bool> AnswersAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            // Nobody listens (an agent that died left its file) or the caller may not connect.
            return false;
        }
    }

    /// <summary>
    /// Removes a socket file nobody answers on, left by an agent that did not stop cleanly, so the new one can bind.
    /// A file with content is never a socket and is left alone (the bind then says the path is taken).
    /// </summary>
    internal static async Task ClearStaleAsync(string path, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (info.Exists && info.Length == 0 && !await AnswersAsync(path, cancellationToken).ConfigureAwait(false))
        {
            File.Delete(path);
        }
    }

    /// <summary>Read and write for the owner and the group only: connecting needs write permission on the file.</summary>
    internal static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
        }
    }
}
