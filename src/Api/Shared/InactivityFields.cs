using Runtype.Grains;
using Runtype.Grains.Wire;

namespace Runtype.Api.Shared;

/// <summary>
/// <c>autoCloseAfter</c> and <c>autoArchiveAfter</c>, as conversation and surface bodies carry them: an ISO 8601
/// duration of at least <c>PT1M</c> (<see cref="Durations"/>), or null for none. Absent and null differ only in
/// what the caller does with <see cref="InactivityTimersPatch"/>'s flags.
/// </summary>
public static class InactivityFields
{
    public static InactivityTimersPatch Read(FieldReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var setsClose = reader.Has(TextFields.AutoCloseAfter.Name);
        var setsArchive = reader.Has(TextFields.AutoArchiveAfter.Name);
        var close = Duration(reader, TextFields.AutoCloseAfter);
        var archive = Duration(reader, TextFields.AutoArchiveAfter);
        return new InactivityTimersPatch(new InactivityTimers(close, archive), setsClose, setsArchive);
    }

    private static TimeSpan? Duration(FieldReader reader, TextField field)
    {
        if (reader.Text(field) is not { } text)
        {
            return null;
        }

        var duration = Durations.Parse(text, out var problem);
        if (problem is not null)
        {
            reader.Fail(field.Name, problem);
        }

        return duration;
    }
}
