using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Runtype.Api.Events;

public static class EventServiceCollectionExtensions
{
    /// <summary>The event feed's and stream's services (tests replace <see cref="EventStreamSettings"/> to shrink it).</summary>
    public static IServiceCollection AddEventReading(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EventStreamSettings>();
        services.TryAddSingleton<EventRetention>();
        services.TryAddSingleton<OwnerTails>();
        return services;
    }
}
