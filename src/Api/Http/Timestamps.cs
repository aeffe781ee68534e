using System.Globalization;

namespace Runtype.Api.Http;

public static class Timestamps
{
    /// <summary>RFC 3339, UTC, millisecond precision, <c>Z</c> suffix.</summary>
    public static string Format(DateTime value) =>
        value.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture);

    public static string? Format(DateTime? value) => value is { } v ? Format(v) : null;
}
