namespace Runtype.Hosting;

/// <summary>How a silo joins its cluster. Section <c>Cluster</c>.</summary>
public sealed class RuntypeClusterOptions
{
    public const string Section = "Cluster";
    public const string Localhost = "localhost";
    public const string AdoNet = "adonet";

    public string ClusterId { get; set; } = "runtype";

    public string ServiceId { get; set; } = "runtype";

    /// <summary><c>localhost</c> (one machine, the default) or <c>adonet</c> (membership table in the SQL database).</summary>
    public string Membership { get; set; } = Localhost;

    /// <summary>The address other silos and clients reach this silo at; empty means this host's first address.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port external clients (an API in client mode) connect to.</summary>
    public int GatewayPort { get; set; } = 30000;
}
