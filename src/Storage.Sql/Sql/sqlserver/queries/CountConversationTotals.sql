-- A listing's total when it filters by surface and status at most: the sum of the owner's totals (migration 0011),
-- kept by a trigger, so its cost does not grow with the conversations counted. Totals key a surface by a hash of
-- its exact UTF-16 bytes: "=" on nvarchar ignores trailing spaces, and "a" and "a " are two surfaces.
SELECT COALESCE(SUM(total), 0)
FROM dbo.runtype_conversation_totals
WHERE owner = @owner
  AND (@surface_id IS NULL OR surface_key = HASHBYTES('SHA2_256', @surface_id))
  AND (@status IS NULL OR status = @status)
OPTION (RECOMPILE);
