namespace Runtype.Hosting;

public sealed class DataProtectionOptionsValidator : OptionsValidator<RuntypeDataProtectionOptions>
{
    public override IEnumerable<string> Failures(RuntypeDataProtectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.CertificatePath))
        {
            if (!string.IsNullOrEmpty(options.CertificatePassword))
            {
                yield return "DataProtection:CertificatePassword is set without DataProtection:CertificatePath; set the path of the .pfx file it opens, or remove the password.";
            }
        }
        else if (!File.Exists(options.CertificatePath))
        {
            yield return $"DataProtection:CertificatePath '{options.CertificatePath}' is not a file; give the path of a PKCS#12 (.pfx) file holding the certificate and its private key, or remove the key to store the key ring unencrypted.";
        }
    }
}
