namespace Runtype.Api.Shared;

/// <summary>The answer to a delete, of a conversation or a webhook endpoint: <c>{ "success": true }</c>.</summary>
public sealed record DeleteResult(bool Success);
