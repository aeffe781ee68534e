namespace Runtype.Grains;

/// <summary>
/// The store of record could not be reached or did not answer in time. Nothing was written; the caller may
/// retry. Its message never carries SQL text or connection details.
/// </summary>
[GenerateSerializer, Alias("Runtype.StorageUnavailableException")]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
        : base("The conversation store is unavailable.")
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
