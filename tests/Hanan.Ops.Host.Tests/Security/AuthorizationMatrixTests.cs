using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Security.Claims;
using System.Text;
using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Host.Live;
using Hanan.Ops.Host.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Hanan.Ops.Host.Tests.Security;

/// <summary>
/// Every HTTP endpoint and every hub method, crossed with every role and with nobody signed in, against the expected
/// allow or deny. The endpoints come from the host's own endpoint data source, so an endpoint added without an entry
/// here fails the test.
/// </summary>
public sealed class AuthorizationMatrixTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    private const string Anonymous = "anonymous";

    private static readonly string[] Everyone = [Anonymous, .. Roles.All];
    private static readonly string[] SignedIn = [.. Roles.All];
    private static readonly string[] CaseReaders = [Roles.Officer, Roles.BureauHead, Roles.Dispatcher, Roles.Supervision, Roles.Leader, Roles.GridWorker, Roles.Citizen];
    private static readonly string[] Handlers = [Roles.Officer, Roles.BureauHead];
    private static readonly string[] LiveRoles = [.. CaseReaders, Roles.Police];
    private static readonly string[] Police = [Roles.Police];
    private static readonly string[] CameraViewers = [Roles.Dispatcher, Roles.Leader, Roles.Supervision, Roles.Police];
    private static readonly string[] AlertHandlers = [Roles.Police, Roles.Dispatcher];
    private static readonly string[] Citizen = [Roles.Citizen];
    private static readonly string[] Dispatcher = [Roles.Dispatcher];
    private static readonly string[] Supervision = [Roles.Supervision];
    private static readonly string[] Wall = [Roles.Dispatcher, Roles.Leader, Roles.Supervision];
    private static readonly string[] GridWorker = [Roles.GridWorker];
    private static readonly string[] ResidentReaders = [Roles.GridWorker, Roles.Dispatcher];
    private static readonly string[] GridViewers = [Roles.GridWorker, Roles.Dispatcher, Roles.Supervision, Roles.Leader];
    private static readonly string[] NoticeSenders = [Roles.GridWorker, Roles.Dispatcher];

    /// <summary>"METHOD route pattern" → who may call it.</summary>
    private static readonly Dictionary<string, string[]> Http = new(StringComparer.Ordinal)
    {
        // Public by decision (docs/security.md): probes, metrics, documentation, the map, the catalogue, citizen intake.
        ["* /health/live"] = Everyone,
        ["* /health/ready"] = Everyone,
        ["* /metrics"] = Everyone,
        ["GET /openapi/{documentName:regex(^v1$)}.json"] = Everyone,
        ["GET /api-reference/{documentName?}"] = Everyone,
        ["GET /api-reference/scalar.js"] = Everyone,
        ["GET /api-reference/scalar.aspnetcore.js"] = Everyone,
        ["GET /api-reference/favicon.svg"] = Everyone,
        ["GET /api/district/streets"] = Everyone,
        ["GET /api/district/communities"] = Everyone,
        ["GET /api/district/grids"] = Everyone,
        ["GET /api/district/locate"] = Everyone,
        ["GET /api/appeals/categories"] = Everyone,
        ["GET /api/bureaus"] = Everyone,
        ["GET /api/clock"] = Everyone,
        ["GET /api/calendar/"] = Everyone,
        ["GET /api/calendar/{year:int}"] = Everyone,
        ["GET /api/calendar/days/{date}"] = Everyone,
        ["GET /api/calendar/add"] = Everyone,
        ["GET /api/calendar/count"] = Everyone,
        ["PUT /api/calendar/{year:int}"] = [Roles.Administrator],
        ["POST /api/calendar/{year:int}/replan"] = [Roles.Administrator],
        ["POST /api/appeals/"] = Everyone,
        // The tracking link: its token is the credential (a wrong or missing one answers 404 to everyone alike).
        ["GET /api/track/{id:guid}/"] = Everyone,
        ["POST /api/track/{id:guid}/rating"] = Everyone,
        ["POST /api/auth/dev-sign-in"] = Everyone,
        ["GET /api/auth/me"] = SignedIn,
        ["POST /api/auth/renew"] = SignedIn,

        ["GET /api/cases/{id:guid}"] = CaseReaders,
        ["GET /api/cases"] = [Roles.Officer, Roles.BureauHead, Roles.Dispatcher, Roles.Supervision, Roles.Leader],
        ["GET /api/bureaus/{id}/queue"] = [Roles.Officer, Roles.BureauHead, Roles.Dispatcher, Roles.Supervision],
        ["GET /api/stats/bureaus"] = [Roles.BureauHead, Roles.Dispatcher, Roles.Supervision, Roles.Leader],
        ["GET /api/stats"] = [Roles.BureauHead, Roles.Dispatcher, Roles.Supervision, Roles.Leader],

        ["POST /api/cases/{id:guid}/claim"] = Handlers,
        ["POST /api/cases/{id:guid}/unclaim"] = Handlers,
        ["POST /api/cases/{id:guid}/transfer"] = Handlers,
        ["POST /api/cases/{id:guid}/notes"] = Handlers,
        ["POST /api/cases/{id:guid}/questions"] = Handlers,
        ["POST /api/cases/{id:guid}/reports"] = Handlers,
        ["POST /api/cases/{id:guid}/resolve"] = Handlers,
        ["POST /api/cases/{id:guid}/return"] = Handlers,
        ["POST /api/cases/{id:guid}/extension-requests"] = Handlers,
        ["POST /api/cases/{id:guid}/replies"] = Citizen,
        ["POST /api/cases/{id:guid}/rating"] = Citizen,
        ["POST /api/cases/{id:guid}/reroute"] = Dispatcher,
        ["POST /api/cases/{id:guid}/hot"] = Dispatcher,
        ["POST /api/cases/{id:guid}/merge"] = Dispatcher,
        ["POST /api/cases/{id:guid}/extension-decision"] = Supervision,
        ["POST /api/cases/{id:guid}/review-decision"] = Supervision,
        ["POST /api/cases/{id:guid}/contact-reveal"] = [Roles.Officer, Roles.BureauHead, Roles.Dispatcher],

        ["GET /api/audit/verify"] = [Roles.Auditor],
        ["GET /api/audit/records"] = [Roles.Auditor],
        ["GET /api/audit/export"] = [Roles.Auditor],
        ["GET /api/admin/security"] = [Roles.Administrator],

        // Smart security: edge boxes ingest with police service accounts; camera status, masked alerts and fences for
        // the wall roles and the police; the alert lifecycle for the police and the command centre; trajectories,
        // companions, faces, full alerts and watchlists for the police only.
        ["POST /api/cameras/events"] = Police,
        ["POST /api/cameras/frigate"] = Police,
        ["POST /api/cameras/{cameraId}/heartbeat"] = Police,
        ["GET /api/cameras/"] = CameraViewers,
        ["GET /api/cameras/{cameraId}"] = CameraViewers,
        ["GET /api/alerts/"] = CameraViewers,
        ["GET /api/alerts/{id:guid}"] = CameraViewers,
        ["POST /api/alerts/{id:guid}/acknowledge"] = AlertHandlers,
        ["POST /api/alerts/{id:guid}/dispatch"] = AlertHandlers,
        ["POST /api/alerts/{id:guid}/close"] = AlertHandlers,
        ["POST /api/alerts/{id:guid}/case"] = AlertHandlers,
        ["GET /api/fences/"] = CameraViewers,
        ["PUT /api/fences/{fenceId}"] = Police,
        ["DELETE /api/fences/{fenceId}"] = Police,
        ["GET /api/police/vehicles/{plate}/trajectory"] = Police,
        ["GET /api/police/vehicles/{plate}/profile"] = Police,
        ["GET /api/police/vehicles/{plate}/companions"] = Police,
        ["GET /api/police/faces"] = Police,
        ["GET /api/police/alerts"] = Police,
        ["GET /api/police/watchlist"] = Police,
        ["PUT /api/police/watchlist/plates/{plate}"] = Police,
        ["DELETE /api/police/watchlist/plates/{plate}"] = Police,
        ["PUT /api/police/watchlist/persons/{personRef}"] = Police,
        ["DELETE /api/police/watchlist/persons/{personRef}"] = Police,

        // Base data (docs/security.md, "Base data"): residents for the grid workers of their grids and the command centre
        // (tags masked); changes, reports, receipts and errands for the grid's own workers; legal persons for the staff
        // who deal with organisations; grid figures for the grid's workers and the district-wide roles.
        ["POST /api/residents/lookup"] = ResidentReaders,
        ["GET /api/residents/"] = ResidentReaders,
        ["GET /api/residents/{id:guid}"] = ResidentReaders,
        ["GET /api/residents/{id:guid}/history"] = ResidentReaders,
        ["POST /api/residents/{id:guid}/moves"] = GridWorker,
        ["POST /api/residents/{id:guid}/visits"] = GridWorker,
        ["GET /api/legal-persons/{code}"] = [Roles.GridWorker, Roles.Officer, Roles.BureauHead, Roles.Dispatcher, Roles.Supervision, Roles.Leader, Roles.Police],
        ["GET /api/grids/{code}/figures"] = GridViewers,
        ["GET /api/grids/{code}/"] = GridViewers,
        ["GET /api/grids/{code}/situations"] = GridViewers,
        ["POST /api/grids/{code}/situations"] = GridWorker,
        ["GET /api/grids/{code}/bureau-ratings"] = GridViewers,
        ["POST /api/grids/{code}/bureau-ratings"] = GridWorker,
        // The crosswalk of the unified grid (一格多用): map data for the grid viewers, each department's own grid codes.
        ["GET /api/grids/{code}/crosswalk"] = GridViewers,
        ["GET /api/departments/{department}/grids/{departmentCode}/unified"] = GridViewers,
        ["POST /api/notices/"] = NoticeSenders,
        ["GET /api/notices/{id:guid}"] = NoticeSenders,
        ["POST /api/notices/{id:guid}/receipts"] = GridWorker,
        ["POST /api/errands/"] = GridWorker,
        ["POST /api/errands/{id:guid}/steps"] = GridWorker,
        ["GET /api/errands/{id:guid}"] = GridWorker,

        // The grid-worker roster (masked phones): a grid's workers with the grid's figures; the whole roster for the
        // district-wide roles and the administrator who keeps it; changes for the administrator only.
        ["GET /api/grids/{code}/workers"] = GridViewers,
        ["GET /api/grid-workers/"] = [Roles.Dispatcher, Roles.Supervision, Roles.Leader, Roles.Administrator],
        ["PUT /api/grid-workers/{id}"] = [Roles.Administrator],

        // A citizen's own data: real-name binding, their resident record, household and notices.
        ["POST /api/me/binding"] = Citizen,
        ["GET /api/me/binding"] = Citizen,
        ["DELETE /api/me/binding"] = Citizen,
        ["GET /api/me/resident"] = Citizen,
        ["GET /api/me/household"] = Citizen,
        ["GET /api/me/notices"] = Citizen,
        ["POST /api/me/notices/{id:guid}/read"] = Citizen,

        // Open311 GeoReport v2: other systems authenticate with the api_key of their client application (checked by
        // Open311Tests); the register of those applications is the administrator's.
        ["GET /open311/v2/discovery.{format}"] = Everyone,
        ["GET /open311/v2/services.{format}"] = Everyone,
        ["GET /open311/v2/services/{code}.{format}"] = Everyone,
        ["POST /open311/v2/requests.{format}"] = Everyone,
        ["GET /open311/v2/requests.{format}"] = Everyone,
        ["GET /open311/v2/requests/{id}.{format}"] = Everyone,
        ["GET /open311/v2/tokens/{token}.{format}"] = Everyone,
        ["GET /open311/v2/servicerequestupdates.{format}"] = Everyone,
        ["POST /open311/v2/servicerequestupdates.{format}"] = Everyone,
        ["GET /api/deliveries"] = [Roles.Supervision, Roles.Dispatcher],
        ["GET /api/cases/export.{format}"] = [Roles.Officer, Roles.BureauHead, Roles.Dispatcher, Roles.Supervision, Roles.Leader],
        ["GET /api/stats/export.{format}"] = [Roles.BureauHead, Roles.Dispatcher, Roles.Supervision, Roles.Leader],
        ["POST /api/open311/clients/"] = [Roles.Administrator],
        ["GET /api/open311/clients/"] = [Roles.Administrator],
        ["DELETE /api/open311/clients/{id}"] = [Roles.Administrator],

        // The hub admits every role that has a live view; its methods check the view (below).
        ["* /hubs/district/negotiate"] = LiveRoles,
        ["* /hubs/district"] = LiveRoles,
    };

    /// <summary>
    /// Hub method → who may call it. FollowCase is decided per case by the data scope (<see cref="CaseScope.CanSee"/>):
    /// its entry names the roles that may follow some case, and each case is tried against the scope itself (below).
    /// </summary>
    private static readonly Dictionary<string, string[]> HubMethods = new(StringComparer.Ordinal)
    {
        ["GetPicture"] = Wall,
        ["JoinWall"] = Wall,
        ["JoinStreet"] = Wall,
        ["JoinCommunity"] = Wall,
        ["JoinSupervision"] = [Roles.Supervision, Roles.Dispatcher],
        ["JoinLeaders"] = [Roles.Leader, Roles.Dispatcher],
        ["JoinBureau"] = [Roles.Officer, Roles.BureauHead, Roles.Dispatcher, Roles.Supervision],
        ["JoinGrid"] = [Roles.GridWorker, Roles.Dispatcher, Roles.Supervision, Roles.Leader],
        ["FollowCase"] = CaseReaders,
        ["JoinPolice"] = Police,
    };

    [Fact]
    public void Every_endpoint_of_the_host_has_an_entry_in_the_matrix()
    {
        var endpoints = Endpoints().Select(e => e.Key).ToList();
        var missing = endpoints.Where(k => !Http.ContainsKey(k)).ToList();

        missing.Should().BeEmpty("every endpoint needs an expected allow/deny per role in this matrix: {0}", string.Join(", ", missing));
        Http.Keys.Except(endpoints).Should().BeEmpty("the matrix lists only endpoints the host has");
    }

    [Fact]
    public void Every_hub_method_has_an_entry_in_the_matrix()
    {
        var methods = typeof(DistrictHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(m => m.Name);

        methods.Should().BeEquivalentTo(HubMethods.Keys);
    }

    [Fact]
    public async Task Every_endpoint_admits_exactly_the_roles_the_matrix_names()
    {
        var clients = await Clients();
        var wrong = new List<string>();
        foreach (var (key, path) in Endpoints())
        {
            var method = key[..key.IndexOf(' ', StringComparison.Ordinal)].Replace("*", "GET", StringComparison.Ordinal);
            foreach (var (role, client) in clients)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
                if (method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request);
                var denied = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
                var expected = Http[key].Contains(role);
                if (denied == expected)
                {
                    wrong.Add($"{key} as {role}: {(int)response.StatusCode}, expected {(expected ? "allowed" : "denied")}");
                }

                if (denied)
                {
                    response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", $"{key} as {role} is refused with a problem body");
                }
            }
        }

        wrong.Should().BeEmpty(string.Join("\n", wrong));
    }

    [Fact]
    public async Task Every_hub_method_admits_exactly_the_roles_the_matrix_names_and_nobody_signed_in_reaches_none()
    {
        var map = host.Factory.Services.GetRequiredService<DistrictMap>();
        var grid = map.Grids[21];
        using var citizen = await host.Factory.ClientAsAsync(Roles.Citizen, "citizen-1");
        // Cases in and out of each role's scope: citizen-1's own in grid 21 (urban-management), someone else's in another
        // grid for another bureau, and a case that does not exist.
        var grains = host.Factory.Services.GetRequiredService<IGrainFactory>();
        var ownCase = (await Appeals.FileAppeal.Async(host.Factory, citizen, "sanitation", 21))["caseId"]!.GetValue<Guid>();
        var otherCase = (await Appeals.FileAppeal.Async(host.Factory, host.Client, "food-safety", 400))["caseId"]!.GetValue<Guid>();
        var cases = new Dictionary<Guid, CaseView?>
        {
            [ownCase] = await grains.GetGrain<ICaseGrain>(ownCase).Get(),
            [otherCase] = await grains.GetGrain<ICaseGrain>(otherCase).Get(),
            [Guid.NewGuid()] = null,
        };
        cases.Values.Take(2).Should().OnlyContain(v => v != null);
        var arguments = new Dictionary<string, object[]>
        {
            ["JoinBureau"] = [SignIn.DefaultBureau],
            ["JoinStreet"] = [grid.StreetCode],
            ["JoinCommunity"] = [grid.CommunityCode],
            ["JoinGrid"] = [grid.Code],
        };
        var wrong = new List<string>();
        foreach (var role in Everyone)
        {
            var token = role == Anonymous
                ? null
                : await host.Factory.TokenAsync(role, role == Roles.Citizen ? "citizen-1" : null, grids: role == Roles.GridWorker ? [grid.Code] : null);
            await using var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(host.Factory.BaseAddress, DistrictHub.Path), o => o.AccessTokenProvider = () => Task.FromResult(token))
                .Build();
            try
            {
                await connection.StartAsync();
            }
            catch (HttpRequestException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                // Not admitted to the hub at all: every method is denied, as the matrix must say.
                wrong.AddRange(HubMethods.Where(m => m.Value.Contains(role)).Select(m => $"{m.Key} as {role}: connection refused, expected allowed"));
                if ((e.StatusCode == HttpStatusCode.Unauthorized) != (role == Anonymous))
                {
                    wrong.Add($"the hub as {role}: {(int)e.StatusCode}, expected {(role == Anonymous ? 401 : 403)}");
                }

                continue;
            }

            if (role == Anonymous)
            {
                wrong.Add("nobody signed in opened the hub");
                continue;
            }

            foreach (var (method, allowed) in HubMethods.Where(m => m.Key != "FollowCase"))
            {
                var denied = await DeniedAsync(connection, method, arguments.GetValueOrDefault(method, []));
                if (denied == allowed.Contains(role))
                {
                    wrong.Add($"{method} as {role}: {(denied ? "denied" : "allowed")}");
                }
            }

            var user = new ClaimsPrincipal(new ClaimsIdentity(new JsonWebToken(token).Claims, "Bearer", HananClaims.Subject, HananClaims.Role));
            var followsSome = false;
            foreach (var (id, view) in cases)
            {
                var mayFollow = view is not null && CaseScope.CanSee(user, view);
                var denied = await DeniedAsync(connection, "FollowCase", [id]);
                followsSome |= !denied;
                if (denied == mayFollow)
                {
                    wrong.Add($"FollowCase({(id == ownCase ? "own case" : id == otherCase ? "other case" : "unknown case")}) as {role}: {(denied ? "denied" : "allowed")}, the case scope says {(mayFollow ? "allowed" : "denied")}");
                }
            }

            if (followsSome != HubMethods["FollowCase"].Contains(role))
            {
                wrong.Add($"FollowCase as {role}: the matrix and the case scope disagree");
            }
        }

        wrong.Should().BeEmpty(string.Join("\n", wrong));
    }

    /// <summary>Whether the hub refused the call with its <see cref="HubAccess.Refused"/> answer.</summary>
    private static async Task<bool> DeniedAsync(HubConnection connection, string method, object?[] arguments)
    {
        try
        {
            await connection.InvokeCoreAsync(method, typeof(object), arguments);
            return false;
        }
        catch (HubException e) when (e.Message.Contains(HubAccess.Refused, StringComparison.Ordinal))
        {
            return true;
        }
    }

    [Fact]
    public async Task Nobody_signed_in_cannot_open_the_hub()
    {
        await using var connection = new HubConnectionBuilder().WithUrl(new Uri(host.Factory.BaseAddress, DistrictHub.Path)).Build();

        var start = () => connection.StartAsync();

        (await start.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_OpenAPI_document_names_the_bearer_scheme()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(await host.Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));

        var scheme = doc.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");

        scheme.GetProperty("type").GetString().Should().Be("http");
        scheme.GetProperty("scheme").GetString().Should().Be("bearer");
    }

    /// <summary>Each route endpoint as "METHOD pattern" with a path that fills in its parameters.</summary>
    private IEnumerable<(string Key, string Path)> Endpoints()
    {
        var source = host.Factory.Services.GetRequiredService<EndpointDataSource>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            // No method metadata: any method ("*"), probed with GET.
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"];
            var pattern = endpoint.RoutePattern.RawText ?? "";
            var path = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(Fill)).TrimStart('/');
            foreach (var method in methods)
            {
                yield return ($"{method} {(pattern.StartsWith('/') ? pattern : "/" + pattern)}", path);
            }
        }
    }

    private static string Fill(Microsoft.AspNetCore.Routing.Patterns.RoutePatternPathSegment segment) =>
        string.Concat(segment.Parts.Select(p => p switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart s => s.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { Name: "documentName" } => "v1",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { IsCatchAll: true } => "",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { IsOptional: true } => "",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { Name: "id" } p2 when p2.ParameterPolicies.Count > 0 => Guid.NewGuid().ToString(),
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { Name: "id" } => SignIn.DefaultBureau,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { Name: "year" } => "2026",
            _ => "x",
        }));

    private async Task<List<(string Role, HttpClient Client)>> Clients()
    {
        var clients = new List<(string, HttpClient)> { (Anonymous, host.Client) };
        foreach (var role in Roles.All)
        {
            var client = host.Factory.CreateRealClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await host.Factory.TokenAsync(role));
            clients.Add((role, client));
        }

        return clients;
    }
}
