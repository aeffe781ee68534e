using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.OpenApi;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Runtype.Api.Auth;
using Runtype.Api.Cluster;
using Runtype.Api.Conversations;
using Runtype.Api.Events;
using Runtype.Api.Health;
using Runtype.Api.Idempotency;
using Runtype.Api.Messages;
using Runtype.Api.RateLimiting;
using Runtype.Api.Search;
using Runtype.Api.Shared;
using Runtype.Api.Surfaces;
using Runtype.Api.Webhooks;
using Runtype.Hosting;

namespace Runtype.Api.Extensions;

public static class ApiHostingExtensions
{
    /// <summary>Everything the API needs: Orleans (co-hosted silo or client), auth, problem details, OpenAPI, health.</summary>
    public static WebApplicationBuilder AddRuntypeApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var services = builder.Services;
        var api = new ApiOptionsValidator().Read(configuration, ApiOptions.Section, () => new ApiOptions());
        switch (api.Mode)
        {
            case ApiOptions.CoHosted:
                builder.UseOrleans(silo => silo.UseRuntypeClustering(configuration).AddRuntype(configuration));
                break;
            case ApiOptions.Client:
                builder.UseOrleansClient(client => client.UseRuntypeClustering(configuration));
                break;
            default:
                // ApiOptionsValidator has refused any other mode.
                throw new UnreachableException();
        }

        services.AddRuntypeTelemetry(
            configuration,
            "runtype-api",
            tracing: tracing => tracing.AddAspNetCoreInstrumentation(),
            metrics: metrics => metrics.AddAspNetCoreInstrumentation(),
            prometheus: builder.AddPrometheusScraping);

        builder.WebHost.ConfigureKestrel(kestrel => KestrelLimits.Apply(kestrel));

        services.AddValidatedOptions<ApiOptions, ApiOptionsValidator>(configuration, ApiOptions.Section);
        services.AddValidatedOptions<ApiKeyOptions, ApiKeyOptionsValidator>(configuration, ApiKeyOptions.Section);
        services.AddSingleton<ApiKeyRegistry>();
        services.AddKeyRateLimiting(configuration);
        services.AddSingleton<CursorCodec>();
        services.AddEventReading(configuration);
        services.AddWebhookManagement(configuration);
        services.AddSurfaceManagement(configuration);

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddOpenApi(OpenApiConventions.Apply);
        services.AddSingleton<GrainReferences>();
        services.AddSingleton<StorageHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: ["ready"])
            .AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"]);
        return builder;
    }

    /// <summary>The request pipeline and every route.</summary>
    public static WebApplication UseRuntypeApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Resolve now so a bad key configuration stops start-up instead of the first request.
        app.Services.GetRequiredService<ApiKeyRegistry>();

        app.UseMiddleware<RequestLogMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMetricsPortForMetricsOnly();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseKeyRateLimiting();
        app.UseMiddleware<IdempotencyMiddleware>();

        // Every endpoint names the scope a key needs or, as these do, needs none: ApiKeyMiddleware refuses to start otherwise.
        app.MapOpenApi().AllowAnonymous();
        if (app.Environment.IsDevelopment())
        {
            app.MapReferencePage().AllowAnonymous();
        }
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = WriteHealthAsync,
        }).AllowAnonymous();
        app.MapPrometheusScraping();

        var v1 = app.MapGroup("/v1/messaging")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        v1.MapConversationsApiV1();
        v1.MapMessagesApiV1();
        v1.MapSurfacesApiV1();
        v1.MapEventsApiV1();
        v1.MapWebhooksApiV1();
        v1.MapSearchApiV1();
        return app;
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
}
