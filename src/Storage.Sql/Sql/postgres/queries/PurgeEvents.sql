-- Retention: up to @take events created before @older_than, whoever owns them. Rows are picked by the created_at
-- index and deleted by their ctid (a TID scan, no second index lookup). Appends insert new rows only, so this
-- never waits for them nor makes them wait.
DELETE FROM runtype_events
WHERE ctid = ANY (ARRAY(SELECT ctid FROM runtype_events WHERE created_at < @older_than LIMIT @take));
