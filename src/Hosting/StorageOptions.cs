namespace Runtype.Hosting;

/// <summary>Where conversations live. Section <c>Storage</c>; the connection string is <c>ConnectionStrings:Runtype</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string Memory = "memory";
    public const string ConnectionStringName = "Runtype";

    /// <summary><c>memory</c> (default: this process only, gone on stop), <c>postgres</c> or <c>sqlserver</c>.</summary>
    public string Provider { get; set; } = Memory;

    /// <summary>Apply pending schema migrations when the silo starts.</summary>
    public bool ApplyMigrations { get; set; }
}
