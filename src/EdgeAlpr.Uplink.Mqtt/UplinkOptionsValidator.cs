using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeAlpr.FileSystem;
using EdgeAlpr.Uplink.Transport;
using Microsoft.Extensions.Options;

namespace EdgeAlpr.Uplink;

/// <summary>
/// Checks the uplink settings at start, every problem at once; files are checked to exist, to be safe from other
/// users, and to parse.
/// </summary>
public sealed class UplinkOptionsValidator : IValidateOptions<UplinkOptions>
{
    public ValidateOptionsResult Validate(string? name, UplinkOptions options)
    {
        List<string> problems = Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static List<string> Problems(UplinkOptions options)
    {
        var problems = new List<string>();
        if (!BrokerAddress.TryParse(options.Broker, out BrokerAddress? broker, out string? brokerProblem))
        {
            problems.Add($"Uplink:Broker: {brokerProblem}");
        }
        else if (!broker!.Tls)
        {
            if (!broker.IsLoopback && !options.AllowPlainText)
            {
                problems.Add(
                    $"Uplink:Broker {broker} is plain text to another host; use mqtts:// (or set Uplink:AllowPlainText for a link that is encrypted otherwise)"
                );
            }

            foreach ((string key, string? value) in new[] { ("CaFile", options.CaFile), ("ClientCertificateFile", options.ClientCertificateFile) })
            {
                if (!string.IsNullOrWhiteSpace(value))
                {
                    problems.Add($"Uplink:{key} is set but Uplink:Broker {broker} is not TLS; use mqtts://");
                }
            }
        }

        foreach (
            (string key, string value) in new[] { ("TopicPrefix", options.TopicPrefix), ("Agency", options.Agency), ("DeviceId", options.DeviceId) }
        )
        {
            if (Topics.Problem(value) is { } problem)
            {
                problems.Add($"Uplink:{key} {problem}");
            }
        }

        if (options.ClientId is { Length: > 0 } id && (id.Length > 128 || id.Any(char.IsControl)))
        {
            problems.Add("Uplink:ClientId must be at most 128 characters without control characters");
        }

        FileMustExist(problems, "CaFile", options.CaFile);
        FileMustExist(problems, "ClientCertificateFile", options.ClientCertificateFile);
        FileMustExist(problems, "ClientKeyFile", options.ClientKeyFile);
        FileMustExist(problems, "PasswordFile", options.PasswordFile);
        FileMustExist(problems, "CommandPublicKeyPath", options.CommandPublicKeyPath);
        bool keySafe = CheckPermissions(problems, options);
        CheckReadable(problems, options, keySafe);
        if (string.IsNullOrWhiteSpace(options.ClientCertificateFile) != string.IsNullOrWhiteSpace(options.ClientKeyFile))
        {
            problems.Add("Uplink:ClientCertificateFile and Uplink:ClientKeyFile go together (mutual TLS needs both)");
        }

        if (!string.IsNullOrWhiteSpace(options.PasswordFile) && string.IsNullOrWhiteSpace(options.Username))
        {
            problems.Add("Uplink:PasswordFile is set without Uplink:Username");
        }

        Range(problems, "MaxInFlight", options.MaxInFlight, 1, 65_535);
        Range(problems, "BatchSize", options.BatchSize, 1, 10_000);
        Range(problems, "RefusalAnswersPerMinute", options.RefusalAnswersPerMinute, 0, UplinkOptions.MaxRefusalAnswersPerMinute);
        Positive(problems, "KeepAlive", options.KeepAlive, TimeSpan.FromHours(18));
        Positive(problems, "SessionExpiry", options.SessionExpiry, TimeSpan.FromSeconds(uint.MaxValue - 1));
        Positive(problems, "ConnectTimeout", options.ConnectTimeout, TimeSpan.FromMinutes(10));
        Positive(problems, "AckFlushInterval", options.AckFlushInterval, TimeSpan.FromMinutes(1));
        Positive(problems, "ReconnectMin", options.ReconnectMin, TimeSpan.FromHours(1));
        Positive(problems, "ReconnectMax", options.ReconnectMax, TimeSpan.FromDays(1));
        Positive(problems, "RefusedRetry", options.RefusedRetry, TimeSpan.FromDays(1));
        Positive(problems, "HealthInterval", options.HealthInterval, TimeSpan.FromDays(1));
        Positive(problems, "CommandMaxAge", options.CommandMaxAge, TimeSpan.FromDays(1));
        if (options.CommandClockSkew < TimeSpan.Zero || options.CommandClockSkew > options.CommandMaxAge)
        {
            problems.Add(
                $"Uplink:CommandClockSkew must be between 0 and Uplink:CommandMaxAge ({options.CommandMaxAge}), got {options.CommandClockSkew}"
            );
        }
        if (options.ReconnectMax < options.ReconnectMin)
        {
            problems.Add("Uplink:ReconnectMax must not be below Uplink:ReconnectMin");
        }

        if (options.MaxBytesPerSecond < 0)
        {
            problems.Add("Uplink:MaxBytesPerSecond must be 0 (no cap) or positive");
        }
        else if (options.MaxBytesPerSecond is > 0 and < 1024)
        {
            problems.Add("Uplink:MaxBytesPerSecond below 1024 would starve the link; give at least 1024");
        }

        return problems;
    }

    /// <summary>
    /// The client key and the password are secrets (owner only); the CA and the client certificate
    /// are public but trusted, so others must not be able to replace them (the command key is
    /// judged as it is loaded). Returns whether the client key may be read.
    /// </summary>
    private static bool CheckPermissions(List<string> problems, UplinkOptions options)
    {
        foreach (
            (string key, string? path, string what) in new[]
            {
                ("CaFile", options.CaFile, "CA file"),
                ("ClientCertificateFile", options.ClientCertificateFile, "client certificate"),
            }
        )
        {
            if (!string.IsNullOrWhiteSpace(path) && File.Exists(path) && TrustedFile.Problem(path, what) is { } problem)
            {
                problems.Add($"Uplink:{key}: {problem}");
            }
        }

        if (UplinkSecrets.PasswordFileProblem(options) is { } password)
        {
            problems.Add($"Uplink:PasswordFile: {password}");
        }

        if (
            !string.IsNullOrWhiteSpace(options.ClientKeyFile)
            && File.Exists(options.ClientKeyFile)
            && SecretFile.Problem(options.ClientKeyFile, "client key file") is { } clientKey
        )
        {
            problems.Add($"Uplink:ClientKeyFile: {clientKey}");
            return false;
        }

        return true;
    }

    /// <summary>
    /// The CA, the client certificate and the command key are read once now, so a wrong file fails at start, not
    /// at the first connection; a refused key is not read at all.
    /// </summary>
    private static void CheckReadable(List<string> problems, UplinkOptions options, bool keySafe)
    {
        if (!string.IsNullOrWhiteSpace(options.CaFile) && File.Exists(options.CaFile))
        {
            try
            {
                var authorities = new X509Certificate2Collection();
                authorities.ImportFromPemFile(options.CaFile);
                if (authorities.Count == 0)
                {
                    problems.Add($"Uplink:CaFile {options.CaFile} holds no certificate (PEM 'BEGIN CERTIFICATE' blocks expected)");
                }
            }
            catch (CryptographicException ex)
            {
                problems.Add($"Uplink:CaFile {options.CaFile} is not a PEM certificate file: {ex.Message}");
            }
        }

        if (
            keySafe
            && !string.IsNullOrWhiteSpace(options.ClientCertificateFile)
            && File.Exists(options.ClientCertificateFile)
            && !string.IsNullOrWhiteSpace(options.ClientKeyFile)
            && File.Exists(options.ClientKeyFile)
        )
        {
            try
            {
                using X509Certificate2 certificate = X509Certificate2.CreateFromPemFile(options.ClientCertificateFile, options.ClientKeyFile);
            }
            catch (CryptographicException ex)
            {
                problems.Add(
                    $"Uplink:ClientCertificateFile {options.ClientCertificateFile} with Uplink:ClientKeyFile {options.ClientKeyFile} is not a PEM certificate and its key: {ex.Message}"
                );
            }
        }

        if (!string.IsNullOrWhiteSpace(options.CommandPublicKeyPath) && File.Exists(options.CommandPublicKeyPath))
        {
            try
            {
                using ECDsa key = PublicKeyFile.Load(options.CommandPublicKeyPath);
            }
            catch (PublicKeyFileException ex)
            {
                problems.Add($"Uplink:CommandPublicKeyPath: {ex.Message}");
            }
        }
    }

    private static void FileMustExist(List<string> problems, string key, string? path)
    {
        if (!string.IsNullOrWhiteSpace(path) && !File.Exists(path))
        {
            problems.Add($"Uplink:{key} {path} does not exist");
        }
    }

    private static void Range(List<string> problems, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            problems.Add($"Uplink:{key} must be between {min} and {max}, got {value}");
        }
    }

    private static void Positive(List<string> problems, string key, TimeSpan value, TimeSpan max)
    {
        if (value <= TimeSpan.Zero || value > max)
        {
            problems.Add($"Uplink:{key} must be positive and at most {max}, got {value}");
        }
    }
}
