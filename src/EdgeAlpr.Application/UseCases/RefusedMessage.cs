namespace EdgeAlpr.Application.UseCases;

/// <summary>
/// One message from the platform's topics that was not obeyed or applied, as <see cref="RefusedMessages"/> counts it.
/// </summary>
/// <param name="Topic">The topic it came on.</param>
/// <param name="Reason">Why, as a short code from a closed set (<c>bad_signature</c>, <c>expired</c>, <c>too_large</c>, …): what refusals are counted by.</param>
/// <param name="Message">Why, in a sentence.</param>
/// <param name="Bytes">The payload's size.</param>
/// <param name="PayloadSha256">The payload's SHA-256, hex.</param>
/// <param name="CommandId">The command's id, when it was signed and could be read.</param>
/// <param name="AnswerDropped">True when no answer was sent for it, the answers' limit being reached.</param>
public sealed record RefusedMessage(
    string Topic,
    string Reason,
    string Message,
    long Bytes,
    string PayloadSha256,
    Guid? CommandId = null,
    bool AnswerDropped = false
);
