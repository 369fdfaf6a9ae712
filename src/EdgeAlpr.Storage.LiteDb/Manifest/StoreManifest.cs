using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace EdgeAlpr.Storage;

/// <summary>
/// <c>store.manifest</c>: a small sealed record beside the database that outlives it, so that a
/// database cut short, replaced by an older copy or by another store is noticed rather than taken
/// as it is. Two 4 KiB slots are written in turn (the newer generation wins), so a write cut by a
/// power cut leaves the previous one whole; each slot is AES-256-GCM sealed under the manifest
/// key with its slot number as associated data.
/// </summary>
internal sealed class StoreManifest : IDisposable
{
    public const string FileName = "store.manifest";

    private const int SlotSize = 4096;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int PrefixSize = 10 + 2 + 4 + NonceSize;

    private static ReadOnlySpan<byte> Magic => "EDGEALPRMF"u8;

    private readonly SafeFileHandle _file;
    private readonly AesGcm _aes;
    private readonly byte[] _slot = new byte[SlotSize];

    private StoreManifest(SafeFileHandle file, StoreKeys keys, string path)
    {
        _file = file;
        _aes = new AesGcm(keys.ManifestKey, TagSize);
        Path = path;
    }

    public string Path { get; }

    /// <summary>The last state read or written.</summary>
    public ManifestState? Current { get; private set; }

    /// <summary>Problems found reading it (a damaged slot beside a good one is noted here, not thrown).</summary>
    public List<string> Problems { get; } = [];

    public static bool Exists(string directory) => File.Exists(System.IO.Path.Combine(directory, FileName));

    /// <summary>Opens (or makes) the manifest of the store in <paramref name="directory"/> and reads the newest whole slot.</summary>
    public static StoreManifest Open(string directory, StoreKeys keys)
    {
        string path = System.IO.Path.Combine(directory, FileName);
        SafeFileHandle file = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var manifest = new StoreManifest(file, keys, path);
        try
        {
            manifest.Load();
            return manifest;
        }
        catch
        {
            manifest.Dispose();
            throw;
        }
    }

    /// <summary>Writes the state into the older slot and fsyncs it.</summary>
    public void Write(ManifestState state)
    {
        int slot = (int)(state.Generation % 2);
        Array.Clear(_slot);
        Magic.CopyTo(_slot);
        BinaryPrimitives.WriteUInt16LittleEndian(_slot.AsSpan(10), 1);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(state);
        int capacity = SlotSize - PrefixSize - TagSize;
        if (json.Length > capacity)
        {
            throw new InvalidOperationException($"the manifest state is {json.Length} bytes, over its slot's {capacity}");
        }

        BinaryPrimitives.WriteInt32LittleEndian(_slot.AsSpan(12), json.Length);
        Span<byte> nonce = _slot.AsSpan(16, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        _aes.Encrypt(
            nonce,
            json,
            _slot.AsSpan(PrefixSize, json.Length),
            _slot.AsSpan(PrefixSize + json.Length, TagSize),
            AssociatedData(slot, json.Length)
        );
        RandomAccess.Write(_file, _slot, slot * (long)SlotSize);
        RandomAccess.FlushToDisk(_file);
        Current = state;
    }

    public void Dispose()
    {
        _aes.Dispose();
        _file.Dispose();
    }

    private void Load()
    {
        long length = RandomAccess.GetLength(_file);
        ManifestState? newest = null;
        for (int slot = 0; slot < 2; slot++)
        {
            if (length < (slot + 1) * (long)SlotSize)
            {
                continue;
            }

            if (TryReadSlot(slot) is { } state && (newest is null || state.Generation > newest.Generation))
            {
                newest = state;
            }
        }

        if (newest is null && length > 0)
        {
            Problems.Add("no slot of the manifest authenticates (damaged, or sealed with another key)");
        }

        Current = newest;
    }

    private ManifestState? TryReadSlot(int slot)
    {
        RandomAccess.Read(_file, _slot, slot * (long)SlotSize);
        if (!_slot.AsSpan(0, 10).SequenceEqual(Magic))
        {
            if (_slot.AsSpan().ContainsAnyExcept((byte)0))
            {
                Problems.Add($"manifest slot {slot} is not a manifest record");
            }

            return null;
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(_slot.AsSpan(12));
        if (length <= 0 || length > SlotSize - PrefixSize - TagSize)
        {
            Problems.Add($"manifest slot {slot} is damaged (length {length})");
            return null;
        }

        byte[] json = new byte[length];
        try
        {
            _aes.Decrypt(
                _slot.AsSpan(16, NonceSize),
                _slot.AsSpan(PrefixSize, length),
                _slot.AsSpan(PrefixSize + length, TagSize),
                json,
                AssociatedData(slot, length)
            );
            return JsonSerializer.Deserialize<ManifestState>(json);
        }
        catch (Exception ex) when (ex is AuthenticationTagMismatchException or JsonException)
        {
            Problems.Add($"manifest slot {slot} does not authenticate (altered, damaged, or sealed with another key)");
            return null;
        }
    }

    private static byte[] AssociatedData(int slot, int length)
    {
        byte[] aad = new byte[16];
        Magic.CopyTo(aad);
        aad[10] = (byte)slot;
        BinaryPrimitives.WriteInt32LittleEndian(aad.AsSpan(12), length);
        return aad;
    }
}
