SELECT {conversation_row}
FROM runtype_conversations
WHERE owner = @owner AND id = @id;
