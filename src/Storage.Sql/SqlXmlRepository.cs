using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;

namespace Runtype.Storage.Sql;

/// <summary>
/// The Data Protection key ring in the cluster's database (runtype_data_protection_keys, migration 0016), so every
/// silo opens what any silo protected. One row per element, keyed by its friendly name (<c>key-&lt;guid&gt;</c>,
/// <c>revocation-…</c>); elements are immutable, so storing a name again keeps the first row (a retry whose first
/// attempt committed). The interface is synchronous, and so is every call here (<see cref="SqlRunner.Run{T}"/>);
/// errors are classified as the store's are. Data Protection reads the ring once and caches it for about a day.
/// </summary>
public sealed class SqlXmlRepository(SqlDialect dialect, string connectionString, ILogger<SqlXmlRepository> logger) : IXmlRepository
{
    /// <summary>
    /// The longest friendly name, in UTF-16 units (<see cref="string.Length"/>), which is what the SQL Server column
    /// counts (nvarchar(100)). Data Protection's names (<c>key-&lt;guid&gt;</c>, <c>revocation-…</c>) are ASCII and under 50 characters.
    /// </summary>
    public const int MaxFriendlyNameLength = 100;

    private readonly SqlStatements _statements = new(dialect);
    private readonly SqlRunner _runner = new(dialect, connectionString, logger);

    public IReadOnlyCollection<XElement> GetAllElements() => _runner.Run(connection =>
    {
        using var command = _statements.ReadDataProtectionKeys();
        command.Connection = connection;
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    });

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentException.ThrowIfNullOrWhiteSpace(friendlyName);
        if (friendlyName.Length > MaxFriendlyNameLength)
        {
            throw new ArgumentException($"A key ring element's friendly name is at most {MaxFriendlyNameLength} characters long.", nameof(friendlyName));
        }

        var xml = element.ToString(SaveOptions.DisableFormatting);
        _runner.Run(connection =>
        {
            using var command = _statements.StoreDataProtectionKey(friendlyName, xml);
            command.Connection = connection;
            return command.ExecuteNonQuery();
        }, writes: true);
    }

    /// <summary>
    /// Runs <paramref name="load"/> holding the key ring's lock in the database (LockKeyRing.sql), so that silos which
    /// load the ring through it at start-up make one first key between them: two silos that each found the ring empty
    /// would otherwise each make one, and a silo that cached only its own would not open what the other protected
    /// until its cache expired. <paramref name="load"/> reads and writes on connections of its own.
    /// </summary>
    public void Exclusively(Action load)
    {
        ArgumentNullException.ThrowIfNull(load);
        _runner.Run(connection =>
        {
            using var transaction = connection.BeginTransaction();
            using (var command = _statements.LockKeyRing())
            {
                command.Connection = connection;
                command.Transaction = transaction;
                command.ExecuteNonQuery();
            }

            load();
            transaction.Commit();
            return true;
        });
    }
}
