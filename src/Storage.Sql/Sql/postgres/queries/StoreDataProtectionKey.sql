-- A key ring element, unless its name is stored already: elements are immutable, and a retry whose first attempt
-- committed must not fail. created_at is the server's time of the write.
INSERT INTO runtype_data_protection_keys (friendly_name, element_xml, created_at)
VALUES (@friendly_name, @element_xml, now())
ON CONFLICT (friendly_name) DO NOTHING;
