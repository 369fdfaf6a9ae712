using System.CommandLine;
using System.CommandLine.Invocation;
using EdgeAlpr.Contracts;
using EdgeAlpr.Hosting.Commands;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// <c>edge-alpr --version</c>: the version and the commit it was built from, named as such
/// (<c>edge-alpr 1.4.0 (commit 137f…)</c>), in place of the library's bare <c>1.4.0+137f…</c>, which people
/// misread as a version of its own.
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine($"edge-alpr {BuildIdentity.Current}");
        return ExitCodes.Ok;
    }
}
