-- Grain state rows of one state name (Orleans writes it as grain_type) last written before @before, at most @take of
-- them (ix_runtype_orleans_storage_expiry, 0014): expired Idempotency-Key records. modified_at is datetime2(3), and so
-- is @before: no legacy datetime rounding. "=" on nvarchar ignores trailing spaces, DATALENGTH does not.
DELETE TOP (@take) FROM dbo.runtype_orleans_storage
WHERE grain_type = @grain_type AND DATALENGTH(grain_type) = DATALENGTH(@grain_type) AND modified_at < @before;
