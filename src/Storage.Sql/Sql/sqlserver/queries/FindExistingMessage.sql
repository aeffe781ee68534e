-- The message an append was refused for: the one with its external id (by exact bytes), or with its id.
SELECT {message_row}
FROM dbo.runtype_messages
WHERE conversation_id = @conversation_id
  AND (external_message_key = HASHBYTES('SHA2_256', @external_message_id) OR id = @message_id);
