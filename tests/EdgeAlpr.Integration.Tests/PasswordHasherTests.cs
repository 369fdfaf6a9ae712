using System.Diagnostics;
using EdgeAlpr.Passwords;
using Xunit.Abstractions;

namespace EdgeAlpr.Integration.Tests;

/// <summary>The Argon2id adapter: against the reference implementation, the PHC string round trip, needs-rehash, and hostile strings.</summary>
public sealed class PasswordHasherTests(ITestOutputHelper output)
{
    /// <summary>Small parameters so the round trips are quick; the unit's own are measured apart.</summary>
    private static readonly Argon2Parameters Quick = new(MemoryKiB: 1024, Iterations: 1, Parallelism: 1);

    /// <summary>
    /// Hashes made by the reference implementation (Debian's <c>argon2</c> 0~20171227:
    /// <c>echo -n "correct horse battery staple" | argon2 edgealpr-salt-16 -id -t T -k M -p P -l 32 -e</c>), so the
    /// library is checked against another implementation, not against itself.
    /// </summary>
    [Theory]
    [InlineData("$argon2id$v=19$m=65536,t=3,p=2$ZWRnZWFscHItc2FsdC0xNg$oqr3mOHp8EcGwI059dxgg0eNGVPWmu6ezLzs3LMxWpY")]
    [InlineData("$argon2id$v=19$m=64,t=1,p=1$ZWRnZWFscHItc2FsdC0xNg$NUN2/THoVpdeWgyBsI/4lNyh0z+dZz8RAvrHaJhQXkY")]
    public void A_hash_of_the_reference_implementation_verifies_and_one_changed_bit_does_not(string reference)
    {
        var hasher = new Argon2PasswordHasher();
        Assert.True(hasher.Verify("correct horse battery staple", reference));
        Assert.False(hasher.Verify("correct horse battery stapl3", reference));
        char last = reference[^1];
        Assert.False(hasher.Verify("correct horse battery staple", reference[..^1] + (last == 'A' ? 'B' : 'A')));
    }

    [Fact]
    public void A_hash_round_trips_with_its_parameters_and_a_fresh_salt_each_time()
    {
        var hasher = new Argon2PasswordHasher(Quick);
        string first = hasher.Hash("steady-harbor-lantern");
        string second = hasher.Hash("steady-harbor-lantern");
        Assert.Matches(@"^\$argon2id\$v=19\$m=1024,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$", first);
        Assert.NotEqual(first, second);
        Assert.True(hasher.Verify("steady-harbor-lantern", first));
        Assert.True(hasher.Verify("steady-harbor-lantern", second));
        Assert.False(hasher.Verify("steady-harbor-lanterN", first));
        Assert.False(hasher.NeedsRehash(first));
    }

    [Theory]
    [InlineData(2048, 1, 1)]
    [InlineData(1024, 2, 1)]
    [InlineData(1024, 1, 2)]
    public void A_hash_made_with_other_parameters_still_verifies_and_needs_a_rehash(int memory, int iterations, int parallelism)
    {
        string old = new Argon2PasswordHasher(Quick).Hash("steady-harbor-lantern");
        var raised = new Argon2PasswordHasher(new Argon2Parameters(memory, iterations, parallelism));
        Assert.True(raised.NeedsRehash(old));
        Assert.True(raised.Verify("steady-harbor-lantern", old));
        Assert.False(raised.NeedsRehash(raised.Hash("steady-harbor-lantern")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text-password")]
    [InlineData("$argon2i$v=19$m=64,t=1,p=1$ZWRnZWFscHItc2FsdC0xNg$NUN2/THoVpdeWgyBsI/4lNyh0z+dZz8RAvrHaJhQXkY")]
    [InlineData("$argon2id$v=16$m=64,t=1,p=1$ZWRnZWFscHItc2FsdC0xNg$NUN2/THoVpdeWgyBsI/4lNyh0z+dZz8RAvrHaJhQXkY")]
    [InlineData("$argon2id$v=19$m=64,t=1$ZWRnZWFscHItc2FsdC0xNg$NUN2/THoVpdeWgyBsI/4lNyh0z+dZz8RAvrHaJhQXkY")]
    [InlineData("$argon2id$v=19$m=64,t=1,p=1,p=2$ZWRnZWFscHItc2FsdC0xNg$NUN2/THoVpdeWgyBsI/4lNyh0z+dZz8RAvrHaJhQXkY")]
    [InlineData("$argon2id$v=19$m=-64,t=1,p=1$ZWRnZWFscHItc2FsdC0xNg$NUN2/THoVpdeWgyBsI/4lNyh0z+dZz8RAvrHaJhQXkY")]
    [InlineData("$argon2id$v=19$m=4194304,t=1,p=1$ZWRnZWFscHItc2FsdC0xNg$NUN2/THoVpdeWgyBsI/4lNyh0z+dZz8RAvrHaJhQXkY")]
    [InlineData("$argon2id$v=19$m=64,t=1000000,p=1$ZWRnZWFscHItc2FsdC0xNg$NUN2/THoVpdeWgyBsI/4lNyh0z+dZz8RAvrHaJhQXkY")]
    [InlineData("$argon2id$v=19$m=64,t=1,p=1$!!notbase64!!$NUN2/THoVpdeWgyBsI/4lNyh0z+dZz8RAvrHaJhQXkY")]
    [InlineData("$argon2id$v=19$m=64,t=1,p=1$c2FsdA$NUN2/THoVpdeWgyBsI/4lNyh0z+dZz8RAvrHaJhQXkY")]
    [InlineData("$argon2id$v=19$m=64,t=1,p=1$ZWRnZWFscHItc2FsdC0xNg$c2hvcnQ")]
    public void A_malformed_or_out_of_bounds_hash_string_is_a_format_error_and_costs_nothing(string hash)
    {
        var hasher = new Argon2PasswordHasher(Quick);
        var watch = Stopwatch.StartNew();
        FormatException ex = Assert.Throws<FormatException>(() => hasher.Verify("correct horse battery staple", hash));
        Assert.Throws<FormatException>(() => hasher.NeedsRehash(hash));
        // The message never quotes the string (it could be a password typed in the wrong place).
        Assert.DoesNotContain("NUN2", ex.Message, StringComparison.Ordinal);
        // Refused before any hashing: a hostile m= or t= cannot make the unit work.
        Assert.True(watch.ElapsedMilliseconds < 200, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void The_units_parameters_are_the_documented_ones_and_one_hash_takes_a_measured_time()
    {
        var hasher = new Argon2PasswordHasher();
        Assert.Equal(new Argon2Parameters(65536, 3, 2), hasher.Parameters);
        string hash = hasher.Hash("warm-up-the-jit-1");
        var times = new List<double>();
        for (int i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            Assert.True(hasher.Verify("warm-up-the-jit-1", hash));
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        output.WriteLine($"Argon2id m=64MiB t=3 p=2: median {times[2]:F0} ms, min {times[0]:F0} ms, max {times[^1]:F0} ms over 5 verifications");
        // Slow enough to cost a guesser (not a cheap setting by mistake), fast enough for a sign-in on a shared box.
        Assert.InRange(times[2], 20, 5000);
    }
}
