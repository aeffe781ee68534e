namespace Runtype.Grains;

/// <summary>
/// The longest text each field may hold, in characters (Unicode code points), as the API validates it. Storage
/// sizes its columns from these: SQL Server's <c>nvarchar(n)</c> counts UTF-16 units, so it needs twice the limit
/// (the T-SQL binder test checks every column against this). The API's <c>TextFields</c> gives each text field
/// its name and rules; nothing else states these numbers.
/// </summary>
public static class FieldLimits
{
    public const int SurfaceId = 255;
    public const int Subject = 500;
    public const int ParticipantName = 255;
    public const int ParticipantEmail = 320;
    public const int ExternalParticipantId = 500;
    public const int ExternalThreadId = 500;
    public const int Timezone = 64;
    public const int Content = 100_000;
    public const int ExternalMessageId = 500;
    public const int FlowStepResultId = 255;
    public const int SurfaceName = 255;
    public const int SurfaceType = 64;
    public const int Cursor = 2048;
    public const int IdempotencyKey = 255;
    public const int ConversationId = 64;
    public const int EventTypes = 1024;

    /// <summary>A message delivery's <c>lastError</c>: the grain cuts a longer text to this.</summary>
    public const int DeliveryError = 500;

    /// <summary>An ISO 8601 inactivity duration such as <c>P1DT12H</c>; the longest canonical form is far shorter.</summary>
    public const int InactivityDuration = 32;
}
