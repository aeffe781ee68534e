namespace Runtype.Grains;

/// <summary>
/// Builds the string keys of owner-scoped grains. The owner's length leads the key, so an owner or id
/// containing any character (a slash included) can never make two different pairs collide.
/// </summary>
public static class GrainKeys
{
    public static string Compose(string owner, string id)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(id);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{owner.Length}:{owner}/{id}");
    }

    public static (string Owner, string Id) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var length = int.Parse(key.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture);
        return (key.Substring(colon + 1, length), key[(colon + 2 + length)..]);
    }
}
