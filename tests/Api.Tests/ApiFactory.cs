using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Runtype.Testing;

namespace Runtype.Api.Tests;

/// <summary>
/// The real API (co-hosted silo, real middleware pipeline) started once for every test class in the
/// <see cref="ApiCollection"/>. Tests stay independent by creating their own conversations.
/// The store is the one <c>RUNTYPE_TEST_STORAGE</c> names: <c>memory</c> (default), <c>postgres</c> or
/// <c>sqlserver</c>, the SQL ones on a fresh database of their own; the test command runs the suite on each.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    public static readonly string Provider = Environment.GetEnvironmentVariable("RUNTYPE_TEST_STORAGE") is { Length: > 0 } provider ? provider : "memory";

    private TestDatabase? _database;

    /// <summary>The database this host runs on; null on the memory store.</summary>
    public TestDatabase? Database => _database;

    /// <summary>What the host logged, at every level.</summary>
    public LogCapture Logs { get; } = new();

    public const string OwnerAKey = "test-owner-a-full";
    public const string OwnerBKey = "test-owner-b-full";
    public const string ReadOnlyKey = "test-owner-a-read";
    public const string WriteOnlyKey = "test-owner-a-write";

    /// <summary>A key for owner A configured by hash only.</summary>
    public const string HashedKey = "test-owner-a-hashed";

    /// <summary>Whether the per-key rate limit applies; a subclass that tests it turns it on.</summary>
    protected virtual bool RateLimited => false;

    /// <summary>The store this host runs on; a subclass can pin one.</summary>
    protected virtual string StorageProvider => Provider;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.UseSetting("Storage:Provider", StorageProvider);
        if (StorageProvider != "memory")
        {
            _database = TestDatabase.CreateAsync(StorageProvider).GetAwaiter().GetResult();
            builder.UseSetting("ConnectionStrings:Runtype", _database.ConnectionString);
        }

        // Most suites hammer one key; RateLimitTests has a host of its own with a small limit.
        builder.UseSetting("RateLimit:Enabled", RateLimited ? "true" : "false");
        builder.UseSetting("Cluster:SiloPort", Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Cluster:GatewayPort", Ports.Free().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Auth:ApiKeys:0:Key", OwnerAKey);
        builder.UseSetting("Auth:ApiKeys:0:Owner", "owner-a");
        builder.UseSetting("Auth:ApiKeys:1:Key", OwnerBKey);
        builder.UseSetting("Auth:ApiKeys:1:Owner", "owner-b");
        builder.UseSetting("Auth:ApiKeys:2:Key", ReadOnlyKey);
        builder.UseSetting("Auth:ApiKeys:2:Owner", "owner-a");
        builder.UseSetting("Auth:ApiKeys:2:Scopes:0", "conversations:read");
        builder.UseSetting("Auth:ApiKeys:3:Key", WriteOnlyKey);
        builder.UseSetting("Auth:ApiKeys:3:Owner", "owner-a");
        builder.UseSetting("Auth:ApiKeys:3:Scopes:0", "conversations:write");
        builder.UseSetting("Auth:ApiKeys:4:KeyHash", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(HashedKey))));
        builder.UseSetting("Auth:ApiKeys:4:Owner", "owner-a");
    }

    /// <summary>A client that sends <paramref name="apiKey"/> bare, as the reference's curl examples do.</summary>
    public HttpClient ClientFor(string? apiKey = OwnerAKey)
    {
        var client = CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", apiKey);
        }

        return client;
    }

    /// <summary>A client that sends <c>Authorization: Bearer</c>.</summary>
    public HttpClient BearerClientFor(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}
