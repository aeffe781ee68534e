INSERT INTO dbo.runtype_migrations (name, checksum) VALUES (@name, @checksum);
