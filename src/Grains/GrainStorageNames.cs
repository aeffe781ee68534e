namespace Runtype.Grains;

/// <summary>The Orleans grain storage provider that holds small keyed grain state (surfaces, idempotency records).</summary>
public static class GrainStorageNames
{
    public const string Default = "runtype";
}
