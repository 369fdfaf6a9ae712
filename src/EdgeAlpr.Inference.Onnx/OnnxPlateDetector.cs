using EdgeAlpr.Core.Geometry;
using Microsoft.ML.OnnxRuntime;

namespace EdgeAlpr.Inference.Onnx;

/// <summary>
/// An end-to-end plate detector (NMS inside the graph): one float32 input [1,3,S,S] and one
/// output [N,7] of batch, x1, y1, x2, y2, class, score. The contract is checked when the
/// model loads, so a wrong model fails at start with a clear message, not mid-stream.
/// </summary>
public sealed class OnnxPlateDetector : IDisposable
{
    private const int OutputColumns = 7;
    private const int ScoreColumn = 6;
    private const int ClassColumn = 5;

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string _inputName;
    private readonly string[] _outputNames;
    private readonly long[] _inputShape;

    public OnnxPlateDetector(string modelPath, OnnxThreading threading)
    {
        ModelPath = modelPath;
        _session = OnnxSessionFactory.Open(modelPath, threading);
        try
        {
            (_inputName, InputSize) = CheckInput(modelPath, _session);
            _outputNames = [CheckOutput(modelPath, _session)];
            _inputShape = [1, 3, InputSize, InputSize];
        }
        catch
        {
            _session.Dispose();
            _runOptions.Dispose();
            throw;
        }
    }

    public string ModelPath { get; }

    /// <summary>Side of the square input in pixels.</summary>
    public int InputSize { get; }

    /// <summary>Floats one input takes: 3 × size × size.</summary>
    public int InputLength => 3 * InputSize * InputSize;

    /// <summary>Runs the detector on a prepared input and returns the boxes scoring at least <paramref name="minScore"/>.</summary>
    /// <param name="chw">The input tensor; its first <see cref="InputLength"/> floats are used.</param>
    /// <param name="minScore">The lowest score kept.</param>
    public List<RawDetection> Detect(float[] chw, float minScore)
    {
        if (chw.Length < InputLength)
        {
            throw new ArgumentException($"input holds {chw.Length} floats, the detector needs {InputLength}", nameof(chw));
        }

        using OrtValue input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, chw.AsMemory(0, InputLength), _inputShape);
        using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(_runOptions, [_inputName], [input], _outputNames);
        OrtValue output = outputs[0];
        ReadOnlySpan<float> rows = output.GetTensorDataAsSpan<float>();
        long[] shape = output.GetTensorTypeAndShape().Shape;
        if (shape.Length != 2 || shape[1] != OutputColumns)
        {
            throw new ModelLoadException(
                $"detector {ModelPath} produced an output of shape [{string.Join(",", shape)}], expected [N,{OutputColumns}]"
            );
        }

        var detections = new List<RawDetection>();
        for (int i = 0; i + OutputColumns <= rows.Length; i += OutputColumns)
        {
            float score = rows[i + ScoreColumn];
            if (score < minScore || float.IsNaN(score))
            {
                continue;
            }

            var box = new BoundingBox(rows[i + 1], rows[i + 2], rows[i + 3], rows[i + 4]);
            detections.Add(new RawDetection(box, score, (int)rows[i + ClassColumn]));
        }

        detections.Sort(static (a, b) => b.Score.CompareTo(a.Score));
        return detections;
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    private static (string Name, int Size) CheckInput(string path, InferenceSession session)
    {
        if (session.InputMetadata.Count != 1)
        {
            throw new ModelLoadException(
                $"model {path} has {session.InputMetadata.Count} inputs; a plate detector has exactly one, float32 [1,3,S,S]"
            );
        }

        (string name, NodeMetadata meta) = session.InputMetadata.First();
        int[] d = meta.Dimensions;
        bool ok = meta.ElementType == typeof(float) && d.Length == 4 && d[0] is 1 or -1 && d[1] == 3 && d[2] > 0 && d[2] == d[3];
        if (!ok)
        {
            throw new ModelLoadException(
                $"model {path}: input '{name}' is {OnnxSessionFactory.Describe(meta)}; a plate detector needs float32 [1,3,S,S]"
            );
        }

        return (name, d[2]);
    }

    private static string CheckOutput(string path, InferenceSession session)
    {
        foreach ((string name, NodeMetadata meta) in session.OutputMetadata)
        {
            if (meta.ElementType == typeof(float) && meta.Dimensions.Length == 2 && meta.Dimensions[1] == OutputColumns)
            {
                return name;
            }
        }

        string found = string.Join(", ", session.OutputMetadata.Select(o => $"'{o.Key}' {OnnxSessionFactory.Describe(o.Value)}"));
        throw new ModelLoadException($"model {path}: no output of float32 [N,{OutputColumns}] (batch, x1, y1, x2, y2, class, score); it has {found}");
    }
}
