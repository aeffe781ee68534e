using Microsoft.SqlServer.TransactSql.ScriptDom;
using Runtype.Testing;

namespace Runtype.Static.Tests.TSql;

/// <summary>
/// SQL Server escalates to a table lock when one statement takes 5,000 locks on one table or index; a delete of a
/// long conversation's messages in one statement would then stall every append. Read from the shipped T-SQL: the
/// messages go in a loop of bounded deletes, each below that threshold.
/// </summary>
public sealed class LockEscalationTests
{
    [Fact]
    public void Deleting_a_conversation_deletes_its_messages_in_batches_below_lock_escalation()
    {
        var visitor = new MessageDeletes();
        TSqlText.Parse(SqlResources.Shipped("sqlserver/queries/DeleteConversation.sql")).Accept(visitor);

        var delete = Assert.Single(visitor.Deletes);
        Assert.True(delete.InLoop, "the messages' delete is not inside a WHILE loop");
        Assert.True(delete.Top is > 0 and < 5000, $"each batch deletes TOP ({delete.Top?.ToString() ?? "all"}) rows");
    }

    private sealed class MessageDeletes : TSqlFragmentVisitor
    {
        private int _loops;

        public List<(bool InLoop, int? Top)> Deletes { get; } = [];

        public override void ExplicitVisit(WhileStatement node)
        {
            _loops++;
            base.ExplicitVisit(node);
            _loops--;
        }

        public override void Visit(DeleteSpecification node)
        {
            if (node.Target is NamedTableReference { SchemaObject.BaseIdentifier.Value: "runtype_messages" })
            {
                var expression = node.TopRowFilter?.Expression is ParenthesisExpression inner ? inner.Expression : node.TopRowFilter?.Expression;
                int? top = expression is IntegerLiteral literal ? int.Parse(literal.Value, System.Globalization.CultureInfo.InvariantCulture) : null;
                Deletes.Add((_loops > 0, top));
            }
        }
    }
}
