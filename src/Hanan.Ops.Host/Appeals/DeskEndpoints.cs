using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hanan.Ops.Host.Appeals;

/// <summary>What the officer console and the citizen web need besides cases: the bureaus' names and the district clock.</summary>
public static class DeskEndpoints
{
    public static IEndpointRouteBuilder MapDeskEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/bureaus", Bureaus)
            .WithTags("Cases")
            .WithName("ListBureaus")
            .WithSummary("The bureaus of the routing table with their Chinese names");
        app.MapGet("/api/clock", (DistrictClock clock) => TypedResults.Ok(new ClockResponse(clock.Now)))
            .WithTags("Cases")
            .WithName("DistrictClock")
            .WithSummary("The district's business clock (Beijing time): screens count deadlines down from it, not from the browser's clock");
        return app;
    }

    internal static Ok<IReadOnlyList<BureauResponse>> Bureaus(RoutingTable routing) =>
        TypedResults.Ok<IReadOnlyList<BureauResponse>>([.. routing.Bureaus.Select(b => new BureauResponse(b.Id, b.Name, b.Kind.ToString()))]);
}

public sealed record BureauResponse(string Id, string Name, string Kind);

/// <summary>Now on the district clock; deadlines are compared with this instant.</summary>
public sealed record ClockResponse(DateTimeOffset Now);
