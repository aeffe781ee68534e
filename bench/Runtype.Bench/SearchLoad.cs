using Npgsql;
using NpgsqlTypes;
using Runtype.Storage.Sql;

namespace Runtype.Bench;

/// <summary>
/// Messages of generated English (<see cref="SearchText"/>) written straight into PostgreSQL as the product writes them,
/// for <see cref="BulkLoad.Owner"/>: message k goes to conversation k mod n at the next position, a step of time after
/// message k - 1 (all within the 30 days before the last hour), role and direction alternating by position; each
/// conversation row says how many messages it has, when the last was written and its version (one write each, plus its
/// creation). Each row's search_vector is computed by the product's code (PostgresSearchText) as for the API's writes. Each marker word is planted
/// in 40 to 100 random messages. The secondary indexes of runtype_messages are dropped for the copy and built again from
/// their own definitions after it (the table ends as the migrations made it; building a GIN index in one pass is
/// several times faster than growing it row by row); then VACUUM ANALYZE gives the planner its statistics.
/// </summary>
public static class SearchLoad
{
    private const int Seed = 27;
    private const int PlantedMin = 40;
    private const int PlantedMax = 100;
    private const int Surfaces = 20;
    private const int MinimumMessages = 1_000;
    private static readonly TimeSpan Span = TimeSpan.FromDays(30);

