namespace Runtype.Client;

/// <summary>The registered surface a conversation lives on, as the detailed conversation shows it.</summary>
public sealed record SurfaceReference(string Id, string Name, string Type);
