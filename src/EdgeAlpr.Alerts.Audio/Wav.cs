using System.Buffers.Binary;

namespace EdgeAlpr.Alerts.Audio;

/// <summary>16-bit PCM mono WAV files: what aplay plays and espeak-ng writes.</summary>
public static class Wav
{
    public const int SampleRate = 22_050; // espeak-ng's own rate, so tone and voice join without resampling

    public static byte[] Write(ReadOnlySpan<short> samples, int sampleRate = SampleRate)
    {
        byte[] file = new byte[44 + (samples.Length * 2)];
        Span<byte> w = file;
        "RIFF"u8.CopyTo(w);
        BinaryPrimitives.WriteInt32LittleEndian(w[4..], file.Length - 8);
        "WAVEfmt "u8.CopyTo(w[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(w[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(w[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(w[22..], 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(w[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(w[28..], sampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(w[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(w[34..], 16);
        "data"u8.CopyTo(w[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(w[40..], samples.Length * 2);
        for (int i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(w[(44 + (i * 2))..], samples[i]);
        }

        return file;
    }

    /// <summary>The samples of a 16-bit PCM mono WAV, at its rate; anything else is refused with the reason.</summary>
    public static (short[] Samples, int SampleRate) Read(ReadOnlySpan<byte> file)
    {
        if (file.Length < 12 || !file[..4].SequenceEqual("RIFF"u8) || !file[8..12].SequenceEqual("WAVE"u8))
        {
            throw new InvalidDataException("not a WAV file");
        }

        int rate = 0;
        int offset = 12;
        while (offset + 8 <= file.Length)
        {
            ReadOnlySpan<byte> id = file.Slice(offset, 4);
            int size = BinaryPrimitives.ReadInt32LittleEndian(file[(offset + 4)..]);
            ReadOnlySpan<byte> body = file.Slice(offset + 8, Math.Min(size < 0 ? int.MaxValue : size, file.Length - offset - 8));
            if (id.SequenceEqual("fmt "u8))
            {
                short format = BinaryPrimitives.ReadInt16LittleEndian(body);
                short channels = BinaryPrimitives.ReadInt16LittleEndian(body[2..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                short bits = BinaryPrimitives.ReadInt16LittleEndian(body[14..]);
                if (format != 1 || channels != 1 || bits != 16)
                {
                    throw new InvalidDataException($"WAV is format {format}, {channels} channels, {bits} bits; 16-bit PCM mono expected");
                }
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (rate == 0)
                {
                    throw new InvalidDataException("WAV data before its format");
                }

                // espeak-ng writing to a pipe cannot seek back to fill in sizes; it leaves 0x7FFFFFFF.
                var samples = new short[body.Length / 2];
                for (int i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(body[(i * 2)..]);
                }

                return (samples, rate);
            }

            offset += 8 + size + (size & 1);
        }

        throw new InvalidDataException("WAV without data");
    }
}
