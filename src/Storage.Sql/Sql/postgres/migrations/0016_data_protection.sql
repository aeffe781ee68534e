-- The ASP.NET Core Data Protection key ring (SqlXmlRepository): the keys that encrypt the secrets grains keep in their
-- state (email surfaces' passwords), in the one database every silo reads, so each silo opens what another protected.
-- One row per element of the ring (a key, a revocation), named by Data Protection (key-<guid>, revocation-...) and
-- never updated: storing a name again keeps the first row. element_xml holds a key's secret material, in plain XML
-- unless DataProtection:CertificatePath is set (docs/operations.md): grant this table as the database's other secrets.
CREATE TABLE IF NOT EXISTS runtype_data_protection_keys (
    friendly_name varchar(100) COLLATE "C" NOT NULL,
    element_xml   text NOT NULL,
    created_at    timestamptz NOT NULL,
    CONSTRAINT pk_runtype_data_protection_keys PRIMARY KEY (friendly_name)
);
