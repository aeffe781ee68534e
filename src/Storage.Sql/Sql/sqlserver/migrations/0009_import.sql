-- History import (ImportMessages.sql): the batch's messages travel as one table-valued parameter of this type,
-- columns as in dbo.runtype_messages (the T-SQL binder test checks them against it and against the parameter).
-- The external id's hash key is computed by the statement, so it is the same as a live append's.
CREATE TYPE dbo.runtype_message_rows AS TABLE (
    position            bigint NOT NULL PRIMARY KEY,
    id                  varchar(30) COLLATE Latin1_General_100_BIN2 NOT NULL,
    role                smallint NOT NULL,
    direction           smallint NOT NULL,
    content             nvarchar(max) NOT NULL,
    external_message_id nvarchar(1000) COLLATE Latin1_General_100_BIN2 NULL,
    flow_step_result_id nvarchar(510) NULL,
    metadata            nvarchar(max) NOT NULL,
    created_at          datetime2(3) NOT NULL
);
