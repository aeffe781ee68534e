-- A listing's total when it filters by surface and status at most: the sum of the owner's totals (migration 0011),
-- kept by triggers, so its cost does not grow with the conversations counted. Filter lines as in ListOlder.sql.
SELECT coalesce(sum(total), 0)::bigint
FROM runtype_conversation_totals
WHERE owner = @owner
  AND surface_id = @surface_id -- when surface_id
  AND status = @status -- when status
