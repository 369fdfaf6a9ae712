namespace EdgeAlpr.Core.Policy;

/// <summary>A search or an export the directive does not allow; <see cref="Problems"/> say why, one line each.</summary>
public sealed class UseRefusedException(IReadOnlyList<string> problems) : Exception("refused: " + string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
