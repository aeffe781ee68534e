SELECT name, checksum FROM runtype_migrations;
