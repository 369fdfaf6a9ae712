namespace EdgeAlpr.Application.People;

/// <summary>Why a sign-in was refused; the code in the audit trail is <see cref="SignInRefusedException.Code"/>.</summary>
public enum SignInRefusal
{
    /// <summary>No such user, or the wrong password: one answer for both, so names cannot be probed.</summary>
    BadCredentials,
    Disabled,
    CertificationExpired,
    Locked,
}
