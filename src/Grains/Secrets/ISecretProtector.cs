namespace Runtype.Grains.Secrets;

/// <summary>
/// Encrypts the secrets a grain keeps in its state (an email surface's IMAP and SMTP passwords), so that grain storage,
/// its backups and anyone reading the table hold ciphertext only. Every silo of a cluster unprotects what any other
/// protected: the keys live in the configured database.
/// </summary>
public interface ISecretProtector
{
    /// <summary>The secret as text that is safe to store: authenticated ciphertext naming the key that made it.</summary>
    string Protect(string plaintext);

    /// <summary>
    /// The secret <see cref="Protect"/> was given. A value that was changed, or protected by another cluster's keys,
    /// throws a <see cref="System.Security.Cryptography.CryptographicException"/> whose message names neither the
    /// value nor the secret.
    /// </summary>
    string Unprotect(string protectedText);
}
