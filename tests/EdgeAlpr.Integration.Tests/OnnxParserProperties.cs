using EdgeAlpr.Models.Onnx;
using EdgeAlpr.TestKit.Fuzzing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// Model files come from mirrors and downloads before their hash is known to be right: the ONNX reader and
/// the rewrite take any bytes and either succeed or say what is wrong with <see cref="OnnxFormatException"/>.
/// </summary>
public sealed class OnnxParserProperties
{
    private static readonly byte[] Sample = QuantizedModelBuilder.Build();

    [Property(MaxTest = 300)]
    public Property The_rewrite_converts_or_says_what_is_wrong() =>
        Prop.ForAll(Mutations.Inputs(Sample, "ConvInteger", "MatMulInteger", "DynamicQuantizeLinear", "Cast", "Mul", "Add", "Reshape"), input =>
            CleanParse.Check(
                input,
                () =>
                {
                    _ = OnnxModelSummary.OperatorCounts(input.Bytes);
                    _ = DynamicQuantizationRemover.Rewrite(input.Bytes);
                },
                typeof(OnnxFormatException)
            )
        );

    [Property(MaxTest = 300)]
    public Property Whatever_parses_is_written_back_unchanged() => Prop.ForAll(Mutations.Inputs(Sample), input =>
        {
            ProtoMessage? parsed = null;
            CleanParse.Check(input, () => parsed = ProtoMessage.Parse(input.Bytes), typeof(OnnxFormatException));
            return parsed is null || parsed.ToByteArray().AsSpan().SequenceEqual(input.Bytes);
        });
}
