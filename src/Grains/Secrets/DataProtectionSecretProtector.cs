using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Runtype.Grains.Secrets;

/// <summary>
/// <see cref="ISecretProtector"/> over ASP.NET Core Data Protection: AES-256-CBC with HMAC-SHA256 under keys that the
/// key ring rotates every 90 days and never deletes, so a password stored years ago still opens. One purpose for
/// every secret: a protector made for another purpose (another feature, another application name) cannot open them.
/// </summary>
public sealed class DataProtectionSecretProtector : ISecretProtector
{
    /// <summary>Changing it makes every stored secret unreadable: a new purpose needs a migration of the old values.</summary>
    public const string Purpose = "Runtype.Email.Passwords.v1";

    private readonly IDataProtector _protector;

    public DataProtectionSecretProtector(IDataProtectionProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _protector = provider.CreateProtector(Purpose);
    }

    public string Protect(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        try
        {
            return _protector.Protect(plaintext);
        }
        catch (CryptographicException ex)
        {
            ThrowStoreFailure(ex);
            throw;
        }
    }

    public string Unprotect(string protectedText)
    {
        ArgumentNullException.ThrowIfNull(protectedText);
        try
        {
            return _protector.Unprotect(protectedText);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            ThrowStoreFailure(ex);
            // Our own message, so no caller can log the value by logging the exception. Data Protection's own (kept as
            // the inner exception) names at most a key id: "the key {id} was not found in the key ring" is the one an
            // operator needs, when a silo reads another key ring than the one that wrote.
            throw new CryptographicException("A stored secret could not be decrypted: it was changed, or protected with a key this cluster's key ring does not hold.", ex);
        }
    }

    /// <summary>
    /// Data Protection wraps whatever fails inside it in a <see cref="CryptographicException"/>, a key ring that could not
    /// be read from the store included: that is the store's failure (a 503 when it is unavailable), not a bad secret.
    /// </summary>
    private static void ThrowStoreFailure(Exception wrapped)
    {
        for (var inner = wrapped.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is StorageUnavailableException or StorageFaultException)
            {
                ExceptionDispatchInfo.Throw(inner);
            }
        }
    }
}
