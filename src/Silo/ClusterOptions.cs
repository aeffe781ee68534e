namespace Runtype.Silo;

/// <summary>How a silo joins its cluster. Section <c>Cluster</c>.</summary>
public sealed class RuntypeClusterOptions
{
    public const string Section = "Cluster";

    public string ClusterId { get; set; } = "runtype";

    public string ServiceId { get; set; } = "runtype";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port external clients (an API in client mode) connect to.</summary>
    public int GatewayPort { get; set; } = 30000;
}
