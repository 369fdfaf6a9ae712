using System.Net;
using System.Net.NetworkInformation;
using EdgeAlpr.FileSystem;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.WebConsole;

/// <summary>
/// Checks the console's settings at start. The address rule is the directive's: the console is for the people in
/// the car, so it listens on loopback or on an address this machine holds (the in-car network), and never on
/// every interface, where the cellular modem's address would expose it.
/// </summary>
public sealed class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>
{
    private readonly Func<IReadOnlyCollection<IPAddress>> _localAddresses;

    public ConsoleOptionsValidator()
        : this(MachineAddresses) { }

    /// <param name="localAddresses">This machine's interface addresses (a test names its own).</param>
    public ConsoleOptionsValidator(Func<IReadOnlyCollection<IPAddress>> localAddresses)
    {
        _localAddresses = localAddresses;
    }

    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public IReadOnlyList<string> Problems(ConsoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            problems.Add($"Console:Port must be 1 to 65535, or 0 for no console (is {options.Port})");
        }

        if (options.SocketPath is { } socket && (socket.Trim().Length == 0 || LocalSocket.AgentSocket.Problem(socket) is not null))
        {
            problems.Add(LocalSocket.AgentSocket.Problem(socket) ?? "Console:SocketPath is empty; leave it out for agent.sock beside the store");
        }

        if (options.IdleMinutes is < 1 or > 24 * 60)
        {
            problems.Add($"Console:IdleMinutes must be 1 to 1440 (is {options.IdleMinutes})");
        }

        if (options.MaxSessionHours is < 1 or > 72)
        {
            problems.Add($"Console:MaxSessionHours must be 1 to 72 (is {options.MaxSessionHours})");
        }

        if (options.Port == 0)
        {
            // No browser console: its address and certificate do not matter.
            return problems;
        }

        if (AddressProblem(options.Address) is { } address)
        {
            problems.Add(address);
        }

        bool certificate = !string.IsNullOrWhiteSpace(options.CertificatePath);
        bool key = !string.IsNullOrWhiteSpace(options.CertificateKeyPath);
        if (certificate != key)
        {
            problems.Add(
                "Console:CertificatePath and Console:CertificateKeyPath go together: give both (PEM files), or neither for a generated self-signed certificate"
            );
        }
        else if (certificate)
        {
            if (!File.Exists(options.CertificatePath))
            {
                problems.Add($"Console:CertificatePath {options.CertificatePath} does not exist");
            }

            if (SecretFile.Problem(options.CertificateKeyPath!, "Console:CertificateKeyPath") is { } keyProblem)
            {
                problems.Add(keyProblem);
            }
        }

        return problems;
    }

    /// <summary>Why the console may not listen on <paramref name="text"/>, or null when it may.</summary>
    public string? AddressProblem(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !IPAddress.TryParse(text.Trim(), out IPAddress? address))
        {
            return $"Console:Address must be an IP address (127.0.0.1, ::1, or this unit's in-car address), not '{text}'";
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return $"Console:Address {text} listens on every interface, the cellular link's too; give 127.0.0.1 or the unit's in-car network address";
        }

        if (IPAddress.IsLoopback(address))
        {
            return null;
        }

        IReadOnlyCollection<IPAddress> local = _localAddresses();
        return local.Contains(address)
            ? null
            : $"Console:Address {text} is not an address of this machine (it has {string.Join(", ", local)}); give 127.0.0.1 or the unit's in-car network address";
    }

    private static IReadOnlyCollection<IPAddress> MachineAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address).Distinct().ToList();
}
