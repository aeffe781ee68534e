-- The key ring's lock until the caller's transaction ends (SqlXmlRepository.Exclusively): silos starting together
-- load the ring one at a time, so only the first makes a key. sp_getapplock returns a negative code instead of
-- failing when it cannot grant the lock, so the code is checked: a silo without the lock must not go on as if it held it.
DECLARE @result int;
EXEC @result = sp_getapplock @Resource = N'runtype_data_protection_keys', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 60000;
IF @result < 0
BEGIN
    DECLARE @message nvarchar(200) = CONCAT(N'Could not take the key ring lock runtype_data_protection_keys (sp_getapplock returned ', @result, N').');
    THROW 51000, @message, 1;
END;
