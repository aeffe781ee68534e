namespace Runtype.Client;

/// <summary>A resource with the ETag of its version: pass <see cref="ETag"/> as <c>ifMatch</c> to update or delete only that version.</summary>
public sealed record Versioned<T>(T Value, string? ETag);
