using Microsoft.SqlServer.TransactSql.ScriptDom;
using Runtype.Testing;

namespace Runtype.Static.Tests;

/// <summary>
/// sp_getapplock reports a lock it could not grant in its return code, not with an error; SQL Server cannot run
/// here, so the shipped script is read with Microsoft's parser to show it checks that code and stops.
/// </summary>
public sealed class MigrationLockScriptTests
{
    [Fact]
    public void Acquiring_the_migration_lock_on_SQL_Server_fails_when_sp_getapplock_returns_a_negative_code()
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(SqlResources.Read("sqlserver/queries/AcquireMigrationLock.sql"));
        var script = parser.Parse(reader, out var errors);
        Assert.Empty(errors);
        var visitor = new LockScript();
        script.Accept(visitor);

        var call = Assert.Single(visitor.Calls);
        var result = call.Variable?.Name;
        Assert.True(result is not null, "the return code of sp_getapplock is not assigned to a variable");
        var check = visitor.Ifs.FirstOrDefault(i => IsNegativeCheckOf(i.Predicate, result));
        Assert.True(check is not null, $"no IF {result} < 0 follows sp_getapplock");
        var raises = new RaisedErrors();
        check.ThenStatement.Accept(raises);
        Assert.True(raises.Count > 0, $"IF {result} < 0 does not THROW or RAISERROR");
    }

    private static bool IsNegativeCheckOf(BooleanExpression predicate, string variable) =>
        predicate is BooleanComparisonExpression
        {
            ComparisonType: BooleanComparisonType.LessThan,
            FirstExpression: VariableReference left,
            SecondExpression: IntegerLiteral { Value: "0" },
        } && string.Equals(left.Name, variable, StringComparison.OrdinalIgnoreCase);

    private sealed class LockScript : TSqlFragmentVisitor
    {
        public List<ExecuteSpecification> Calls { get; } = [];

        public List<IfStatement> Ifs { get; } = [];

        public override void Visit(ExecuteSpecification node)
        {
            var name = (node.ExecutableEntity as ExecutableProcedureReference)?.ProcedureReference.ProcedureReference?.Name.BaseIdentifier.Value;
            if (string.Equals(name, "sp_getapplock", StringComparison.OrdinalIgnoreCase))
            {
                Calls.Add(node);
            }
        }

        public override void Visit(IfStatement node) => Ifs.Add(node);
    }

    private sealed class RaisedErrors : TSqlFragmentVisitor
    {
        public int Count { get; private set; }

        public override void Visit(ThrowStatement node) => Count++;

        public override void Visit(RaiseErrorStatement node)
        {
            // Severity 10 or less is a message, not an error: the runner would carry on.
            if (node.SecondParameter is IntegerLiteral { Value: var severity } && int.Parse(severity, System.Globalization.CultureInfo.InvariantCulture) > 10)
            {
                Count++;
            }
        }
    }
}
