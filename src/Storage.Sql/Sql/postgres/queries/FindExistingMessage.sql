-- The message an append was refused for: the one with its external id, or with its id.
SELECT conversation_id, position, id, role, direction, content, external_message_id, flow_step_result_id, metadata, created_at, redacted_at
FROM runtype_messages
WHERE conversation_id = @conversation_id AND (external_message_id = @external_message_id OR id = @message_id);
