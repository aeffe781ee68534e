-- The owner's messages on one surface whose external id is one of @external_message_ids (up to 200: an e-mail's
-- In-Reply-To and References), with their conversations' ids and statuses: how a reply finds the conversation it
-- belongs to. One look of ix_runtype_messages_external (0017) per id, then each message's conversation by its primary
-- key; the ids compare exactly (COLLATE "C" columns, "=" on text pads nothing). A deleted conversation has no
-- messages left, so it is never found.
SELECT m.external_message_id, c.id, c.status
FROM runtype_messages m
JOIN runtype_conversations c ON c.owner = @owner AND c.id = m.conversation_id
WHERE m.external_message_id = ANY (@external_message_ids) AND m.external_message_id IS NOT NULL
  AND c.surface_id = @surface_id;
