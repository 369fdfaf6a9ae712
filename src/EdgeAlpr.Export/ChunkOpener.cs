using System.Security.Cryptography;

namespace EdgeAlpr.Export;

/// <summary>
/// Opens the sealed chunks of a package in order, writing the clear text to <c>output</c>.
/// Any chunk whose tag fails (altered, reordered, cut short, or a different key) stops it with
/// an <see cref="ExportPackageException"/>; nothing after a bad chunk is written.
/// </summary>
internal static class ChunkOpener
{
    public static long Open(
        Stream input,
        Stream output,
        AesGcm aes,
        byte[] noncePrefix,
        byte[] associatedData,
        int chunkBytes,
        long maxBytes,
        CancellationToken cancellationToken
    )
    {
        int sealedBytes = chunkBytes + ChunkNonce.TagBytes;
        byte[] current = new byte[sealedBytes];
        byte[] next = new byte[sealedBytes];
        byte[] plain = new byte[chunkBytes];
        byte[] nonce = new byte[12];
        int currentLength = input.ReadAtLeast(current, sealedBytes, throwOnEndOfStream: false);
        long written = 0;
        for (uint index = 0; ; index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (currentLength < ChunkNonce.TagBytes)
            {
                throw new ExportPackageException($"the package is truncated: chunk {index} is incomplete");
            }

            // A chunk is the last exactly when nothing follows it; its nonce says whether it was sealed as the last.
            int nextLength = currentLength == sealedBytes ? input.ReadAtLeast(next, sealedBytes, throwOnEndOfStream: false) : 0;
            bool final = nextLength == 0;
            int cipherLength = currentLength - ChunkNonce.TagBytes;
            ChunkNonce.Write(nonce, noncePrefix, index, final);
            try
            {
                aes.Decrypt(
                    nonce,
                    current.AsSpan(0, cipherLength),
                    current.AsSpan(cipherLength, ChunkNonce.TagBytes),
                    plain.AsSpan(0, cipherLength),
                    associatedData
                );
            }
            catch (AuthenticationTagMismatchException ex)
            {
                throw new ExportPackageException(
                    final && index > 0
                        ? $"the package is altered or truncated: chunk {index} fails its authentication"
                        : $"the package is altered: chunk {index} fails its authentication",
                    ex
                );
            }

            written += cipherLength;
            if (written > maxBytes)
            {
                throw new ExportPackageException($"the package holds more than {maxBytes} bytes, the most this command opens");
            }

            output.Write(plain, 0, cipherLength);
            if (final)
            {
                CryptographicOperations.ZeroMemory(plain);
                return written;
            }

            (current, next) = (next, current);
            currentLength = nextLength;
        }
    }
}
