-- Every append rewrites its conversation's row (counters, updated_at), and updated_at is in the listing indexes,
-- so the update cannot be HOT: each append leaves a dead row version and a dead entry in every index. A busy
-- conversation builds up thousands of them within seconds, and appends slow down as they accumulate (measured:
-- 64 busy conversations went from ~4,500 to ~2,000 appends/s as 60,000 dead versions piled up). Vacuum this
-- table by the number of dead rows, not by a fraction of the table, and without cost-based pauses; how soon it
-- runs is then bounded by the server's autovacuum_naptime (docs/storage.md recommends lowering it).
ALTER TABLE runtype_conversations SET (
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 2000,
    autovacuum_vacuum_cost_delay = 0,
    autovacuum_analyze_scale_factor = 0.05);
