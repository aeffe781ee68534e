-- Grain state rows of one state name (Orleans writes it as grain_type) last written before @before, at most @take of
-- them (ix_runtype_orleans_storage_expiry, 0014): expired Idempotency-Key records.
DELETE FROM runtype_orleans_storage
WHERE ctid IN (
    SELECT ctid FROM runtype_orleans_storage
    WHERE grain_type = @grain_type AND modified_at < @before
    LIMIT @take);
