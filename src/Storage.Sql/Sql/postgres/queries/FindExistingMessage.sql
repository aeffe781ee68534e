-- The message an append was refused for: the one with its external id, or with its id.
SELECT {message_row}
FROM runtype_messages
WHERE conversation_id = @conversation_id AND (external_message_id = @external_message_id OR id = @message_id);
