-- Redaction (DELETE of a message, docs/lifecycle in the spec): the message keeps its row, place and ids; its
-- content and metadata are overwritten, and redacted_at says when. Null on every message never redacted.
ALTER TABLE runtype_messages ADD COLUMN IF NOT EXISTS redacted_at timestamptz NULL;
