using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Reflection;
using Runtype.Grains;
using Runtype.Grains.Events;
using Runtype.Grains.Search;

namespace Runtype.Storage.Sql;

/// <summary>
/// What differs between the SQL engines: the ADO.NET provider, the statements (embedded <c>.sql</c> files under
/// <c>Sql/&lt;engine&gt;/</c>), and how errors are classified.
/// </summary>
public abstract class SqlDialect
{
    private static readonly Assembly Resources = typeof(SqlDialect).Assembly;
    private readonly ConcurrentDictionary<string, string> _queries = new(StringComparer.Ordinal);

    /// <summary>The folder name under <c>Sql/</c>, and the value of <c>Storage:Provider</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The invariant name Orleans' ADO.NET providers use for this engine.</summary>
    public abstract string Invariant { get; }

    public abstract DbProviderFactory Factory { get; }

    /// <summary>A unique index or key was violated; <paramref name="constraint"/> names it where the engine says.</summary>
    public abstract bool IsUniqueViolation(DbException exception, out string? constraint);

    /// <summary>The engine could not be reached, or answered "try again": the caller should get a 503.</summary>
    public abstract bool IsUnavailable(Exception exception);

    /// <summary>The engine's own code for an error (SQLSTATE, error number), for the log.</summary>
    public abstract string ErrorCode(DbException exception);

    /// <summary>Runs a <c>PurgeEvents</c> command and tells how many events it deleted (its row count, unless the dialect says otherwise).</summary>
    public virtual async Task<int> PurgedAsync(DbCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Binds the events a write records (the statements' <c>@event_*</c> arrays on PostgreSQL, the <c>@events</c>
    /// table and their <c>@reason</c> on SQL Server). Owner and conversation are the write's own parameters.
    /// </summary>
    public abstract void BindEvents(DbParameterCollection parameters, IReadOnlyList<ConversationEvent> events);

    /// <summary>
    /// Binds the messages of an <c>AppendMessages</c> statement, one conversation's (a post, a busy conversation's
    /// batch, a history import): one array per column as <see cref="MessageColumns.Written"/> lists them on PostgreSQL,
    /// the <c>@messages</c> table on SQL Server. <paramref name="probeIds"/>: whether the statement also looks for the
    /// messages' ids among the stored ones (it always looks for their external ids), where the engine lets that be
    /// left out.
    /// </summary>
    public abstract void BindMessages(DbParameterCollection parameters, IReadOnlyList<Message> messages, bool probeIds);

    /// <summary>
    /// Binds a group commit's appends, one message each, and their events (<c>AppendMessageGroup</c>, which only a
    /// dialect that <see cref="GroupsAppends"/> ships).
    /// </summary>
    public virtual void BindAppendGroup(DbParameterCollection parameters, IReadOnlyList<AppendWrite> appends) =>
        throw new NotSupportedException($"{Name} does not group appends.");

    /// <summary>
    /// Binds the external message ids a <c>FindByExternalMessageIds</c> statement looks for, each once: the
    /// <c>@external_message_ids</c> array on PostgreSQL, the table of that name on SQL Server.
    /// </summary>
    public abstract void BindExternalMessageIds(DbParameterCollection parameters, IReadOnlyList<string> externalMessageIds);

    /// <summary>Binds the feed position a read continues after (<c>ReadEvents</c>).</summary>
    public abstract void BindFeedStart(DbParameterCollection parameters, EventPosition after);

    /// <summary>
    /// Whether concurrent appends share one transaction (<see cref="GroupCommit{TWrite, TResult}"/>): the dialect
    /// writes a whole group in one statement (<see cref="BindAppendGroup"/>).
    /// </summary>
    public virtual bool GroupsAppends => false;

    /// <summary>
    /// Called with a connection whose statement the engine refused, before the connection goes back to the pool:
    /// puts right what the provider may have got wrong about its state (<see cref="PostgresDialect.AfterRefusal"/>).
    /// </summary>
    public virtual void AfterRefusal(DbConnection connection, DbException refusal)
    {
    }

    /// <summary>
    /// The isolation a listing page's statements run in so that they read one snapshot (the page, the look past
    /// its key and the total agree); null runs them as the engine reads by default, each on its own.
    /// </summary>
    public virtual IsolationLevel? ListingIsolation => null;

    /// <summary>
    /// The text a <c>SearchMessages</c> statement's <c>@search</c> carries: the query in the engine's full-text syntax,
    /// each word or phrase as the caller typed it, quoted so that the engine breaks and normalises it by the rules that
    /// indexed the content, and so that nothing in it is read as an operator.
    /// </summary>
    public abstract string SearchText(SearchExpression expression);

    /// <summary>
    /// Makes sure the database can search and says why not where it cannot (null: it can). Run once per store, at
    /// start-up or at the first search; PostgreSQL's index comes with its migrations.
    /// </summary>
    public virtual Task<string?> PrepareSearchAsync(DbConnection connection) => Task.FromResult<string?>(null);

    /// <summary>
    /// The connection string searches run on: one whose statements are planned with their values each time where the
    /// engine would otherwise keep a plan made without them (<see cref="PostgresDialect.ForSearches"/>).
    /// </summary>
    public virtual string ForSearches(string connectionString) => connectionString;

    /// <summary>The operator's connection string with this engine's defaults for settings it leaves out.</summary>
    public virtual string Tune(string connectionString) => connectionString;

    /// <summary>
    /// A statement as the engine is sent it: the file without its whole-line comments, its tokens written out
    /// (<see cref="SqlTemplates"/>: column lists from the tables' maps, shared fragments from <c>fragments/</c>). Npgsql
    /// scans a statement's whole text on every execution to rewrite its named parameters, and the files' explanations
    /// were most of it.
    /// </summary>
    public string Query(string name) => _queries.GetOrAdd(name, n =>
        SqlTemplates.Expand(WithoutCommentLines(Read($"{Name}/queries/{n}.sql")), fragment => WithoutCommentLines(Read($"{Name}/fragments/{fragment}.sql"))));

    /// <summary>The migration scripts in the order they apply (by file name).</summary>
    public IReadOnlyList<(string Name, string Text)> Migrations() =>
        [.. Resources.GetManifestResourceNames()
            .Where(r => r.StartsWith($"{Name}/migrations/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(r => (Path.GetFileNameWithoutExtension(r), Read(r)))];

    public DbParameter Parameter(string name, object? value, DbType type)
    {
        var parameter = Factory.CreateParameter()!;
        parameter.ParameterName = name;
        parameter.DbType = MapType(type);
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }

    /// <summary>
    /// The engine's type for a value the statements describe portably. Timestamps are bound as
    /// <see cref="DbType.DateTime2"/>: millisecond-exact, where SqlClient's <see cref="DbType.DateTime"/> is the
    /// legacy <c>datetime</c> type (1/300 s steps).
    /// </summary>
    protected virtual DbType MapType(DbType type) => type;

    public static SqlDialect? ForProvider(string provider) => provider switch
    {
        PostgresDialect.ProviderName => new PostgresDialect(),
        SqlServerDialect.ProviderName => new SqlServerDialect(),
        _ => null,
    };

    private static string WithoutCommentLines(string text) =>
        string.Join('\n', text.Split('\n').Where(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal)));

    private static string Read(string resource)
    {
        using var stream = Resources.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded SQL '{resource}' is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
