-- The conversation and its events (conversation.created) in one transaction; a taken id or thread fails both.
SET XACT_ABORT ON;
BEGIN TRANSACTION;
-- The exact-match keys are hashes of their columns' exact bytes (docs/storage.md): "=" on nvarchar ignores trailing spaces.
INSERT INTO dbo.runtype_conversations ({conversation_columns}, external_thread_key, participant_email_key)
VALUES ({conversation_values}, HASHBYTES('SHA2_256', @external_thread_id), HASHBYTES('SHA2_256', @participant_email));
{include:InsertEvents}
COMMIT TRANSACTION;
