-- The owner's messages on one surface whose external id is one of @external_message_ids (dbo.runtype_external_message_ids,
-- migration 0017; up to 200: an e-mail's In-Reply-To and References), with their conversations' ids and statuses: how
-- a reply finds the conversation it belongs to. "=" on nvarchar ignores trailing spaces, so the ids compare by the
-- SHA-256 of their exact bytes (external_message_key, 0004), one seek of ix_runtype_messages_external (0017)
-- per id, and the surface by DATALENGTH too. A deleted conversation has no messages left, so it is never found.
SELECT i.external_message_id, c.id, c.status
FROM @external_message_ids i
JOIN dbo.runtype_messages m
  ON m.external_message_key = HASHBYTES('SHA2_256', i.external_message_id) AND m.external_message_key IS NOT NULL
JOIN dbo.runtype_conversations c ON c.owner = @owner AND c.id = m.conversation_id
WHERE c.surface_id = @surface_id AND DATALENGTH(c.surface_id) = DATALENGTH(@surface_id);
