namespace Runtype.Grains.Email;

/// <summary>Email surfaces. Section <c>Email</c>; the API reads it for registration, silos for polling and sending.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>Allows <c>"security": "none"</c> (mail and passwords in clear): for local tests only.</summary>
    public bool AllowInsecure { get; set; }

    /// <summary>Allows hosts that resolve to loopback, private or link-local addresses (local tests, private networks).</summary>
    public bool AllowPrivateHosts { get; set; }

    /// <summary>A PEM file of certificates trusted besides the system's (a private CA, a test server's own certificate).</summary>
    public string? TrustedCertificatesPath { get; set; }

    /// <summary>How long one connect, login or command may take before the attempt fails.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a message that fails to send for temporary reasons is retried.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The first retry's delay before jitter; each retry doubles it, up to one hour.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many mails one poll reads from the server per batch (each batch is stored before the next is read).</summary>
    public int PollBatch { get; set; } = 200;

    /// <summary>At most this many conversations written at once by one poll, and sent to at once by one surface.</summary>
    public int Concurrency { get; set; } = 16;
}
