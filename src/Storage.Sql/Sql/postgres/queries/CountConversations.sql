-- Filter lines as in ListOlder.sql.
SELECT count(*)
FROM runtype_conversations
WHERE owner = @owner
  AND surface_id = @surface_id -- when surface_id
  AND status = @status -- when status
  AND external_thread_id = @external_thread_id -- when external_thread_id
  AND participant_email = @participant_email -- when participant_email
