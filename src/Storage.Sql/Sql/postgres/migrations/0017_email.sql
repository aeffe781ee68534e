-- Email surfaces (spec email.md). A message's delivery, how its emailing stands (DeliveryJson: {"status","attempts",
-- "lastError","sentAt"}), as text like the other JSON columns; null on every message that is not emailed, so adding
-- the column rewrites no row.
-- A reply finds its conversation by the external message ids its mail names (FindByExternalMessageIds.sql): the index
-- on external_message_id alone serves that look across an owner's conversations (the unique one starts with the
-- conversation). Building it reads every message under a lock that holds writes of messages back until it ends: on a
-- large table, run this migration in a quiet hour.
ALTER TABLE runtype_messages ADD COLUMN IF NOT EXISTS delivery text NULL;

CREATE INDEX IF NOT EXISTS ix_runtype_messages_external
    ON runtype_messages (external_message_id) WHERE external_message_id IS NOT NULL;
