SELECT to_regclass('runtype_migrations') IS NOT NULL;
