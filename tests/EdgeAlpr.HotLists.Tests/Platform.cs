using System.Security.Cryptography;
using System.Text;
using EdgeAlpr.Application.HotLists;
using EdgeAlpr.Core.HotLists;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EdgeAlpr.HotLists.Tests;

/// <summary>The platform's side for tests: a key pair, signed updates, and a unit's state folder.</summary>
internal sealed class Platform : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The unit's agency, which the updates made here are signed for.</summary>
    public const string Agency = "il-chicago-pd";

    private readonly string _folder = Directory.CreateTempSubdirectory("edge-alpr-hotlist-test-").FullName;

    public Platform()
    {
        Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        PublicKeyPath = Path.Combine(_folder, "platform.pub.pem");
        File.WriteAllText(PublicKeyPath, Key.ExportSubjectPublicKeyInfoPem());
        PrivateKeyPath = Path.Combine(_folder, "platform.key.pem");
        File.WriteAllText(PrivateKeyPath, Key.ExportPkcs8PrivateKeyPem());
        Clock = new FakeTimeProvider(Start);
        CopyKey = HotListCopyKey.From(RandomNumberGenerator.GetBytes(HotListCopyKey.Length));
    }

    /// <summary>The unit's key for its fast-start copy (in the agent, derived from the store key).</summary>
    public HotListCopyKey CopyKey { get; }

    public ECDsa Key { get; }

    public string PublicKeyPath { get; }

    public string PrivateKeyPath { get; }

    public string Folder => _folder;

    public FakeTimeProvider Clock { get; }

    public HotListOptions Options(HotListProfile profile = HotListProfile.Standard) =>
        new()
        {
            Directory = Path.Combine(_folder, "state"),
            PublicKeyPath = PublicKeyPath,
            Profile = profile,
            Agency = Agency,
        };

    public HotListService Service(HotListOptions? options = null, HotListCopyKey? copyKey = null, ILogger<HotListService>? logger = null) =>
        new(options ?? Options(), copyKey ?? CopyKey, Clock, logger ?? NullLogger<HotListService>.Instance);

    public byte[] Full(long version, string csv, ECDsa? key = null, string audience = Agency) =>
        SignedUpdate.Create(UpdateKind.Full, audience, version, null, Clock.Now, Encoding.UTF8.GetBytes(csv), key ?? Key);

    public byte[] Delta(long version, long baseVersion, string csv, string audience = Agency) =>
        SignedUpdate.Create(UpdateKind.Delta, audience, version, baseVersion, Clock.Now, Encoding.UTF8.GetBytes(csv), Key);

    public void Dispose()
    {
        Key.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
