namespace EdgeAlpr.Application.People;

/// <summary>A sign-in the unit refused; the message says why in words a person can act on, and never holds the password.</summary>
public sealed class SignInRefusedException(SignInRefusal reason, string message) : Exception(message)
{
    public SignInRefusal Reason { get; } = reason;

    /// <summary>The reason as the audit trail writes it (<c>bad_credentials</c>, <c>disabled</c>, <c>certification_expired</c>, <c>locked</c>).</summary>
    public string Code => CodeOf(Reason);

    public static string CodeOf(SignInRefusal reason) =>
        reason switch
        {
            SignInRefusal.BadCredentials => "bad_credentials",
            SignInRefusal.Disabled => "disabled",
            SignInRefusal.CertificationExpired => "certification_expired",
            SignInRefusal.Locked => "locked",
            _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
        };
}
