namespace Runtype.Client;

/// <summary>The outcome of <see cref="WebhookSignature.Verify(string, string, IEnumerable{string}, TimeSpan, DateTimeOffset?)"/>: valid, or why not.</summary>
/// <param name="IsValid">Whether the delivery is signed by one of the secrets within the tolerance.</param>
/// <param name="Reason">Why it is not valid (for a log line; never send it back to the caller), or <c>valid</c>.</param>
public readonly record struct WebhookSignatureResult(bool IsValid, string Reason)
{
    internal static readonly WebhookSignatureResult Valid = new(true, "valid");
    internal static readonly WebhookSignatureResult Malformed = new(false, "the signature header is missing or malformed");
    internal static readonly WebhookSignatureResult OutsideTolerance = new(false, "the signature's timestamp is outside the tolerance");
    internal static readonly WebhookSignatureResult NoMatch = new(false, "no signature matches the body with any of the secrets");
}
