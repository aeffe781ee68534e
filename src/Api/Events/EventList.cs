using System.ComponentModel;

namespace Runtype.Api.Events;

/// <summary>Documents a page of the feed; <see cref="EventListResult"/> writes it.</summary>
public sealed record EventList(
    IReadOnlyList<EventResource> Data,
    [property: Description("Never null: where the next read starts, even when this page is empty; keep it and ask again later.")] string NextCursor);
