SELECT name, checksum FROM dbo.runtype_migrations;
