using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Runtype.Api.Http;

/// <summary>A conversation's ETag is its version as a strong tag: <c>"7"</c>.</summary>
public static class EntityTags
{
    public static string For(long version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    /// <summary>
    /// The version an <c>If-Match</c> header requires: null when the header is absent or <c>*</c>
    /// (any current version), and -1, which no conversation has, when no tag in it is one of ours.
    /// </summary>
    public static long? RequiredVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0)
        {
            return null;
        }

        if (!EntityTagHeaderValue.TryParseList(header, out var tags) || tags.Count == 0)
        {
            return -1;
        }

        if (tags.Any(t => t.Equals(EntityTagHeaderValue.Any)))
        {
            return null;
        }

        foreach (var tag in tags)
        {
            if (!tag.IsWeak && long.TryParse(tag.Tag.AsSpan().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                return version;
            }
        }

        return -1;
    }
}
