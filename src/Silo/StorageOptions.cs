namespace Runtype.Silo;

/// <summary>Where conversations live. Section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string Memory = "memory";

    /// <summary><c>memory</c> (the default: this process only, gone on stop).</summary>
    public string Provider { get; set; } = Memory;
}
