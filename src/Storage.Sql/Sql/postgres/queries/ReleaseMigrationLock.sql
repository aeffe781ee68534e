SELECT pg_advisory_unlock(7461947301);
