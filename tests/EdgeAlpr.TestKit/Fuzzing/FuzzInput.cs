using System.Text;

namespace EdgeAlpr.TestKit.Fuzzing;

/// <summary>Bytes fed to a parser, with how they were made; printed short when a property fails.</summary>
public sealed record FuzzInput(byte[] Bytes, string Made)
{
    public string Latin1 => Encoding.Latin1.GetString(Bytes);

    public string Utf8 => Encoding.UTF8.GetString(Bytes);

    public override string ToString()
    {
        string head = Convert.ToHexString(Bytes.AsSpan(0, Math.Min(Bytes.Length, 48)));
        return $"{Made}: {Bytes.Length} bytes, starting {head}";
    }
}
