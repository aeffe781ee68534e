using Runtype.Grains;
using Runtype.Grains.Email;

namespace Runtype.Api.Surfaces;

/// <summary>A surface as a <c>PUT</c> names it: its name, its channel, what changes in its inactivity timers, its mail settings.</summary>
public sealed record SurfaceChange(string Name, string Type, InactivityTimersPatch Timers, EmailSettingsChange? Email);
