-- History import (ImportMessages.sql) needs nothing new on PostgreSQL: its batch travels as parameter arrays,
-- unnested by the statement. This file keeps the migration names the same on both engines (SQL Server adds the
-- table type its batch travels in).
SELECT 1;
