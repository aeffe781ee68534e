using Microsoft.SqlServer.TransactSql.ScriptDom;
using Runtype.Storage.Sql;
using Runtype.Testing;

namespace Runtype.Static.Tests.TSql;

/// <summary>
/// The Data Protection key ring's table on SQL Server (migration 0016) as the repository uses it: columns sized in the
/// units the repository measures, and an insert-if-absent that two silos storing one name at once cannot both run.
/// </summary>
public sealed class DataProtectionKeyTableTests
{
    private static readonly TSqlSchema Schema = TSqlSchema.FromMigrations();

    [Fact]
    public void The_friendly_name_column_holds_the_longest_name_the_repository_accepts_in_UTF16_units()
    {
        var column = Schema.Column("runtype_data_protection_keys", "friendly_name");

        // The repository measures string.Length (UTF-16 units), and nvarchar(n) counts the same units.
        Assert.Equal(("nvarchar", SqlXmlRepository.MaxFriendlyNameLength), (column?.Type, column?.Length));
        // The primary key's bytes stay under SQL Server's 900 for a clustered index.
        Assert.True(2 * SqlXmlRepository.MaxFriendlyNameLength <= 900);
        Assert.True(("revocation-" + Guid.NewGuid().ToString("D")).Length <= SqlXmlRepository.MaxFriendlyNameLength);
    }

    [Fact]
    public void The_element_is_unbounded_text_and_the_time_is_datetime2()
    {
        var xml = Schema.Column("runtype_data_protection_keys", "element_xml");
        var created = Schema.Column("runtype_data_protection_keys", "created_at");

        Assert.Equal(("nvarchar", -1), (xml?.Type, xml?.Length));
        Assert.Equal("datetime2", created?.Type);
        Assert.Equal(["friendly_name", "element_xml", "created_at"], Schema.Columns("runtype_data_protection_keys").Select(c => c.Name));
    }

    /// <summary>
    /// Without a transaction around it, the check's locks would end with the check, and two writers of one name could
    /// both find it absent and one fail on the primary key.
    /// </summary>
    [Fact]
    public void Storing_a_key_checks_for_its_name_under_a_range_lock_held_to_the_insert()
    {
        var visitor = new KeyInsert();
        TSqlText.Parse(SqlResources.Shipped("sqlserver/queries/StoreDataProtectionKey.sql")).Accept(visitor);

        Assert.True(visitor.BeginsTransaction, "the check and the insert are not in one transaction");
        Assert.True(visitor.Commits, "the transaction is not committed");
        var hints = Assert.Single(visitor.CheckHints);
        Assert.Contains(TableHintKind.UpdLock, hints);
        Assert.Contains(TableHintKind.HoldLock, hints);
        Assert.Equal(1, visitor.Inserts);
    }

    private sealed class KeyInsert : TSqlFragmentVisitor
    {
        public bool BeginsTransaction { get; private set; }

        public bool Commits { get; private set; }

        public int Inserts { get; private set; }

        public List<TableHintKind[]> CheckHints { get; } = [];

        public override void Visit(BeginTransactionStatement node) => BeginsTransaction = true;

        public override void Visit(CommitTransactionStatement node) => Commits = true;

        public override void Visit(InsertSpecification node) => Inserts++;

        public override void Visit(ExistsPredicate node)
        {
            var tables = new TableReferences();
            node.Subquery.Accept(tables);
            CheckHints.AddRange(tables.Hints);
        }
    }

    private sealed class TableReferences : TSqlFragmentVisitor
    {
        public List<TableHintKind[]> Hints { get; } = [];

        public override void Visit(NamedTableReference node)
        {
            if (node.SchemaObject.BaseIdentifier.Value == "runtype_data_protection_keys")
            {
                Hints.Add([.. node.TableHints.Select(h => h.HintKind)]);
            }
        }
    }
}
