namespace Runtype.Grains.Telemetry;

/// <summary>The values of <see cref="RuntypeMetrics.StoreErrors"/>' <c>kind</c> tag.</summary>
public static class StoreErrorKinds
{
    public const string Transient = "transient";
    public const string Permanent = "permanent";
    public const string UnknownOutcome = "unknown_outcome";
}
