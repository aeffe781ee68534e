using System.Data;
using System.Data.Common;
using Runtype.Grains;
using Runtype.Grains.Events;

namespace Runtype.Storage.Sql;

internal sealed partial class SqlStatements
{
    /// <summary>
    /// Appends one conversation's messages and records the write's events (AppendMessages.sql), all or nothing: a post
    /// is one message, a busy conversation's batch or a history import many. The conversation moves from
    /// <paramref name="expectedVersion"/> to <paramref name="updated"/>, and the messages are inserted, only when none of
    /// their external ids (nor, when <paramref name="probeIds"/>, their ids) is stored already. Selects one row
    /// (true, null, null) when it appended, else a row (false, external id, id) per stored message that holds one of
    /// the messages' external ids or ids, whatever the version; no row: the conversation moved on or went.
    /// </summary>
    public DbCommand AppendMessages(Conversation updated, IReadOnlyList<Message> messages, long expectedVersion, IReadOnlyList<ConversationEvent> events, bool probeIds)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0 || messages.Any(m => m.ConversationId != updated.Id))
        {
            throw new ArgumentException($"An append to {updated.Id} carries at least one message, and only messages of that conversation.", nameof(messages));
        }

        var command = Command("AppendMessages");
        BindEvents(command.Parameters, updated.Owner, updated.Id, events);
        dialect.BindMessages(command.Parameters, messages, probeIds);
        Bind(command.Parameters, updated, ConversationColumns.Appended);
        Bind(command.Parameters, ("expected_version", expectedVersion, DbType.Int64));
        return command;
    }

    /// <summary>
    /// A group commit's appends, one message each, in one statement (AppendMessageGroup.sql, PostgreSQL): selects the
    /// 1-based place of each append that took effect.
    /// </summary>
    public DbCommand AppendMessageGroup(IReadOnlyList<AppendWrite> appends)
    {
        ArgumentNullException.ThrowIfNull(appends);
        foreach (var append in appends)
        {
            CheckEvents(append.Updated.Owner, append.Updated.Id, append.Events);
            if (append.Message.ConversationId != append.Updated.Id)
            {
                throw new ArgumentException($"An append to {append.Updated.Id} carries a message of another conversation.", nameof(appends));
            }
        }

        var command = Command("AppendMessageGroup");
        dialect.BindAppendGroup(command.Parameters, appends);
        return command;
    }
}
