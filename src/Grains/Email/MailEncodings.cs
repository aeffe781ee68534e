using System.Runtime.CompilerServices;
using System.Text;

namespace Runtype.Grains.Email;

/// <summary>
/// Makes the legacy charsets of mail (koi8-r, iso-2022-jp, gb2312, windows-1252, …) available to MimeKit. .NET
/// ships them only through <see cref="CodePagesEncodingProvider"/>, and MimeKit probes and caches which charsets
/// exist the first time it looks at one (its charset table is built once per process): a provider registered after
/// that is never seen. So registration runs when this assembly loads, before any of its code can touch MimeKit or
/// MailKit; <see cref="Register"/> is there for a host that uses MimeKit before loading it.
/// </summary>
public static class MailEncodings
{
    private static int _registered;

    /// <summary>Registers the code-page charsets once per process; later calls do nothing.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        }
    }

#pragma warning disable CA2255 // Application code, not a library: the charset table must exist before any mail code runs.
    [ModuleInitializer]
    internal static void RegisterOnLoad() => Register();
#pragma warning restore CA2255
}
