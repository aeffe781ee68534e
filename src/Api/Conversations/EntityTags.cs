using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Runtype.Api.Conversations;

/// <summary>A conversation's ETag is its version as a strong tag: <c>"7"</c>.</summary>
public static class EntityTags
{
    public static string For(long version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    /// <summary>
    /// The versions an <c>If-Match</c> header accepts: null when the header is absent or <c>*</c> (any current
    /// version), otherwise every strong tag in it that is one of ours, so an empty array when none is.
    /// </summary>
    public static long[]? AcceptedVersions(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0)
        {
            return null;
        }

        if (!EntityTagHeaderValue.TryParseList(header, out var tags) || tags.Count == 0)
        {
            return [];
        }

        if (tags.Any(t => t.Equals(EntityTagHeaderValue.Any)))
        {
            return null;
        }

        var versions = new List<long>(tags.Count);
        foreach (var tag in tags)
        {
            if (!tag.IsWeak && long.TryParse(tag.Tag.AsSpan().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                versions.Add(version);
            }
        }

        return [.. versions];
    }
}
