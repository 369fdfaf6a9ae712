using System.Net;
using EdgeAlpr.WebConsole;
using EdgeAlpr.WebConsole.Certificates;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Console.Tests;

/// <summary>Where the console may listen, its settings checked at start, and the certificate it makes and keeps.</summary>
public sealed class ServerSettingsTests
{
    private static readonly IPAddress InCar = IPAddress.Parse("10.20.30.40");

    private static ConsoleOptionsValidator Validator() => new(() => [IPAddress.Loopback, InCar]);

    [Theory]
    [InlineData("0.0.0.0", "every interface")]
    [InlineData("::", "every interface")]
    [InlineData("8.8.8.8", "not an address of this machine")]
    [InlineData("10.20.30.41", "not an address of this machine")]
    [InlineData("console.local", "must be an IP address")]
    [InlineData("", "must be an IP address")]
    public void An_address_that_is_not_loopback_or_this_machines_own_is_refused(string address, string why)
    {
        IReadOnlyList<string> problems = Validator().Problems(new ConsoleOptions { Port = 8443, Address = address });
        Assert.Contains(why, Assert.Single(problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("::1")]
    [InlineData("10.20.30.40")]
    public void Loopback_and_the_in_car_address_are_accepted(string address)
    {
        Assert.Empty(Validator().Problems(new ConsoleOptions { Port = 8443, Address = address }));
    }

    [Fact]
    public void The_machines_real_addresses_are_what_the_default_validator_accepts()
    {
        var validator = new ConsoleOptionsValidator();
        Assert.Empty(validator.Problems(new ConsoleOptions { Port = 8443, Address = "127.0.0.1" }));
        // TEST-NET-3 (RFC 5737): no machine holds it.
        Assert.Single(validator.Problems(new ConsoleOptions { Port = 8443, Address = "203.0.113.9" }));
    }

    [Fact]
    public void Session_limits_and_a_half_given_certificate_are_refused_and_an_off_console_is_not_judged()
    {
        IReadOnlyList<string> problems = Validator()
            .Problems(
                new ConsoleOptions
                {
                    Port = 8443,
                    IdleMinutes = 0,
                    MaxSessionHours = 100,
                    CertificatePath = "/etc/edge-alpr/console.pem",
                }
            );
        Assert.Equal(3, problems.Count);
        Assert.Empty(Validator().Problems(new ConsoleOptions { Port = 0, Address = "0.0.0.0" }));
        Assert.Single(Validator().Problems(new ConsoleOptions { Port = 70000 }));
    }

    [Fact]
    public async Task The_console_does_not_start_on_every_interface()
    {
        OptionsValidationException refused = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            ConsoleHarness.StartAsync(new() { ["Console:Address"] = "0.0.0.0" })
        );
        Assert.Contains("every interface", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_generated_certificate_is_kept_owner_only_and_served_again_after_a_restart()
    {
        using var folder = new TempFolder("edge-alpr-console-cert-");
        string first;
        await using (ConsoleHarness console = await ConsoleHarness.StartAsync(folder: folder))
        {
            first = ConsoleCertificate.Thumbprint(console.Server.Certificate!);
            Assert.Equal(HttpStatusCode.Unauthorized, (await console.Client().GetAsync("/api/me")).StatusCode);
            // ECDSA P-256 (id-ecPublicKey).
            Assert.Equal("1.2.840.10045.2.1", console.Server.Certificate!.GetKeyAlgorithm());
        }

        string path = Path.Combine(folder.Path, ConsoleCertificate.FileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        await using (ConsoleHarness again = await ConsoleHarness.StartAsync(folder: folder))
        {
            Assert.Equal(first, ConsoleCertificate.Thumbprint(again.Server.Certificate!));
            Assert.Equal(HttpStatusCode.Unauthorized, (await again.Client().GetAsync("/api/me")).StatusCode);
        }
    }

    [Fact]
    public void A_kept_certificate_that_does_not_name_a_new_address_is_made_again()
    {
        using var folder = new TempFolder("edge-alpr-console-cert-");
        string path = Path.Combine(folder.Path, ConsoleCertificate.FileName);
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        using var loopback = ConsoleCertificate.SelfSigned(path, IPAddress.Loopback, TimeProvider.System, logger);
        using var same = ConsoleCertificate.SelfSigned(path, IPAddress.Loopback, TimeProvider.System, logger);
        using var moved = ConsoleCertificate.SelfSigned(path, InCar, TimeProvider.System, logger);

        Assert.Equal(ConsoleCertificate.Thumbprint(loopback), ConsoleCertificate.Thumbprint(same));
        Assert.NotEqual(ConsoleCertificate.Thumbprint(loopback), ConsoleCertificate.Thumbprint(moved));
        var names = moved.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains(InCar, names.EnumerateIPAddresses());
        Assert.Contains(IPAddress.IPv6Loopback, names.EnumerateIPAddresses());
        Assert.Contains("localhost", names.EnumerateDnsNames());
        Assert.False(File.Exists(path + ".new"));
    }
}
