using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Runtype.Static.Tests.TSql;

/// <summary>
/// What one T-SQL statement references, read from its syntax tree: tables, columns, the variables it expects the
/// caller to bind (those it does not DECLARE itself), which column each variable is compared with, assigned to
/// or inserted into, and which column/variable pairs it also compares by DATALENGTH.
/// </summary>
internal sealed class TSqlBinding : TSqlFragmentVisitor
{
    public HashSet<string> Tables { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> Columns { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> Variables { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> Declared { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// (column, variable, how): "=" for an equality, "compare" for another comparison, "set" for an assignment or
    /// an inserted value.
    /// </summary>
    public List<(string Column, string Variable, string How)> Pairs { get; } = [];

    public HashSet<(string Column, string Variable)> LengthChecked { get; } = [];

    public static TSqlBinding Of(string text)
    {
        var binding = new TSqlBinding();
        TSqlText.Parse(text).Accept(binding);
        return binding;
    }

    public IEnumerable<string> Parameters => Variables.Except(Declared, StringComparer.OrdinalIgnoreCase);

    public override void Visit(NamedTableReference node) => Tables.Add(node.SchemaObject.BaseIdentifier.Value);

    public override void Visit(ColumnReferenceExpression node)
    {
        if (node.MultiPartIdentifier is { } name)
        {
            Columns.Add(name.Identifiers[^1].Value);
        }
    }

    public override void Visit(VariableReference node) => Variables.Add(node.Name);

    /// <summary>In <c>EXEC sp_getapplock @Resource = N'…'</c> the name is the procedure's parameter, not a variable of the batch: only the value is visited.</summary>
    public override void ExplicitVisit(ExecuteParameter node) => node.ParameterValue?.Accept(this);

    public override void Visit(DeclareVariableElement node) => Declared.Add(node.VariableName.Value);

    /// <summary>The columns of the table variables the text declares itself (a trigger's working tables).</summary>
    public Dictionary<string, ColumnDefinition> TableVariableColumns { get; } = new(StringComparer.OrdinalIgnoreCase);

    public override void Visit(DeclareTableVariableBody node)
    {
        Declared.Add(node.VariableName.Value);
        foreach (var column in node.Definition.ColumnDefinitions)
        {
            TableVariableColumns[column.ColumnIdentifier.Value] = column;
        }
    }

    public override void Visit(BooleanComparisonExpression node)
    {
        if (Pair(node.FirstExpression, node.SecondExpression) is { } compared)
        {
            Pairs.Add((compared.Column, compared.Variable, node.ComparisonType == BooleanComparisonType.Equals ? "=" : "compare"));
        }

        if (node.ComparisonType != BooleanComparisonType.Equals)
        {
            return;
        }

        if (node.FirstExpression is FunctionCall { FunctionName.Value: var f1, Parameters: [var a] }
            && node.SecondExpression is FunctionCall { FunctionName.Value: var f2, Parameters: [var b] }
            && f1.Equals("DATALENGTH", StringComparison.OrdinalIgnoreCase) && f2.Equals("DATALENGTH", StringComparison.OrdinalIgnoreCase)
            && Pair(a, b) is { } checkedPair)
        {
            LengthChecked.Add(checkedPair);
        }
    }

    public override void Visit(AssignmentSetClause node)
    {
        if (node.Column?.MultiPartIdentifier is { } column && node.NewValue is VariableReference variable)
        {
            Pairs.Add((column.Identifiers[^1].Value, variable.Name, "set"));
        }
    }

    /// <summary>(table, column) for each column an INSERT into or an UPDATE of a named table writes.</summary>
    public List<(string Table, string Column)> Written { get; } = [];

    public override void Visit(UpdateSpecification node)
    {
        if (node.Target is NamedTableReference target)
        {
            foreach (var clause in node.SetClauses.OfType<AssignmentSetClause>().Where(c => c.Column is not null))
            {
                Written.Add((target.SchemaObject.BaseIdentifier.Value, clause.Column.MultiPartIdentifier.Identifiers[^1].Value));
            }
        }
    }

    public override void Visit(InsertSpecification node)
    {
        if (node.Target is NamedTableReference target)
        {
            Written.AddRange(node.Columns.Select(c => (target.SchemaObject.BaseIdentifier.Value, c.MultiPartIdentifier.Identifiers[^1].Value)));
        }

        if (node.InsertSource is not ValuesInsertSource values)
        {
            return;
        }

        foreach (var row in values.RowValues)
        {
            for (var i = 0; i < node.Columns.Count && i < row.ColumnValues.Count; i++)
            {
                if (row.ColumnValues[i] is VariableReference variable)
                {
                    Pairs.Add((node.Columns[i].MultiPartIdentifier.Identifiers[^1].Value, variable.Name, "set"));
                }
            }
        }
    }

    private static (string Column, string Variable)? Pair(ScalarExpression first, ScalarExpression second) => (first, second) switch
    {
        (ColumnReferenceExpression c, VariableReference v) => (c.MultiPartIdentifier.Identifiers[^1].Value, v.Name),
        (VariableReference v, ColumnReferenceExpression c) => (c.MultiPartIdentifier.Identifiers[^1].Value, v.Name),
        _ => null,
    };
}
