using Runtype.Grains;

namespace Runtype.Api.Surfaces;

/// <summary>A surface as a <c>PUT</c> names it: its name, its channel and what changes in its inactivity timers.</summary>
public sealed record SurfaceChange(string Name, string Type, InactivityTimersPatch Timers);
