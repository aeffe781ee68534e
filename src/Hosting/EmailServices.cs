using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Runtype.Grains.Email;

namespace Runtype.Hosting;

/// <summary>What a silo needs to poll and send for email surfaces: the options and the guarded connector.</summary>
public static class EmailServices
{
    public static IServiceCollection AddRuntypeEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<EmailOptions, EmailOptionsValidator>(configuration, EmailOptions.Section);
        services.TryAddSingleton<MailConnector>();
        return services;
    }
}
