namespace EdgeAlpr.Models;

/// <summary>A model file could not be had or did not verify; the message names the file.</summary>
public sealed class ModelFetchException : Exception
{
    public ModelFetchException(string message)
        : base(message) { }

    public ModelFetchException(string message, Exception inner)
        : base(message, inner) { }
}
