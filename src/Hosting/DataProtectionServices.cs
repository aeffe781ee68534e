using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Runtype.Grains.Secrets;
using Runtype.Grains.Storage;
using Runtype.Storage.Sql;

namespace Runtype.Hosting;

/// <summary>What a silo needs to keep secrets in grain state: Data Protection with its key ring in the configured store, and <see cref="ISecretProtector"/>.</summary>
public static class DataProtectionServices
{
    /// <summary>The application name every silo shares: Data Protection isolates the payloads of different names.</summary>
    public const string ApplicationName = "Runtype";

    /// <summary>
    /// Data Protection under <see cref="ApplicationName"/>, its key ring where <c>Storage:Provider</c> keeps everything
    /// else: the database's runtype_data_protection_keys (<see cref="SqlXmlRepository"/>), or the process's memory
    /// (<see cref="InMemoryXmlRepository"/>; one registered before this call wins, as a test cluster's shared store
    /// does). With <c>DataProtection:CertificatePath</c> each key's XML is encrypted to that certificate before it is
    /// stored.
    /// </summary>
    public static IServiceCollection AddRuntypeDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new DataProtectionOptionsValidator().Read(configuration, RuntypeDataProtectionOptions.Section, () => new RuntypeDataProtectionOptions());
        services.AddValidatedOptions<RuntypeDataProtectionOptions, DataProtectionOptionsValidator>(configuration, RuntypeDataProtectionOptions.Section);
        var dataProtection = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (!string.IsNullOrEmpty(options.CertificatePath))
        {
            dataProtection.ProtectKeysWithCertificate(Certificate(options.CertificatePath, options.CertificatePassword));
        }

        if (OptionsReading.Storage(configuration).Provider == StorageOptions.Memory)
        {
            services.TryAddSingleton<InMemoryXmlRepository>();
            UseKeyRing<InMemoryXmlRepository>(services, repository => repository.Exclusively);
        }
        else
        {
            var (dialect, connectionString) = SqlSettings.ReadOnce(services, configuration);
            services.TryAddSingleton(sp => new SqlXmlRepository(dialect, connectionString, sp.GetRequiredService<ILogger<SqlXmlRepository>>()));
            UseKeyRing<SqlXmlRepository>(services, repository => repository.Exclusively);
        }

        services.TryAddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        return services;
    }

    private static void UseKeyRing<TRepository>(IServiceCollection services, Func<TRepository, Action<Action>> exclusively)
        where TRepository : class, IXmlRepository
    {
        services.AddOptions<KeyManagementOptions>().Configure<TRepository>((keys, repository) => keys.XmlRepository = repository);
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new KeyRingAtStartup(
            sp.GetRequiredService<ISecretProtector>(), exclusively(sp.GetRequiredService<TRepository>()), sp.GetRequiredService<ILogger<KeyRingAtStartup>>()));
    }

    /// <summary>The certificate with its private key, which Data Protection needs to read back the keys it encrypted.</summary>
    private static X509Certificate2 Certificate(string path, string? password)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException)
        {
            // The password stays out of the message.
            throw new StartupConfigurationException($"DataProtection:CertificatePath '{path}' could not be opened as a PKCS#12 (.pfx) file with DataProtection:CertificatePassword; check the file and its password.");
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new StartupConfigurationException($"DataProtection:CertificatePath '{path}' holds no private key; the silos need it to read the keys the certificate encrypts, so export the certificate with its key.");
        }

        return certificate;
    }
}
