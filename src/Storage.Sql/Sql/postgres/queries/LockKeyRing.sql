-- The key ring's lock until the caller's transaction ends (SqlXmlRepository.Exclusively): silos starting together
-- load the ring one at a time, so only the first makes a key. Not the migrations' lock (7461947301).
SELECT pg_advisory_xact_lock(7461947302);
