using System.Data;
using Runtype.Grains;
using Runtype.Storage.Sql;

namespace Runtype.Static.Tests;

/// <summary>
/// The message column map (<see cref="MessageColumns"/>) against itself, without a database: the statements select
/// its columns in its order (<c>{message_row}</c>), so each column's ordinal must be its place, and a row written from
/// the map must read back as the message it came from. A column added to the map but not read (or read at another
/// place) fails here before any store test.
/// </summary>
public sealed class MessageColumnsTests
{
    private static readonly Message Sample = new()
    {
        Id = Identifiers.NewMessageId(),
        ConversationId = Identifiers.NewConversationId(),
        Position = 7,
        Role = MessageRole.Assistant,
        Direction = MessageDirection.Outbound,
        Content = "content ü 👋",
        ExternalMessageId = "external",
        FlowStepResultId = "flow step",
        Metadata = """{"k":"v"}""",
        CreatedAt = new DateTime(2024, 5, 1, 9, 30, 0, 123, DateTimeKind.Utc),
        RedactedAt = new DateTime(2024, 5, 2, 10, 0, 0, 456, DateTimeKind.Utc),
        Delivery = new MessageDelivery { Status = DeliveryStatus.Failed, Attempts = 3, LastError = "550 \"no\" 👋", SentAt = new DateTime(2024, 5, 1, 9, 31, 0, 7, DateTimeKind.Utc) },
    };

    [Fact]
    public void Every_column_sits_at_its_ordinal_and_has_a_name_of_its_own()
    {
        Assert.Equal(Enumerable.Range(0, MessageColumns.Row.Count), MessageColumns.Row.Select(c => c.Ordinal));
        Assert.Equal(MessageColumns.Row.Count, MessageColumns.Row.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>So that the round trip below covers every field: a field the map forgets reads back as its default.</summary>
    [Fact]
    public void The_sample_sets_every_field_of_a_message()
    {
        Assert.All(typeof(Message).GetProperties(), p => Assert.False(IsDefault(p.GetValue(Sample), p.PropertyType), $"Sample leaves {p.Name} at its default"));
    }

    [Fact]
    public void A_row_written_from_the_map_reads_back_as_its_message()
    {
        using var table = new DataTable();
        foreach (var column in MessageColumns.Row)
        {
            table.Columns.Add(column.Name, typeof(object));
        }

        table.Rows.Add([.. MessageColumns.Row.Select(c => c.Value(Sample) ?? DBNull.Value)]);
        using var reader = table.CreateDataReader();
        Assert.True(reader.Read());

        Assert.Equal(Sample, MessageColumns.Read(reader));
    }

    [Fact]
    public void A_write_sends_every_column_but_the_conversation_and_the_redaction()
    {
        Assert.Equal(
            MessageColumns.Row.Select(c => c.Name).Except(["conversation_id", "redacted_at"]),
            MessageColumns.Written.Select(c => c.Name));
    }

    internal static bool IsDefault(object? value, Type type) =>
        value is null || (type.IsValueType && Nullable.GetUnderlyingType(type) is null && value.Equals(Activator.CreateInstance(type)));
}
