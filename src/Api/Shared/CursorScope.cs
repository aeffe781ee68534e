using System.Buffers.Binary;

namespace Runtype.Api.Shared;

/// <summary>
/// What a cursor is valid for: the listing and every value that shapes its rows (owner, filters, order), by
/// name. Names and values are <see cref="LengthPrefixed"/>, so two different sets of values never make the same
/// scope, and a cursor minted under one set fails verification under any other.
/// </summary>
public sealed class CursorScope
{
    private readonly string _encoded;

    private CursorScope(string encoded) => _encoded = encoded;

    public static CursorScope For(string listing) => new(LengthPrefixed.Encode(listing));

    /// <summary>This scope and one more value; null (absent) and empty are different values.</summary>
    public CursorScope With(string name, string? value) => new(_encoded + LengthPrefixed.Encode(name, value));

    /// <summary>
    /// The scope's UTF-16 code units as bytes. Not UTF-8: encoding replaces unpaired surrogates, so two different
    /// values could become the same bytes.
    /// </summary>
    internal byte[] ToBytes()
    {
        var bytes = new byte[_encoded.Length * sizeof(char)];
        for (var i = 0; i < _encoded.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * sizeof(char)), _encoded[i]);
        }

        return bytes;
    }
}
