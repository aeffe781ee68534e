namespace Runtype.Hosting;

/// <summary>
/// The Data Protection key ring that encrypts secrets kept in grain state (email passwords). Section
/// <c>DataProtection</c>. The ring itself lives in the configured store (<c>Storage:Provider</c>).
/// </summary>
public sealed class RuntypeDataProtectionOptions
{
    public const string Section = "DataProtection";

    /// <summary>
    /// A PKCS#12 (.pfx) file whose certificate encrypts each key's XML before it is stored; it needs the private key,
    /// which opens them again. Unset, the keys are stored as plain XML, as readable as the table they are in.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>, if the file has one.</summary>
    public string? CertificatePassword { get; set; }
}
