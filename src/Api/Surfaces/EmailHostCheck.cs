using Microsoft.Extensions.Options;
using Runtype.Api.Shared;
using Runtype.Grains.Email;

namespace Runtype.Api.Surfaces;

/// <summary>
/// The checks of an email surface's servers that the body's shape cannot make: <c>security: none</c> only where
/// <c>Email:AllowInsecure</c>, and hosts that resolve to public addresses only, unless <c>Email:AllowPrivateHosts</c>
/// (the webhooks' guard, <see cref="PublicHost"/>; silos check again when they connect).
/// </summary>
public sealed class EmailHostCheck(IOptions<EmailOptions> options)
{
    private readonly EmailOptions _options = options.Value;

    /// <summary>Each problem by its field's path (<c>email.imap.host</c>); empty when the servers may be used.</summary>
    public async Task<Dictionary<string, string[]>> ProblemsAsync(EmailSettingsChange? email, CancellationToken cancellation)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, server) in new[] { ("imap", email?.Imap), ("smtp", email?.Smtp) })
        {
            if (server is null)
            {
                continue;
            }

            if (server.Security == MailSecurity.None && !_options.AllowInsecure)
            {
                problems[$"{EmailFields.Name}.{name}.security"] = ["Must be tls or starttls; none (mail and password in clear) is allowed only where Email:AllowInsecure is true."];
            }

            if (!_options.AllowPrivateHosts && await PublicHost.ProblemAsync(server.Host, cancellation) is { } problem)
            {
                problems[$"{EmailFields.Name}.{name}.host"] = [problem];
            }
        }

        return problems;
    }
}
