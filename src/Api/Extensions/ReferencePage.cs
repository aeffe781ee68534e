namespace Runtype.Api.Extensions;

/// <summary>
/// A readable, try-it-out reference of the API at <c>/docs</c> in Development: Scalar's standalone bundle (npm
/// package <c>@scalar/api-reference</c>, installed by <c>npm ci --prefix tools/openapi</c> and copied beside the
/// binary at build) rendering <c>/openapi/v1.json</c>. Nothing is fetched from a CDN.
/// </summary>
internal static class ReferencePage
{
    private const string Page = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>Runtype Messaging Conversations API</title>
        </head>
        <body>
          <div id="app"></div>
          <script src="/docs/scalar.js"></script>
          <script>Scalar.createApiReference('#app', { url: '/openapi/v1.json', withDefaultFonts: false, defaultOpenAllTags: true });</script>
        </body>
        </html>
        """;

    private const string Missing = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8" /><title>Reference page not installed</title></head>
        <body><p>The reference page's script is not installed. Run <code>npm ci --prefix tools/openapi</code> once,
        then build and start the API again. The OpenAPI document itself is at <a href="/openapi/v1.json">/openapi/v1.json</a>.</p></body>
        </html>
        """;

    public static WebApplication MapReferencePage(this WebApplication app)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "docs-ui", "scalar.js");
        app.MapGet("/docs", () => File.Exists(script)
                ? Results.Content(Page, "text/html; charset=utf-8")
                : Results.Content(Missing, "text/html; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable))
            .ExcludeFromDescription();
        app.MapGet("/docs/scalar.js", () => File.Exists(script)
                ? Results.File(script, "text/javascript; charset=utf-8")
                : Results.NotFound())
            .ExcludeFromDescription();
        return app;
    }
}
