-- The whole Data Protection key ring (SqlXmlRepository.GetAllElements), oldest element first.
SELECT element_xml
FROM dbo.runtype_data_protection_keys
ORDER BY created_at, friendly_name;
