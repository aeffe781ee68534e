using System.Globalization;
using Runtype.Grains.Email;

namespace Runtype.Hosting;

public sealed class EmailOptionsValidator : OptionsValidator<EmailOptions>
{
    private const int MaxPollBatch = 1000;
    private const int MaxConcurrency = 256;

    private static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    public override IEnumerable<string> Failures(EmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TrustedCertificatesPath is { Length: > 0 } path && !File.Exists(path))
        {
            yield return $"Email:TrustedCertificatesPath names {path}, which does not exist; give a PEM file of certificates to trust.";
        }

        if (options.Timeout < MinTimeout || options.Timeout > MaxTimeout)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Email:Timeout {options.Timeout} is outside 00:00:01 to 00:05:00.");
        }

        if (options.RetryFor <= TimeSpan.Zero)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Email:RetryFor {options.RetryFor} retries nothing; use a positive duration such as 1.00:00:00 (24 hours).");
        }

        if (options.FirstRetryDelay <= TimeSpan.Zero)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Email:FirstRetryDelay {options.FirstRetryDelay} would retry at once; use a positive duration such as 00:00:30.");
        }

        if (options.PollBatch is < 1 or > MaxPollBatch)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Email:PollBatch {options.PollBatch} is outside 1 to {MaxPollBatch} mails.");
        }

        if (options.Concurrency is < 1 or > MaxConcurrency)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Email:Concurrency {options.Concurrency} is outside 1 to {MaxConcurrency}.");
        }
    }
}
