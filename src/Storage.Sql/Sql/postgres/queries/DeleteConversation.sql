-- One statement, so one transaction: the conversation row (at the expected version) and its messages go together.
WITH deleted AS (
    DELETE FROM runtype_conversations
    WHERE owner = @owner AND id = @id AND version = @expected_version
    RETURNING id
), deleted_messages AS (
    DELETE FROM runtype_messages WHERE conversation_id IN (SELECT id FROM deleted)
)
SELECT count(*) FROM deleted;
