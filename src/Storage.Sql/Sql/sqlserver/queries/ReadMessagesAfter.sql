SELECT TOP (@take) {message_row}
FROM dbo.runtype_messages
WHERE conversation_id = @conversation_id AND position > @position
ORDER BY position;
