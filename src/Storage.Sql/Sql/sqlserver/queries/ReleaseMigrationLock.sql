EXEC sp_releaseapplock @Resource = N'runtype_migrations', @LockOwner = N'Session';
