using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Runtype.Hosting;

namespace Runtype.Storage.Tests;

/// <summary>
/// With <c>DataProtection:CertificatePath</c>, each key's XML is encrypted to the certificate before it is stored, and
/// every silo given the same certificate reads it back; a file that cannot serve stops start-up with one line.
/// </summary>
public sealed class KeyRingCertificateTests : IDisposable
{
    private const string Password = "pfx password";
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"runtype-keyring-{Guid.NewGuid():N}.pfx");

    public KeyRingCertificateTests()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=runtype key ring test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllBytes(_path, certificate.Export(X509ContentType.Pkcs12, Password));
    }

    public static TheoryData<string> Providers => StoreFixture.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task Keys_are_stored_encrypted_to_the_certificate_and_read_back_by_another_silo_that_has_it(string provider)
    {
        await using var store = await KeyRingStore.CreateAsync(provider);
        var settings = Certificate(_path, Password);
        using var first = store.Silo(settings);
        using var second = store.Silo(settings);

        var stored = first.Secrets.Protect("secret");

        var (_, element) = Assert.Single(await store.ElementsAsync());
        Assert.DoesNotContain(element.Descendants(), e => e.Name.LocalName == "masterKey");
        Assert.Contains(element.Descendants(), e => e.Name.LocalName == "EncryptedData");
        Assert.Equal("secret", second.Secrets.Unprotect(stored));
    }

    [Fact]
    public void A_wrong_password_stops_start_up_naming_the_keys_and_not_the_password()
    {
        var error = Assert.Throws<StartupConfigurationException>(() => new KeyRingSilo(Settings(_path, "not the password")));

        Assert.StartsWith("DataProtection:CertificatePath", error.Message, StringComparison.Ordinal);
        Assert.Contains("DataProtection:CertificatePassword", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not the password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_without_its_private_key_stops_start_up()
    {
        using var withKey = X509CertificateLoader.LoadPkcs12FromFile(_path, Password);
        var publicOnly = _path + ".public.pfx";
        File.WriteAllBytes(publicOnly, X509CertificateLoader.LoadCertificate(withKey.RawData).Export(X509ContentType.Pkcs12));
        try
        {
            var error = Assert.Throws<StartupConfigurationException>(() => new KeyRingSilo(Settings(publicOnly, null)));

            Assert.Contains("private key", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(publicOnly);
        }
    }

    [Fact]
    public void The_validator_names_a_missing_file_and_a_password_without_a_file()
    {
        var validator = new DataProtectionOptionsValidator();

        var missing = validator.Validate(null, new RuntypeDataProtectionOptions { CertificatePath = _path + ".missing" });
        var passwordOnly = validator.Validate(null, new RuntypeDataProtectionOptions { CertificatePassword = "x" });

        Assert.StartsWith("DataProtection:CertificatePath", Assert.Single(missing.Failures!), StringComparison.Ordinal);
        Assert.StartsWith("DataProtection:CertificatePassword", Assert.Single(passwordOnly.Failures!), StringComparison.Ordinal);
        Assert.True(validator.Validate(null, new RuntypeDataProtectionOptions()).Succeeded);
        Assert.True(validator.Validate(null, new RuntypeDataProtectionOptions { CertificatePath = _path, CertificatePassword = Password }).Succeeded);
    }

    public void Dispose() => File.Delete(_path);

    private static Dictionary<string, string?> Certificate(string path, string? password) => new(StringComparer.Ordinal)
    {
        ["DataProtection:CertificatePath"] = path,
        ["DataProtection:CertificatePassword"] = password,
    };

    /// <summary>A silo on the memory store: start-up reads the certificate before it touches any store.</summary>
    private static Dictionary<string, string?> Settings(string path, string? password) =>
        new(Certificate(path, password).Append(new("Storage:Provider", "memory")), StringComparer.Ordinal);
}
