namespace EdgeAlpr.WebConsole.Sessions;

/// <summary>
/// How many sign-ins are checked at once. Each Argon2id check takes 64 MiB and a third of a second on a Raspberry
/// Pi; a burst of attempts (names made up, so no lockout stops them) waits here instead of exhausting the memory
/// the read path needs.
/// </summary>
public sealed class SignInGate : IDisposable
{
    public const int Concurrent = 2;

    public SemaphoreSlim Slots { get; } = new(Concurrent, Concurrent);

    public void Dispose() => Slots.Dispose();
}
