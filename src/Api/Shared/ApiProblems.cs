using Microsoft.AspNetCore.Http.HttpResults;

namespace Runtype.Api.Shared;

/// <summary>Every error the API answers with, as RFC 9457 problem details.</summary>
public static class ApiProblems
{
    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: "One or more fields are invalid; see errors.", title: "Invalid request");

    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string what = "conversation") =>
        Problem(StatusCodes.Status404NotFound, "Not found", $"The {what} does not exist.");

    public static ProblemHttpResult Unauthorized() =>
        Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "A valid API key is required in the Authorization header.");

    public static ProblemHttpResult Forbidden() =>
        Problem(StatusCodes.Status403Forbidden, "Forbidden", "The API key does not have the scope this operation needs.");

    public static ProblemHttpResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        Problem(StatusCodes.Status409Conflict, "Conflict", detail, extensions);

    public static ProblemHttpResult PreconditionFailed() =>
        Problem(StatusCodes.Status412PreconditionFailed, "Precondition failed", "If-Match does not match the conversation's current ETag.");

    public static ProblemHttpResult PayloadTooLarge(long limit) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The request body is larger than {limit} bytes.");

    public static ProblemHttpResult UnsupportedMediaType() =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "The request body must be application/json (UTF-8).");

    public static ProblemHttpResult Unprocessable(string detail) =>
        Problem(StatusCodes.Status422UnprocessableEntity, "Unprocessable", detail);

    public static ProblemHttpResult TooManyRequests() =>
        Problem(StatusCodes.Status429TooManyRequests, "Too many requests", "This API key is over its request rate; retry after the Retry-After delay.");

    public static ProblemHttpResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: extensions);
}
