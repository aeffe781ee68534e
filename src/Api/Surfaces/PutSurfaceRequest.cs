using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Runtype.Api.Shared;

namespace Runtype.Api.Surfaces;

/// <summary>The body of <c>PUT /surfaces/{id}</c>: its documented shape and its reader.</summary>
public sealed class PutSurfaceRequest : JsonRequest<PutSurfaceRequest, SurfaceChange>
{
    [Required]
    public string Name { get; init; } = "";

    [Required, Description("the channel, such as email, sms or chat")]
    public string Type { get; init; } = "";

    [Description("ISO 8601 duration, at least PT1M: the surface's open conversations close after this long without a change; null: never; absent: unchanged")]
    public string? AutoCloseAfter { get; init; }

    [Description("ISO 8601 duration, at least PT1M: its closed conversations are archived after this long untouched; null: never; absent: unchanged")]
    public string? AutoArchiveAfter { get; init; }

    [Description("type email only: the mailbox it reads (IMAP) and the server it sends through (SMTP); absent or null: none (polling stops)")]
    public EmailSettingsBody? Email { get; init; }

    /// <summary>The id is the path's, but a bad one is named in the same 400 as the body's fields.</summary>
    protected override SurfaceChange? Read(FieldReader body, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (TextFields.SurfaceId.Problem(http.GetRouteValue("id") as string ?? "") is { } idProblem)
        {
            body.Fail("id", idProblem);
        }

        var name = body.Text(TextFields.SurfaceName, required: true, nullable: false);
        var type = body.Text(TextFields.SurfaceType, required: true, nullable: false);
        var timers = InactivityFields.Read(body);
        var email = EmailFields.Read(body, type);
        return name is null || type is null ? null : new SurfaceChange(name, type, timers, email);
    }
}
