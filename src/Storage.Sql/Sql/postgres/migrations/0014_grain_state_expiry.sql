-- Expired grain state is deleted by state name and age (DeleteExpiredGrainState.sql): Idempotency-Key records are
-- worth nothing 24 hours after their answer, and a client sending a fresh key with every POST would otherwise grow
-- this table forever.
CREATE INDEX IF NOT EXISTS ix_runtype_orleans_storage_expiry ON runtype_orleans_storage (grain_type, modified_at);
