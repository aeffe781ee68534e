using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Runtype.Api.Shared;

/// <summary>
/// The answer to a request body that was not read (<see cref="JsonRequest{TSelf, TValue}.Rejected"/>): a 400 naming
/// every bad field, a 413 or a 415, as problem+json. It documents the 413 and 415; every endpoint documents the 400.
/// </summary>
public sealed class RejectedBody : IResult, IEndpointMetadataProvider
{
    private readonly IResult _problem;

    public RejectedBody(ValidationProblem invalid) => _problem = invalid;

    public RejectedBody(ProblemHttpResult refused) => _problem = refused;

    public Task ExecuteAsync(HttpContext httpContext) => _problem.ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status413PayloadTooLarge, typeof(ProblemDetails), ["application/problem+json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails), ["application/problem+json"]));
    }
}
