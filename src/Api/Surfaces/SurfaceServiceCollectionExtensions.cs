using Microsoft.Extensions.DependencyInjection.Extensions;
using Runtype.Grains.Email;
using Runtype.Hosting;

namespace Runtype.Api.Surfaces;

public static class SurfaceServiceCollectionExtensions
{
    /// <summary>What registering email surfaces needs.</summary>
    public static IServiceCollection AddSurfaceManagement(this IServiceCollection services, IConfiguration configuration)
    {
        // Validated here too: in client mode no silo in this process registers the section.
        services.AddValidatedOptions<EmailOptions, EmailOptionsValidator>(configuration, EmailOptions.Section);
        services.TryAddSingleton<EmailHostCheck>();
        return services;
    }
}
