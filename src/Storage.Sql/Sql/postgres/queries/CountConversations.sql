-- A listing's total when it filters by external thread or participant e-mail (CountConversationTotals.sql serves
-- the others): such a filter matches few rows (one per thread). Filter lines as in ListOlder.sql.
SELECT count(*)
FROM runtype_conversations
WHERE owner = @owner
  AND surface_id = @surface_id -- when surface_id
  AND status = @status -- when status
  AND external_thread_id = @external_thread_id -- when external_thread_id
  AND participant_email = @participant_email -- when participant_email
