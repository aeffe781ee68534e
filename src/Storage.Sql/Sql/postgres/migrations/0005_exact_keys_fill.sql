-- Thread keys of surfaces whose id contains a newline move to the unambiguous encoding (a NUL before each
-- part; see SqlConversationStore.ThreadKey). Every other thread key keeps the encoding it was written with.
UPDATE runtype_conversations
SET thread_key = sha256('\x00'::bytea || convert_to(surface_id, 'UTF8') || '\x00'::bytea || convert_to(external_thread_id, 'UTF8'))
WHERE external_thread_id IS NOT NULL AND strpos(surface_id, E'\n') > 0;
