-- A key ring element, unless its name is stored already: elements are immutable, and a retry whose first attempt
-- committed must not fail. UPDLOCK, HOLDLOCK keep the name's range locked from the check to the insert, so two writers
-- of one name wait for each other instead of one failing on the primary key. The check's "=" pads trailing spaces as
-- the primary key does, so it finds exactly the rows the key would refuse. created_at is the server's time of the write.
SET XACT_ABORT ON;
BEGIN TRANSACTION;
IF NOT EXISTS (SELECT 1 FROM dbo.runtype_data_protection_keys WITH (UPDLOCK, HOLDLOCK) WHERE friendly_name = @friendly_name)
    INSERT INTO dbo.runtype_data_protection_keys (friendly_name, element_xml, created_at)
    VALUES (@friendly_name, @element_xml, SYSUTCDATETIME());
COMMIT TRANSACTION;
