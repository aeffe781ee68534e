namespace Runtype.Grains;

/// <summary>
/// The store of record could not be reached or did not answer in time; the caller may retry. When
/// <see cref="OutcomeUnknown"/> is false nothing was written. When it is true the write had reached the database
/// and may have committed before the link failed: a retry must carry what makes it idempotent (the same
/// Idempotency-Key, or the same externalMessageId) to be applied once. Its message never carries SQL text or
/// connection details.
/// </summary>
[GenerateSerializer, Alias("Runtype.StorageUnavailableException")]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
        : base("The conversation store is unavailable.")
    {
    }

    public StorageUnavailableException(bool outcomeUnknown)
        : base(outcomeUnknown ? "The conversation store became unavailable during a write." : "The conversation store is unavailable.")
    {
        OutcomeUnknown = outcomeUnknown;
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    [Id(0)]
    public bool OutcomeUnknown { get; private set; }
}
