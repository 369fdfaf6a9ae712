using System.Text.RegularExpressions;

namespace EdgeAlpr.Contracts.Tests;

/// <summary>
/// The build's identity as the SDK writes it into every assembly (<c>VERSION+COMMIT</c>), and the version set once
/// in Directory.Build.props.
/// </summary>
public sealed partial class BuildIdentityTests
{
    [Theory]
    [InlineData("1.4.0+137f01919d4864ea25ef7b1d5a5b6d64188c4e90", "1.4.0", "137f01919d4864ea25ef7b1d5a5b6d64188c4e90")]
    [InlineData("1.5.0-rc.1+ABCDEF1", "1.5.0-rc.1", "abcdef1")]
    [InlineData("1.4.0", "1.4.0", BuildIdentity.UnknownCommit)]
    [InlineData("1.4.0+", "1.4.0", BuildIdentity.UnknownCommit)]
    [InlineData("1.4.0+local-build", "1.4.0", BuildIdentity.UnknownCommit)]
    [InlineData("1.4.0+137f01919d4864ea25ef7b1d5a5b6d64188c4e90a", "1.4.0", BuildIdentity.UnknownCommit)]
    [InlineData("1.4.0+137f01", "1.4.0", BuildIdentity.UnknownCommit)]
    [InlineData(null, "0.0.0", BuildIdentity.UnknownCommit)]
    [InlineData(" ", "0.0.0", BuildIdentity.UnknownCommit)]
    public void Parse_takes_the_metadata_as_the_commit_only_when_it_is_one(string? informational, string version, string commit)
    {
        Assert.Equal(new BuildIdentity(version, commit), BuildIdentity.Parse(informational));
    }

    [Fact]
    public void ToString_names_the_version_and_the_commit()
    {
        Assert.Equal("1.4.0 (commit abcdef1)", new BuildIdentity("1.4.0", "abcdef1").ToString());
        Assert.Equal("1.4.0 (commit unknown)", BuildIdentity.Parse("1.4.0").ToString());
    }

    [Fact]
    public void The_current_build_carries_the_version_set_in_Directory_Build_props()
    {
        Match set = VersionElement().Match(RepositoryFiles.Read("Directory.Build.props"));
        Assert.True(set.Success, "Directory.Build.props sets no <Version>");
        Assert.Equal(set.Groups[1].Value, BuildIdentity.Current.Version);
        Assert.Matches("^([0-9a-f]{40}|unknown)$", BuildIdentity.Current.Commit);
    }

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();
}
