using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Hanan.Ops.Host.Security;

/// <summary>The OpenAPI document names the bearer scheme, so the reference page can send a token.</summary>
internal static class BearerOpenApi
{
    public const string Scheme = "bearer";

    public static void Add(OpenApiOptions options) => options.AddDocumentTransformer((document, _, _) =>
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A token from POST /api/auth/dev-sign-in (not in Production) or from the district's identity provider.",
        };
        return Task.CompletedTask;
    });
}
