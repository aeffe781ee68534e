using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Runtype.Grains.Storage;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>
/// One key ring store for a test: a fresh database, or one memory repository that every silo of the test shares, as a
/// test cluster's silos share one (and real silos one database).
/// </summary>
internal sealed class KeyRingStore : IAsyncDisposable
{
    private readonly TestDatabase? _database;
    private readonly InMemoryXmlRepository? _memory;

    private KeyRingStore(string provider, TestDatabase? database, InMemoryXmlRepository? memory)
    {
        Provider = provider;
        _database = database;
        _memory = memory;
    }

    public string Provider { get; }

    public static async Task<KeyRingStore> CreateAsync(string provider) => provider == "memory"
        ? new KeyRingStore(provider, null, new InMemoryXmlRepository())
        : new KeyRingStore(provider, await TestDatabase.CreateAsync(provider), null);

    /// <summary>A silo on this store; <paramref name="settings"/> adds to the storage settings.</summary>
    public KeyRingSilo Silo(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = KeyRingSilo.On(Provider, _database?.ConnectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new KeyRingSilo(all, services =>
        {
            if (_memory is not null)
            {
                services.AddSingleton(_memory);
            }
        });
    }

    /// <summary>The stored elements as (friendly name, XML); the memory store keeps no names apart from its elements.</summary>
    public async Task<IReadOnlyList<(string? Name, XElement Element)>> ElementsAsync()
    {
        if (_memory is not null)
        {
            return [.. _memory.GetAllElements().Select(e => ((string?)null, e))];
        }

        await using var connection = _database!.Dialect.Factory.CreateConnection()!;
        connection.ConnectionString = _database.ConnectionString;
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT friendly_name, element_xml FROM runtype_data_protection_keys";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string?, XElement)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), XElement.Parse(reader.GetString(1))));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
