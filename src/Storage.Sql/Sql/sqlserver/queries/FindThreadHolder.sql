SELECT id FROM dbo.runtype_conversations WHERE owner = @owner AND thread_key = @thread_key;
