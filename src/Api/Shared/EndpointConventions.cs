namespace Runtype.Api.Shared;

public static class EndpointConventions
{
    /// <summary>A JSON request body of <typeparamref name="TRequest"/>'s shape, with the 413 and 415 it can cause.</summary>
    public static RouteHandlerBuilder AcceptsJson<TRequest>(this RouteHandlerBuilder builder)
        where TRequest : notnull =>
        builder.Accepts<TRequest>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}
