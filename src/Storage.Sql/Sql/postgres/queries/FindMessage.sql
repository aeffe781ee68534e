SELECT {message_row}
FROM runtype_messages
WHERE conversation_id = @conversation_id AND id = @message_id;
