INSERT INTO runtype_migrations (name, checksum) VALUES (@name, @checksum);