    public static async Task<SearchData> LoadAsync(string connectionString, int messages, int conversations)
    {
        // Every conversation needs a message, and a tenth of the messages must fill the common word's first page many times over.
        if (conversations < 1 || messages < Math.Max(conversations, MinimumMessages))
        {
            throw new ArgumentException($"{messages:N0} messages over {conversations:N0} conversations: at least {MinimumMessages:N0}, and one per conversation.", nameof(messages));
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var lexemes = await SearchLexemes.OfAsync(connection);
        var planted = Plant(new Random(Seed), messages);
        var plantedIn = planted.SelectMany((ks, marker) => ks.Select(k => (k, marker))).ToLookup(p => p.k, p => p.marker);

        // Whole milliseconds, as the API stores times; message k - 1 is always older than message k.
        var end = DateTime.UtcNow.AddHours(-1);
        end = new DateTime(end.Ticks - (end.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var step = Math.Max(1, (long)Span.TotalMilliseconds / messages) * TimeSpan.TicksPerMillisecond;
        DateTime At(int k) => end.AddTicks(-(messages - 1L - k) * step);

        var indexes = await DropIndexesAsync(connection);
        await CopyConversationsAsync(connection, messages, conversations, At);
        var tally = new CommonTally(lexemes);
        await CopyMessagesAsync(connection, messages, conversations, At, plantedIn, tally);
        await ExecuteAsync(connection, "SET maintenance_work_mem = '512MB'");
        foreach (var definition in indexes)
        {
            await ExecuteAsync(connection, definition);
        }

        await ExecuteAsync(connection, "VACUUM ANALYZE runtype_conversations");
        await ExecuteAsync(connection, "VACUUM ANALYZE runtype_messages");
        await ExecuteAsync(connection, "CHECKPOINT"); // measure searches, not the flushing of what was just loaded.

        var common = tally.NearestTo(messages / 10);
        var rare = planted.Select((ks, marker) => new SearchData.RareWord(SearchVocabulary.Markers[marker], ks)).ToList();
        var data = new SearchData(messages, conversations, SearchVocabulary.CommonCandidates[common], tally.FormsOf(common),
            tally.Matches[common], [.. tally.Newest[common].Reverse()], rare);
        await CheckCountsAsync(connection, data);
        return data;
    }

    /// <summary>For each marker, 40 to 100 distinct messages, ascending.</summary>
    private static List<int[]> Plant(Random random, int messages) =>
        [.. SearchVocabulary.Markers.Select(_ =>
        {
            var count = random.Next(PlantedMin, PlantedMax + 1);
            var chosen = new HashSet<int>();
            while (chosen.Count < count)
            {
                chosen.Add(random.Next(messages));
            }

            return chosen.Order().ToArray();
        })];

    /// <summary>Drops every index of runtype_messages but its primary key; returns their definitions, to build them again.</summary>
    private static async Task<List<string>> DropIndexesAsync(NpgsqlConnection connection)
    {
        var indexes = new List<(string Name, string Definition)>();
        await using (var command = new NpgsqlCommand("""
            SELECT indexname, indexdef FROM pg_indexes i
            WHERE schemaname = current_schema() AND tablename = 'runtype_messages'
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            await ExecuteAsync(connection, $"DROP INDEX \"{name}\"");
        }

        return [.. indexes.Select(i => i.Definition)];
    }

    private static async Task CopyConversationsAsync(NpgsqlConnection connection, int messages, int conversations, Func<int, DateTime> at)
    {
        await using var writer = await connection.BeginBinaryImportAsync("""
            COPY runtype_conversations (owner, id, surface_id, status, subject, context, participant_metadata, message_count,
                last_message_at, created_at, updated_at, version) FROM STDIN (FORMAT BINARY)
            """);
        for (var c = 0; c < conversations; c++)
        {
            // Conversation c holds messages c, c + n, c + 2n, ...
            var count = ((messages - c - 1) / conversations) + 1;
            var last = at(c + ((count - 1) * conversations));
            await writer.StartRowAsync();
            await writer.WriteAsync(BulkLoad.Owner, NpgsqlDbType.Text);
            await writer.WriteAsync(BulkLoad.ConversationIdOf(c + 1), NpgsqlDbType.Varchar);
            await writer.WriteAsync($"surface-{(c + 1) % Surfaces}", NpgsqlDbType.Varchar);
            await writer.WriteAsync((short)0, NpgsqlDbType.Smallint);
            await writer.WriteAsync($"Subject {c + 1}", NpgsqlDbType.Text);
            await writer.WriteAsync("{}", NpgsqlDbType.Text);
            await writer.WriteAsync("{}", NpgsqlDbType.Text);
            await writer.WriteAsync((long)count, NpgsqlDbType.Bigint);
            await writer.WriteAsync(last, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(at(c).AddSeconds(-1), NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(last, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(1L + count, NpgsqlDbType.Bigint);
        }

        await writer.CompleteAsync();
    }

    private static async Task CopyMessagesAsync(
        NpgsqlConnection connection, int messages, int conversations, Func<int, DateTime> at, ILookup<int, int> plantedIn, CommonTally tally)
    {
        var text = new SearchText(Seed);
        var words = new List<int>(SearchText.MaxWords + 4);
        // The vector is the product's (PostgresSearchText.Vector, as AppendMessages writes it), in tsvector's text form:
        // copied into a staging table as text, then cast on the way into runtype_messages, as the statement casts it.
        await ExecuteAsync(connection, """
            CREATE TEMP TABLE search_load (conversation_id varchar, position bigint, id varchar, role smallint, direction smallint,
                content text, metadata text, created_at timestamptz, search_vector text)
            """);
        var writer = await connection.BeginBinaryImportAsync("""
            COPY search_load (conversation_id, position, id, role, direction, content, metadata, created_at, search_vector)
            FROM STDIN (FORMAT BINARY)
            """);
        for (var k = 0; k < messages; k++)
        {
            text.NextWords(words);
            foreach (var marker in plantedIn[k])
            {
                words.Insert(text.Place(words), SearchVocabulary.Words.Count + marker);
            }

            tally.Count(k, words);
            var position = (k / conversations) + 1L;
            var participant = (short)((position + 1) % 2); // odd positions: the participant's (user, inbound).
            await writer.StartRowAsync();
            await writer.WriteAsync(BulkLoad.ConversationIdOf((k % conversations) + 1), NpgsqlDbType.Varchar);
            await writer.WriteAsync(position, NpgsqlDbType.Bigint);
            await writer.WriteAsync(SearchData.MessageIdOf(k), NpgsqlDbType.Varchar);
            await writer.WriteAsync(participant, NpgsqlDbType.Smallint);
            await writer.WriteAsync(participant, NpgsqlDbType.Smallint);
            var content = text.Render(words);
            await writer.WriteAsync(content, NpgsqlDbType.Text);
            await writer.WriteAsync("{}", NpgsqlDbType.Text);
            await writer.WriteAsync(at(k), NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(PostgresSearchText.Vector(content), NpgsqlDbType.Text);
        }

        await writer.CompleteAsync();
        await writer.DisposeAsync();
        await ExecuteAsync(connection, """
            INSERT INTO runtype_messages (conversation_id, position, id, role, direction, content, metadata, created_at, search_vector)
            SELECT conversation_id, position, id, role, direction, content, metadata, created_at, search_vector::tsvector FROM search_load;
            DROP TABLE search_load;
            """);
    }

    /// <summary>
    /// The server's own count of matches for the common word and for each rare word, against what was written: the
    /// generated column and the stemmer agree with the lexemes the load counted by, or the run stops here.
    /// </summary>
    private static async Task CheckCountsAsync(NpgsqlConnection connection, SearchData data)
    {
        foreach (var (word, expected) in data.Rare.Select(r => (r.Word, r.Messages.Count)).Prepend((data.CommonWord, data.CommonMatches)))
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM runtype_messages WHERE search_vector @@ to_tsquery('runtype_search'::regconfig, @q)", connection);
            command.Parameters.AddWithValue("q", $"'{word}'");
            var found = (long)(await command.ExecuteScalarAsync())!;
            if (found != expected)
            {
                throw new InvalidOperationException($"search load: the server finds '{word}' in {found:N0} messages; {expected:N0} were written with it.");
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 1800 };
        await command.ExecuteNonQueryAsync();
    }
}
