namespace EdgeAlpr.Models.Onnx;

/// <summary>
/// One dynamically quantised convolution or matrix product as ONNX Runtime's <c>quantize_dynamic</c>
/// writes it, and the float operator it stands for:
/// <code>
/// x ─► DynamicQuantizeLinear ─► x_q, x_scale, x_zp
/// ConvInteger(x_q, w_q, x_zp, w_zp) ─► Cast(float) ─► Mul(·, Mul(x_scale, w_scale)) [─► Add(·, Reshape(bias))] ─► y
/// </code>
/// is <c>Conv(x, (w_q − w_zp) · w_scale [, bias]) ─► y</c> (MatMulInteger likewise, without the bias).
/// The integer product of the quantised input is only an approximation of the float one, so the float
/// graph computes what the quantised graph approximates, without the per-run quantisation of every activation.
/// </summary>
internal sealed record QuantizedChain(
    OnnxNode Integer,
    OnnxNode Quantize,
    OnnxNode Cast,
    OnnxNode Rescale,
    OnnxNode Scales,
    OnnxNode? BiasAdd,
    OnnxNode? BiasReshape,
    string Input,
    OnnxTensor Weights,
    OnnxTensor? WeightZeroPoint,
    OnnxTensor WeightScale,
    string? Bias,
    string Output
)
{
    private const int CastToFloat = 1;

    public bool IsConvolution => Integer.OpType == "ConvInteger";

    /// <summary>The nodes the float operator replaces outright.</summary>
    public IEnumerable<OnnxNode> Replaced => BiasAdd is null ? [Integer, Cast, Rescale] : [Integer, Cast, Rescale, BiasAdd];

    /// <summary>Nodes that go too once nothing else uses what they make (shared with other chains, or not).</summary>
    public IEnumerable<OnnxNode> Feeding => BiasReshape is null ? [Scales, Quantize] : [Scales, Quantize, BiasReshape];

    /// <summary>Per-channel groups: output channels of a convolution (weights [M, C/g, k…]), columns of a matrix product ([K, N]).</summary>
    public int Channels => (int)(IsConvolution ? Weights.Dims[0] : Weights.Dims[1]);

    /// <exception cref="OnnxFormatException">The node is not in the pattern above; the message says which part differs.</exception>
    public static QuantizedChain Match(OnnxGraph graph, OnnxNode integer)
    {
        string Fail(string why) => throw new OnnxFormatException($"cannot convert {integer.Describe()} to float: {why}");

        bool conv = integer.Is("ConvInteger");
        if (!conv && !integer.Is("MatMulInteger"))
        {
            Fail("it is neither ConvInteger nor MatMulInteger");
        }

        if (integer.Outputs.Count != 1)
        {
            Fail($"it has {integer.Outputs.Count} outputs");
        }

        OnnxNode quantize =
            graph.Producer(integer.Input(0)) is { } q && q.Is("DynamicQuantizeLinear") && q.Outputs.Count == 3
                ? q
                : throw new OnnxFormatException(
                    $"cannot convert {integer.Describe()} to float: its input '{integer.Input(0)}' is not made by DynamicQuantizeLinear"
                );
        if (quantize.Outputs[0] != integer.Input(0) || integer.Input(2) != quantize.Outputs[2])
        {
            Fail("its input and input zero point are not the quantised value and zero point of one DynamicQuantizeLinear");
        }

        OnnxTensor weights = Initializer(graph, integer, integer.Input(1), "weights");
        int rank = conv ? weights.Dims.Length : 2;
        if (weights.Dims.Length != rank || (conv && rank < 3))
        {
            Fail($"its weights '{weights.Name}' have shape [{string.Join(",", weights.Dims)}]");
        }

        if (weights.Dims.Any(d => d is < 1 or > int.MaxValue))
        {
            Fail($"its weights '{weights.Name}' have shape [{string.Join(",", weights.Dims)}]");
        }

        int channels = (int)(conv ? weights.Dims[0] : weights.Dims[1]);
        OnnxTensor? zeroPoint = integer.Input(3).Length == 0 ? null : Initializer(graph, integer, integer.Input(3), "weight zero point");
        if (zeroPoint is not null && zeroPoint.Count != 1 && zeroPoint.Count != channels)
        {
            Fail($"its weight zero point '{zeroPoint.Name}' has {zeroPoint.Count} values; expected 1 or {channels}");
        }

        OnnxNode cast =
            graph.SoleConsumer(integer.Outputs[0]) is { } c && c.Is("Cast") && c.IntAttribute("to") == CastToFloat
                ? c
                : throw new OnnxFormatException($"cannot convert {integer.Describe()} to float: its output is not used by exactly one Cast to float");
        OnnxNode rescale =
            graph.SoleConsumer(cast.Outputs[0]) is { } m && m.Is("Mul") && m.Inputs.Count == 2
                ? m
                : throw new OnnxFormatException($"cannot convert {integer.Describe()} to float: its cast output is not used by exactly one Mul");
        string scales = rescale.Input(0) == cast.Outputs[0] ? rescale.Input(1) : rescale.Input(0);
        OnnxNode scalesMul =
            graph.Producer(scales) is { } s && s.Is("Mul") && s.Inputs.Count == 2 && s.Inputs.Contains(quantize.Outputs[1])
                ? s
                : throw new OnnxFormatException(
                    $"cannot convert {integer.Describe()} to float: its rescale is not the input scale times a weight scale (Mul '{scales}')"
                );
        string weightScaleName = scalesMul.Input(0) == quantize.Outputs[1] ? scalesMul.Input(1) : scalesMul.Input(0);
        OnnxTensor weightScale = Initializer(graph, integer, weightScaleName, "weight scale");
        if (weightScale.DataType != OnnxFields.Float || (weightScale.Count != 1 && weightScale.Count != channels))
        {
            Fail($"its weight scale '{weightScale.Name}' is not 1 or {channels} floats");
        }

        (OnnxNode Add, OnnxNode Reshape, string Name)? bias = conv ? MatchBias(graph, rescale, channels, rank) : null;
        return new QuantizedChain(
            integer,
            quantize,
            cast,
            rescale,
            scalesMul,
            bias?.Add,
            bias?.Reshape,
            quantize.Input(0),
            weights,
            zeroPoint,
            weightScale,
            bias?.Name,
            bias?.Add.Outputs[0] ?? rescale.Outputs[0]
        );
    }

    /// <summary>The float weights: (q − zero point) · scale, per channel where the zero point or scale is per channel.</summary>
    public float[] FloatWeights()
    {
        int[] q = Weights.Integers();
        int[] zeroPoint = WeightZeroPoint?.Integers() ?? [0];
        float[] scale = WeightScale.Floats();
        int channels = Channels;
        long perChannel = Weights.Count / channels;
        float[] w = new float[q.Length];
        for (int i = 0; i < q.Length; i++)
        {
            int channel = IsConvolution ? (int)(i / perChannel) : i % channels;
            int zp = zeroPoint.Length == 1 ? zeroPoint[0] : zeroPoint[channel];
            float s = scale.Length == 1 ? scale[0] : scale[channel];
            w[i] = (q[i] - zp) * s;
        }

        return w;
    }

    /// <summary>
    /// The bias the quantiser left as <c>Add(y, Reshape(bias, [1, M, 1, 1]))</c> after the rescale, when the
    /// rescaled product goes nowhere else: then it becomes Conv's own bias input.
    /// </summary>
    private static (OnnxNode Add, OnnxNode Reshape, string Name)? MatchBias(OnnxGraph graph, OnnxNode rescale, int channels, int rank)
    {
        if (graph.SoleConsumer(rescale.Outputs[0]) is not { } add || !add.Is("Add") || add.Inputs.Count != 2)
        {
            return null;
        }

        // A bias added as it is ([M]) would broadcast along the last axis, not the channels: only the reshaped one is Conv's.
        string other = add.Input(0) == rescale.Outputs[0] ? add.Input(1) : add.Input(0);
        if (graph.Producer(other) is not { } reshape || !reshape.Is("Reshape") || reshape.Inputs.Count != 2)
        {
            return null;
        }

        if (!graph.Initializers.TryGetValue(reshape.Input(0), out OnnxTensor? bias) || !IsBias(bias, channels))
        {
            return null;
        }

        if (!graph.Initializers.TryGetValue(reshape.Input(1), out OnnxTensor? shape) || shape.DataType != OnnxFields.Int64)
        {
            return null;
        }

        // Only a shape that puts the bias along the channel axis ([1, M, 1, …]) is Conv's bias.
        long[] target = shape.Int64Values();
        bool channelAxis = target.Length == rank && target[1] == channels && target.Where((d, i) => i != 1).All(d => d == 1);
        return channelAxis ? (add, reshape, bias.Name) : null;
    }

    private static bool IsBias(OnnxTensor t, int channels) => t.DataType == OnnxFields.Float && t.Dims.Length == 1 && t.Dims[0] == channels;

    private static OnnxTensor Initializer(OnnxGraph graph, OnnxNode node, string name, string what) =>
        graph.Initializers.TryGetValue(name, out OnnxTensor? t)
            ? t
            : throw new OnnxFormatException($"cannot convert {node.Describe()} to float: its {what} '{name}' is not an initializer");
}
