namespace Runtype.Grains;

/// <summary>
/// The database refused a statement for a reason a retry will not fix (a constraint we did not expect, a value
/// it cannot hold, a defect in our SQL). The store has logged it with the engine's error code; the API answers
/// 500. Carries the engine and code only: never SQL text, values or connection details.
/// </summary>
[GenerateSerializer, Alias("Runtype.StorageFaultException")]
public sealed class StorageFaultException : Exception
{
    public StorageFaultException()
        : base("The conversation store refused a statement.")
    {
    }

    public StorageFaultException(string engine, string code)
        : base($"The conversation store refused a statement ({engine} error {code}).")
    {
        Engine = engine;
        Code = code;
    }

    public StorageFaultException(string message)
        : base(message)
    {
    }

    public StorageFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    [Id(0)]
    public string? Engine { get; private set; }

    [Id(1)]
    public string? Code { get; private set; }
}
