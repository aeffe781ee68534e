SELECT conversation_id, position, id, role, direction, content, external_message_id, flow_step_result_id, metadata, created_at, redacted_at
FROM runtype_messages
WHERE conversation_id = @conversation_id AND id = @message_id;
