namespace EdgeAlpr.Hosting;

/// <summary>The settings have problems: every one of them, reported one line each before anything starts.</summary>
public sealed class SettingsException : Exception
{
    public SettingsException(IReadOnlyList<SettingsProblem> problems)
        : base(string.Join(Environment.NewLine, (problems ?? throw new ArgumentNullException(nameof(problems))).Select(p => p.Message)))
    {
        Problems = problems;
    }

    public SettingsException()
        : this([]) { }

    public SettingsException(string message)
        : this([new SettingsProblem(null, message)]) { }

    public SettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [new SettingsProblem(null, message)];
    }

    public IReadOnlyList<SettingsProblem> Problems { get; }
}
