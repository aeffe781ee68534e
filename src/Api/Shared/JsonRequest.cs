using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;

namespace Runtype.Api.Shared;

/// <summary>
/// A JSON request body, bound as a handler parameter. A subclass is the body's one definition: its properties are the
/// body's shape as the OpenAPI document shows it (its parameter metadata names the subclass as the request
/// body; the properties are never filled in), and its <see cref="Read"/> reads the JSON field by field with a
/// <see cref="FieldReader"/>, so one 400 names every bad field. The handler takes what was read as <see cref="Value"/>.
/// </summary>
/// <remarks>
/// Binding cannot answer a request, so a body that cannot be read still binds, carrying <see cref="Rejected"/>: the
/// 400, 413 or 415 to answer. The handler returns it in one line, after its checks of the path, so an impossible id
/// stays a 404 whatever the body, as when handlers read bodies themselves. (An endpoint filter would answer before
/// those checks, and cost every request the filter's argument boxing.)
/// </remarks>
public abstract class JsonRequest<TSelf, TValue> : IBindableFromHttpContext<TSelf>, IEndpointParameterMetadataProvider
    where TSelf : JsonRequest<TSelf, TValue>, new()
    where TValue : class
{
    private TValue? _value;

    /// <summary>What the body says, checked; read it only once <see cref="Rejected"/> is null.</summary>
    [JsonIgnore]
    public TValue Value => _value ?? throw new InvalidOperationException($"The {typeof(TSelf).Name} body was rejected; answer with Rejected.");

    /// <summary>The answer refusing the body (400 naming every bad field, 413 or 415), or null when it was read.</summary>
    [JsonIgnore]
    public RejectedBody? Rejected { get; private set; }

    static async ValueTask<TSelf?> IBindableFromHttpContext<TSelf>.BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = new TSelf();
        var (document, invalid, refused) = await JsonBody.ReadObjectAsync(context.Request);
        if (document is null)
        {
            request.Rejected = invalid is not null ? new RejectedBody(invalid) : new RejectedBody(refused!);
            return request;
        }

        using (document)
        {
            var body = new FieldReader(document.RootElement);
            var value = await request.ReadAsync(body, context);
            body.CheckUnreadProperties();
            if (!body.IsValid)
            {
                request.Rejected = new RejectedBody(ApiProblems.Validation(body.Errors));
            }
            else
            {
                request._value = value ?? throw new InvalidOperationException($"{typeof(TSelf).Name} read no value and named no problem.");
            }
        }

        return request;
    }

    /// <summary>The body's shape for the OpenAPI document; the 413 and 415 it can cause are <see cref="RejectedBody"/>'s.</summary>
    static void IEndpointParameterMetadataProvider.PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(TSelf)));
    }

    /// <summary>
    /// Reads the body's fields, naming each problem on <paramref name="body"/>; the value is used only when none was
    /// named. Properties it does not read are checked for the text rule afterwards (<see cref="FieldReader.CheckUnreadProperties"/>),
    /// unless it checked them itself.
    /// </summary>
    protected abstract TValue? Read(FieldReader body, HttpContext http);

    /// <summary>For a reader that has to wait (a webhook's url is looked up in DNS); by default <see cref="Read"/>.</summary>
    protected virtual ValueTask<TValue?> ReadAsync(FieldReader body, HttpContext http) => ValueTask.FromResult(Read(body, http));
}
