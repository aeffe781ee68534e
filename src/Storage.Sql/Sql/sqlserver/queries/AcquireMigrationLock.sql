-- Session lock: concurrent starters wait instead of racing through the same scripts. sp_getapplock does not
-- fail when it cannot grant the lock, it returns a negative code (-1 timeout, -2 canceled, -3 deadlock victim,
-- -999 bad call), so the code is checked here: a runner without the lock must stop, not run the scripts unguarded.
DECLARE @result int;
EXEC @result = sp_getapplock @Resource = N'runtype_migrations', @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = 60000;
IF @result < 0
BEGIN
    DECLARE @message nvarchar(200) = CONCAT(N'Could not take the migration lock runtype_migrations (sp_getapplock returned ', @result, N'); another runner may still hold it. Nothing was applied; try again.');
    THROW 51000, @message, 1;
END;
