using Microsoft.Extensions.DependencyInjection.Extensions;
using Runtype.Hosting;

namespace Runtype.Api.Events;

public static class EventServiceCollectionExtensions
{
    /// <summary>The event feed's and stream's services (tests replace <see cref="EventStreamSettings"/> to shrink it).</summary>
    public static IServiceCollection AddEventReading(this IServiceCollection services, IConfiguration configuration)
    {
        // Validated here too: in client mode no silo in this process registers the section.
        services.AddValidatedOptions<EventsOptions, EventsOptionsValidator>(configuration, EventsOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EventStreamSettings>();
        services.TryAddSingleton<CursorExpiry>();
        services.TryAddSingleton<OwnerTails>();
        return services;
    }
}
