using System.Data;
using Runtype.Grains;
using Runtype.Storage.Sql;

namespace Runtype.Static.Tests;

/// <summary>
/// The conversation column map (<see cref="ConversationColumns"/>) against itself, without a database, as
/// <see cref="MessageColumnsTests"/> does for messages: each selected column at its ordinal, a row written from the map
/// read back as the conversation it came from, and the insert and update lists what the statements need.
/// </summary>
public sealed class ConversationColumnsTests
{
    private static readonly Conversation Sample = new()
    {
        Owner = "owner",
        Id = Identifiers.NewConversationId(),
        Fields = new ConversationFields
        {
            SurfaceId = "email",
            Status = ConversationStatus.Closed,
            Subject = "subject ü 👋",
            ParticipantName = "name",
            ParticipantEmail = "a@example.com",
            ExternalParticipantId = "participant",
            ExternalThreadId = "thread",
            Timezone = "Europe/Paris",
            Context = """{"c":1}""",
            ParticipantMetadata = """{"m":2}""",
            AutoCloseAfter = TimeSpan.FromMinutes(30),
            AutoArchiveAfter = TimeSpan.FromDays(7),
        },
        MessageCount = 12,
        LastMessageAt = new DateTime(2024, 5, 1, 9, 30, 0, 123, DateTimeKind.Utc),
        CreatedAt = new DateTime(2024, 4, 1, 8, 0, 0, 1, DateTimeKind.Utc),
        UpdatedAt = new DateTime(2024, 5, 1, 9, 30, 0, 124, DateTimeKind.Utc),
        Version = 13,
    };

    [Fact]
    public void Every_selected_column_sits_at_its_ordinal_and_has_a_name_of_its_own()
    {
        Assert.Equal(Enumerable.Range(0, ConversationColumns.Row.Count), ConversationColumns.Row.Select(c => c.Ordinal));
        Assert.Equal(ConversationColumns.Inserted.Count, ConversationColumns.Inserted.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(ConversationColumns.Inserted.Except(ConversationColumns.Row), c => Assert.Equal(SqlColumn<Conversation>.NotSelected, c.Ordinal));
    }

    /// <summary>So that the round trip below covers every field: a field the map forgets reads back as its default.</summary>
    [Fact]
    public void The_sample_sets_every_field_of_a_conversation()
    {
        Assert.All(typeof(Conversation).GetProperties(), p => Assert.False(MessageColumnsTests.IsDefault(p.GetValue(Sample), p.PropertyType), $"Sample leaves {p.Name} at its default"));
        Assert.All(typeof(ConversationFields).GetProperties(), p => Assert.False(MessageColumnsTests.IsDefault(p.GetValue(Sample.Fields), p.PropertyType), $"Sample leaves {p.Name} at its default"));
    }

    [Fact]
    public void A_row_written_from_the_map_reads_back_as_its_conversation()
    {
        using var table = new DataTable();
        foreach (var column in ConversationColumns.Row)
        {
            table.Columns.Add(column.Name, typeof(object));
        }

        table.Rows.Add([.. ConversationColumns.Row.Select(c => c.Value(Sample) ?? DBNull.Value)]);
        using var reader = table.CreateDataReader();
        Assert.True(reader.Read());

        Assert.Equal(Sample, ConversationColumns.Read(reader));
    }

    [Fact]
    public void An_update_sets_everything_an_insert_writes_but_the_key_and_the_creation_time()
    {
        Assert.Equal(["owner", "id"], ConversationColumns.Key.Select(c => c.Name));
        Assert.Equal(
            ConversationColumns.Inserted.Select(c => c.Name).Except(["owner", "id", "created_at"]),
            ConversationColumns.Updated.Select(c => c.Name));
        Assert.Contains(ConversationColumns.ThreadKey, ConversationColumns.Updated);
    }
}
