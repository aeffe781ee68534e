SELECT {message_row}
FROM runtype_messages
WHERE conversation_id = @conversation_id AND position > @position
ORDER BY position
LIMIT @take;
