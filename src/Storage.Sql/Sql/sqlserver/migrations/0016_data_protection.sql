-- The ASP.NET Core Data Protection key ring (SqlXmlRepository): the keys that encrypt the secrets grains keep in their
-- state (email surfaces' passwords), in the one database every silo reads, so each silo opens what another protected.
-- One row per element of the ring (a key, a revocation), named by Data Protection (key-<guid>, revocation-...) and
-- never updated: storing a name again keeps the first row. element_xml holds a key's secret material, in plain XML
-- unless DataProtection:CertificatePath is set (docs/operations.md): grant this table as the database's other secrets.
-- friendly_name counts UTF-16 units as the repository measures it (SqlXmlRepository.MaxFriendlyNameLength): 200
-- bytes of key. element_xml is nvarchar(max), not xml: the element comes back as the text that was stored, and a key
-- encrypted to a certificate is a few kilobytes.
CREATE TABLE dbo.runtype_data_protection_keys (
    friendly_name nvarchar(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    element_xml   nvarchar(max) NOT NULL,
    created_at    datetime2(3) NOT NULL,
    CONSTRAINT pk_runtype_data_protection_keys PRIMARY KEY CLUSTERED (friendly_name)
);
