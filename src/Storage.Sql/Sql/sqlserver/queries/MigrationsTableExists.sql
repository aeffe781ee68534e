SELECT CAST(CASE WHEN OBJECT_ID(N'dbo.runtype_migrations', N'U') IS NULL THEN 0 ELSE 1 END AS bit);
