-- Session lock: concurrent starters wait instead of racing through the same scripts.
EXEC sp_getapplock @Resource = N'runtype_migrations', @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = 60000;
