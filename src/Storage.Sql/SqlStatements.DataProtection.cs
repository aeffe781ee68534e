using System.Data;
using System.Data.Common;

namespace Runtype.Storage.Sql;

internal sealed partial class SqlStatements
{
    /// <summary>Every element of the Data Protection key ring (keys and revocations), oldest first.</summary>
    public DbCommand ReadDataProtectionKeys() => Command("ReadDataProtectionKeys");

    /// <summary>Stores a key ring element under its friendly name unless that name is stored already (elements are immutable).</summary>
    public DbCommand StoreDataProtectionKey(string friendlyName, string xml)
    {
        var command = Command("StoreDataProtectionKey");
        Bind(command.Parameters, ("friendly_name", friendlyName, DbType.String), ("element_xml", xml, DbType.String));
        return command;
    }

    /// <summary>Takes the key ring's lock until the transaction it runs in ends: one silo at a time makes the first key.</summary>
    public DbCommand LockKeyRing() => Command("LockKeyRing");
}
