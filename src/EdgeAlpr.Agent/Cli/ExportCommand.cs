using System.CommandLine;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Application.UseCases;
using EdgeAlpr.Contracts.Evidence;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.Export;
using EdgeAlpr.FileSystem;
using EdgeAlpr.Hosting.Commands;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// <c>edge-alpr export</c>: releases reads outside the unit as an encrypted evidence package, for an
/// authorised use only, through a request an investigator makes and a supervisor approves
/// (<see cref="ReleaseCommands"/>), and records the dissemination (stored, audited, forwarded);
/// <c>edge-alpr export open</c>: checks and decrypts a package, on any machine.
/// </summary>
internal static class ExportCommand
{
    public const string PassphraseVariable = "EDGEALPR_EXPORT_PASSPHRASE";
    public const string KeyVariable = "EDGEALPR_EXPORT_KEY";

    public static Command Create()
    {
        var command = new Command(
            "export",
            "Release reads outside the unit: an investigator requests, a supervisor approves (the encrypted package) or refuses; 'open' checks a package"
        );
        command.Subcommands.Add(ReleaseCommands.Request());
        command.Subcommands.Add(ReleaseCommands.List());
        command.Subcommands.Add(ReleaseCommands.Approve());
        command.Subcommands.Add(ReleaseCommands.Refuse());
        command.Subcommands.Add(Open());
        return command;
    }

