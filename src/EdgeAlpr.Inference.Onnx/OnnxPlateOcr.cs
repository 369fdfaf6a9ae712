using EdgeAlpr.Core.Recognition;
using Microsoft.ML.OnnxRuntime;

namespace EdgeAlpr.Inference.Onnx;

/// <summary>
/// A fast-plate-ocr style model: uint8 NHWC input of the size its plate config gives, a
/// per-slot softmax output [N, slots, classes] and optionally a region head [N, regions].
/// </summary>
public sealed class OnnxPlateOcr : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string _inputName;
    private readonly string[] _outputNames;
    private readonly bool _hasRegionHead;

    public OnnxPlateOcr(string modelPath, OcrModelSpec spec, OnnxThreading threading)
    {
        ModelPath = modelPath;
        Spec = spec;
        _session = OnnxSessionFactory.Open(modelPath, threading);
        try
        {
            _inputName = CheckInput();
            string plate = FindPlateOutput();
            string? region = FindRegionOutput();
            _hasRegionHead = region is not null;
            _outputNames = region is null ? [plate] : [plate, region];
        }
        catch
        {
            _session.Dispose();
            _runOptions.Dispose();
            throw;
        }
    }

    public string ModelPath { get; }

    public OcrModelSpec Spec { get; }

    public bool HasRegionHead => _hasRegionHead;

    /// <summary>Bytes one plate image takes in the batch.</summary>
    public int ImageLength => Spec.ImageHeight * Spec.ImageWidth * Spec.Channels;

    /// <param name="nhwc">The batch; its first <paramref name="count"/> × <see cref="ImageLength"/> bytes are used.</param>
    /// <param name="count">How many plate images the batch holds.</param>
    public OcrBatchOutput Run(byte[] nhwc, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        int length = count * ImageLength;
        if (nhwc.Length < length)
        {
            throw new ArgumentException($"batch holds {nhwc.Length} bytes, {count} plates need {length}", nameof(nhwc));
        }

        long[] shape = [count, Spec.ImageHeight, Spec.ImageWidth, Spec.Channels];
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, nhwc.AsMemory(0, length), shape);
        using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(_runOptions, [_inputName], [input], _outputNames);
        float[] plates = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        int expected = count * Spec.MaxPlateSlots * Spec.Alphabet.Length;
        if (plates.Length != expected)
        {
            throw new ModelLoadException($"OCR {ModelPath} returned {plates.Length} plate probabilities for {count} plates, expected {expected}");
        }

        float[]? regions = _hasRegionHead ? outputs[1].GetTensorDataAsSpan<float>().ToArray() : null;
        return new OcrBatchOutput(count, plates, regions);
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    private string CheckInput()
    {
        string want = $"uint8 [N,{Spec.ImageHeight},{Spec.ImageWidth},{Spec.Channels}] (from its plate config)";
        if (_session.InputMetadata.Count != 1)
        {
            throw new ModelLoadException($"model {ModelPath} has {_session.InputMetadata.Count} inputs; a plate OCR has one, {want}");
        }

        (string name, NodeMetadata meta) = _session.InputMetadata.First();
        int[] d = meta.Dimensions;
        bool ok = meta.ElementType == typeof(byte) && d.Length == 4 && d[1] == Spec.ImageHeight && d[2] == Spec.ImageWidth && d[3] == Spec.Channels;
        if (!ok)
        {
            throw new ModelLoadException($"model {ModelPath}: input '{name}' is {OnnxSessionFactory.Describe(meta)}; this OCR needs {want}");
        }

        return name;
    }

    private string FindPlateOutput()
    {
        foreach ((string name, NodeMetadata meta) in _session.OutputMetadata)
        {
            int[] d = meta.Dimensions;
            if (meta.ElementType == typeof(float) && d.Length == 3 && d[1] == Spec.MaxPlateSlots && d[2] == Spec.Alphabet.Length)
            {
                return name;
            }
        }

        string found = string.Join(", ", _session.OutputMetadata.Select(o => $"'{o.Key}' {OnnxSessionFactory.Describe(o.Value)}"));
        throw new ModelLoadException(
            $"model {ModelPath}: no output of float32 [N,{Spec.MaxPlateSlots},{Spec.Alphabet.Length}] "
                + $"(slots x alphabet from its plate config); it has {found}"
        );
    }

    private string? FindRegionOutput()
    {
        if (Spec.PlateRegions.Count == 0)
        {
            return null;
        }

        foreach ((string name, NodeMetadata meta) in _session.OutputMetadata)
        {
            int[] d = meta.Dimensions;
            if (meta.ElementType == typeof(float) && d.Length == 2 && d[1] == Spec.PlateRegions.Count)
            {
                return name;
            }
        }

        throw new ModelLoadException(
            $"model {ModelPath}: its plate config lists {Spec.PlateRegions.Count} regions but the model has no float32 [N,{Spec.PlateRegions.Count}] region output"
        );
    }
}
