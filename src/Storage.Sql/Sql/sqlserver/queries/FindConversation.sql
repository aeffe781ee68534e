SELECT {conversation_row}
FROM dbo.runtype_conversations
WHERE owner = @owner AND id = @id;