    /// <summary>Prints a release done, as text (the key on stdout, once) or one JSON line.</summary>
    public static async Task<int> ReportAsync(Released released, bool json)
    {
        SealedPackage receipt = released.Package;
        string path = receipt.Destination;
        Guid id = released.Record.Id;
        var summary = new ExportSummary(
            path,
            receipt.PackageId,
            receipt.Sha256,
            receipt.Bytes,
            id,
            released.Record.CaseNumber,
            released.Reads,
            released.Images,
            released.MissingImages,
            receipt.KeyKind,
            receipt.KeyText
        );
        if (!json)
        {
            await Console
                .Error.WriteLineAsync(
                    $"edge-alpr: wrote {path}: {summary.Reads} reads, {summary.Images} images, {receipt.Bytes} bytes, SHA-256 {receipt.Sha256}; dissemination {id} recorded and queued for the platform"
                )
                .ConfigureAwait(false);
            if (receipt.KeyText is { } key)
            {
                await Console
                    .Error.WriteLineAsync("edge-alpr: the package key follows. It is shown once and kept nowhere: deliver it apart from the package.")
                    .ConfigureAwait(false);
                await Console.Out.WriteLineAsync(key).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }

        await Console.Out.WriteLineAsync(WireJson.Line(summary)).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static Command Open()
    {
        var file = new Argument<string>("FILE") { Description = "The package" };
        var output = new Option<string>("--out") { Description = "A new folder to open it into", Required = true };
        var passphraseFile = new Option<string?>("--passphrase-file")
        {
            Description = $"The passphrase, in a file of mode 0600; or set {PassphraseVariable}",
        };
        var keyFile = new Option<string?>("--key-file")
        {
            Description = $"The random key printed when the package was made, in a file of mode 0600; or set {KeyVariable}",
        };
        var stdin = new Option<bool>("--secret-stdin") { Description = "Read the passphrase or key from the first line of standard input" };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text" };
        var maxBytes = new Option<long>("--max-bytes")
        {
            Description = "Refuse a package whose files declare more than this many bytes in all (checked before anything is written)",
            DefaultValueFactory = _ => EvidencePackage.DefaultMaxTotalBytes,
        };
        maxBytes.Between(1, long.MaxValue, "--max-bytes must be a positive number of bytes");
        var command = new Command(
            "open",
            "Check and decrypt an evidence package: every chunk, every file against the manifest, every image against its capture hash"
        );
        command.Arguments.Add(file);
        foreach (Option o in new Option[] { output, passphraseFile, keyFile, stdin, json, maxBytes })
        {
            command.Options.Add(o);
        }

        command.SetAction(
            (parse, ct) =>
                CommandRunner.RunAsync(
                    new Dictionary<string, string?>(),
                    null,
                    async (_, token) =>
                    {
                        PackageSecret secret = await OpeningSecretAsync(
                                parse.GetValue(passphraseFile),
                                parse.GetValue(keyFile),
                                parse.GetValue(stdin),
                                token
                            )
                            .ConfigureAwait(false);
                        string folder = parse.GetValue(output)!;
                        OpenedPackage opened;
                        try
                        {
                            opened = EvidencePackage.Open(parse.GetValue(file)!, secret, folder, parse.GetValue(maxBytes), token);
                        }
                        catch (ExportPackageException ex) when (!ex.WrongKey && !ex.Message.EndsWith("nothing was written", StringComparison.Ordinal))
                        {
                            // Every check ran in a private folder that is gone now: say so, so nobody looks for partial evidence.
                            throw new ExportPackageException($"{ex.Message}; nothing was kept in {folder}", ex);
                        }

                        OpenedEvidence evidence = opened.Evidence;
                        var summary = new OpenSummary(
                            folder,
                            opened.PackageId,
                            opened.CreatedAt,
                            opened.KeyKind,
                            opened.Files.Count,
                            opened.Files.Sum(f => f.Bytes),
                            evidence.DisseminationId,
                            evidence.CaseNumber,
                            evidence.Reads,
                            evidence.Images,
                            ImagesMatchCapture: true
                        );
                        await Console
                            .Out.WriteLineAsync(
                                parse.GetValue(json)
                                    ? WireJson.Line(summary)
                                    : $"opened {opened.PackageId} into {folder}: {summary.Files} files, {summary.Reads} reads, {summary.Images} images; every chunk authentic, every file matches the manifest, every image matches its capture hash; case {summary.CaseNumber}"
                            )
                            .ConfigureAwait(false);
                        return ExitCodes.Ok;
                    },
                    ct
                )
        );
        return command;
    }

    /// <summary>The secret a package is sealed with: a passphrase (file, stdin or the environment) or a new random key.</summary>
    public static async Task<PackageSecret> SealingSecretAsync(string? file, bool stdin, CancellationToken cancellationToken)
    {
        if (file is not null && stdin)
        {
            throw new FormatException("give the passphrase one way: --passphrase-file or --passphrase-stdin");
        }

        string? passphrase =
            file is not null ? SecretFile.ReadText(file, "passphrase file")
            : stdin ? await FirstLineAsync(cancellationToken).ConfigureAwait(false)
            : Environment.GetEnvironmentVariable(PassphraseVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : null;
        if (passphrase is not null && passphrase.Trim().Length < PackageKey.MinPassphraseLength)
        {
            throw new FormatException($"the passphrase must be at least {PackageKey.MinPassphraseLength} characters");
        }

        return passphrase is null ? PackageSecret.NewRandomKey() : PackageSecret.FromPassphrase(passphrase);
    }

    private static async Task<PackageSecret> OpeningSecretAsync(
        string? passphraseFile,
        string? keyFile,
        bool stdin,
        CancellationToken cancellationToken
    )
    {
        if ((passphraseFile is not null ? 1 : 0) + (keyFile is not null ? 1 : 0) + (stdin ? 1 : 0) > 1)
        {
            throw new FormatException("give the secret one way: --passphrase-file, --key-file or --secret-stdin");
        }

        if (passphraseFile is not null)
        {
            return PackageSecret.FromPassphrase(SecretFile.ReadText(passphraseFile, "passphrase file"));
        }

        if (keyFile is not null)
        {
            return PackageSecret.FromKey(SecretFile.ReadText(keyFile, "key file"));
        }

        if (stdin)
        {
            return PackageSecret.Either(await FirstLineAsync(cancellationToken).ConfigureAwait(false));
        }

        return Environment.GetEnvironmentVariable(PassphraseVariable) is { Length: > 0 } passphrase ? PackageSecret.FromPassphrase(passphrase)
            : Environment.GetEnvironmentVariable(KeyVariable) is { Length: > 0 } key ? PackageSecret.FromKey(key)
            : throw new FormatException(
                $"give the package's passphrase or key: --passphrase-file, --key-file, --secret-stdin, or {PassphraseVariable} / {KeyVariable}"
            );
    }

    private static async Task<string> FirstLineAsync(CancellationToken cancellationToken) =>
        (await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false))?.TrimEnd('\r') is { Length: > 0 } line
            ? line
            : throw new FormatException("standard input has no passphrase or key on its first line");
}
