SELECT {message_row}
FROM dbo.runtype_messages
WHERE conversation_id = @conversation_id AND id = @message_id;
