-- A message can be found by its id within its conversation: a retry whose first attempt committed with an
-- unknown outcome finds the message it reserved (see docs/reliability.md), and one message can be read by id.
CREATE UNIQUE INDEX IF NOT EXISTS ux_runtype_messages_id ON runtype_messages (conversation_id, id);
