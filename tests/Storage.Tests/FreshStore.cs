using Microsoft.Extensions.Logging.Abstractions;
using Runtype.Grains.Storage;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Storage.Tests;

/// <summary>A store and its event log on an empty database (or a new memory store), for tests that act on the whole log.</summary>
internal sealed class FreshStore : IAsyncDisposable
{
    private readonly TestDatabase? _database;

    private FreshStore(IConversationStore store, IEventLog events, TestDatabase? database)
    {
        Store = store;
        Events = events;
        _database = database;
    }

    public IConversationStore Store { get; }

    public IEventLog Events { get; }

    /// <summary><see cref="Events"/>, read once every transaction running on the server at the call has ended.</summary>
    public IEventLog SettledEvents => _database is null ? Events : new SettledEventLog(Events, _database.ConnectionString);

    public static async Task<FreshStore> CreateAsync(string provider)
    {
        if (provider == "memory")
        {
            var memory = new InMemoryConversationStore();
            return new FreshStore(memory, memory.Events, null);
        }

        var database = await TestDatabase.CreateAsync(provider);
        var connectionString = database.Dialect.Tune(database.ConnectionString);
        return new FreshStore(
            new SqlConversationStore(database.Dialect, connectionString, NullLogger<SqlConversationStore>.Instance),
            new SqlEventLog(database.Dialect, connectionString, NullLogger<SqlEventLog>.Instance),
            database);
    }

    public async ValueTask DisposeAsync()
    {
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
