namespace EdgeAlpr.Storage.Tests.Integrity;

/// <summary>Damage done to a closed store's files the way a failing card, a power cut or a person with a screwdriver would.</summary>
internal static class StoreDamage
{
    public const int HeaderBytes = 4096;
    public const int PhysicalPage = 8192 + 32;

    public static long PageOffset(long page) => HeaderBytes + (page * PhysicalPage);

    public static long Pages(string path) => (new FileInfo(path).Length - HeaderBytes) / PhysicalPage;

    public static void Flip(string path, long offset)
    {
        using FileStream file = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        int b = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(b ^ 0x20));
    }

    /// <summary>What <c>dd if=/dev/zero bs=8192 seek=N count=1 conv=notrunc</c> does.</summary>
    public static void ZeroBlock(string path, long block)
    {
        using FileStream file = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = block * 8192;
        file.Write(new byte[8192]);
    }

    /// <summary>
    /// Overwrites <paramref name="count"/> bytes with a pattern from another process (dd), as a
    /// file the store holds open cannot be opened again by this one.
    /// </summary>
    public static void ScribbleFromOutside(string path, long offset, int count)
    {
        using var dd = System.Diagnostics.Process.Start(
            new System.Diagnostics.ProcessStartInfo(
                "dd",
                [$"if=/dev/urandom", $"of={path}", "bs=1", $"seek={offset}", $"count={count}", "conv=notrunc"]
            )
            {
                RedirectStandardError = true,
            }
        )!;
        dd.WaitForExit();
        Assert.Equal(0, dd.ExitCode);
    }

    public static void Truncate(string path, long length)
    {
        using FileStream file = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        file.SetLength(length);
    }

    public static void CopyFiles(string from, string to, params string[] names)
    {
        Directory.CreateDirectory(to);
        foreach (string name in names)
        {
            File.Copy(Path.Combine(from, name), Path.Combine(to, name), overwrite: true);
        }
    }
}
