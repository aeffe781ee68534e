using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Runtype.Grains;

namespace Runtype.Api.Shared;

/// <summary>
/// Makes cursors opaque and tamper-evident: base64url of the payload and an HMAC-SHA256 over the payload
/// and the cursor's <see cref="CursorScope"/> (owner, filters, conversation, order). A cursor used with another
/// scope, or altered in any byte, fails verification. What a payload holds is up to each listing's cursor record.
/// </summary>
public sealed class CursorCodec
{
    private const int MacBytes = 16;
    private readonly byte[] _key;

    public CursorCodec(IOptions<ApiOptions> options, ILogger<CursorCodec> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.Value.CursorKey))
        {
            // Cursors from this process stop verifying after a restart, or on another API node: fine for one dev box.
            _key = RandomNumberGenerator.GetBytes(32);
            logger.LogInformation("Api:CursorKey is not set; pagination cursors are signed with a per-process key.");
        }
        else
        {
            _key = Convert.FromBase64String(options.Value.CursorKey);
        }
    }

    public string Protect(CursorScope scope, string payload)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var payloadBytes = Encoding.UTF8.GetBytes(payload);
        return Base64Url.EncodeToString(payloadBytes) + "." + Base64Url.EncodeToString(Mac(scope, payloadBytes));
    }

    public bool TryUnprotect(CursorScope scope, string cursor, out string payload)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(cursor);
        payload = "";
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || cursor.Length > FieldLimits.Cursor)
        {
            return false;
        }

        byte[] payloadBytes, mac;
        try
        {
            payloadBytes = Base64Url.DecodeFromChars(cursor.AsSpan(0, dot));
            mac = Base64Url.DecodeFromChars(cursor.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(scope, payloadBytes)))
        {
            return false;
        }

        payload = Encoding.UTF8.GetString(payloadBytes);
        return true;
    }

    private byte[] Mac(CursorScope scope, byte[] payload)
    {
        // The scope's length goes first, so no scope can take over the start of a payload or the reverse.
        var scopeBytes = scope.ToBytes();
        var input = new byte[sizeof(int) + scopeBytes.Length + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(input, scopeBytes.Length);
        scopeBytes.CopyTo(input, sizeof(int));
        payload.CopyTo(input, sizeof(int) + scopeBytes.Length);
        return HMACSHA256.HashData(_key, input)[..MacBytes];
    }
}
