namespace EdgeAlpr.Contracts;

/// <summary>
/// An evidence image as sent: the original bytes inline (<see cref="Data"/>, base64 on the wire)
/// or on <see cref="Topic"/>; the SHA-256 taken at capture either way. <see cref="Error"/> says why
/// an image could not be sent (its file is missing or no longer matches its hash).
/// </summary>
public sealed record WireImage(string Role, string Sha256, long Bytes, string MediaType)
{
    public byte[]? Data { get; init; }

    public string? Topic { get; init; }

    public string? Error { get; init; }
}
