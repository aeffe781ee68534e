-- Session lock: concurrent starters wait instead of racing through the same scripts.
SELECT pg_advisory_lock(7461947301);
