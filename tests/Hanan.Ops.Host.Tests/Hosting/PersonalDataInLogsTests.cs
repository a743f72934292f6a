using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Domain.Privacy;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Residents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Hanan.Ops.Host.Tests.Cameras.CameraEvents;

namespace Hanan.Ops.Host.Tests.Hosting;

/// <summary>
/// No personal data in the logs at Information and above: a full police query, a resident lookup with a citizen's
/// binding and a contact reveal, and a case's lifecycle run against a host that logs everything at Information (the
/// frameworks too, more than the shipped configuration), and no plate, ID number, phone, name, face reference or exact
/// coordinate is found in any captured line, its values, exceptions or scopes.
/// </summary>
public sealed partial class PersonalDataInLogsTests : IAsyncLifetime
{
    private LogCapture Capture { get; } = new();

    private DistrictHostFactory Factory { get; set; } = null!;

    public Task InitializeAsync()
    {
        Factory = new DistrictHostFactory(
            settings: new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
                // What an operator might set while chasing a problem: the host keeps the request lines off all the same.
                ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
                ["Logging:LogLevel:Orleans"] = "Information",
                ["Hanan:Privacy:LogRedactionKey"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
                ["Hanan:Privacy:LogRedactionKeyId"] = "7",
            },
            services: s => s.AddSingleton<ILoggerProvider>(Capture));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    [Fact]
    public async Task A_police_query_a_resident_lookup_and_a_case_lifecycle_leave_no_personal_data_in_the_logs()
    {
        var secrets = new List<string>();
        secrets.AddRange(await PoliceQueryAsync());
        secrets.AddRange(await ResidentLookupAndBindingAsync());
        secrets.AddRange(await CaseLifecycleAsync());

        // The capture sees what a provider sees: an unclassified control value through the host's own logging arrives as is.
        var control = "control-" + Guid.NewGuid().ToString("N");
        var logger = Factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Hanan.Ops.Tests");
        LogControl(logger, control);
        Capture.Lines.Should().Contain(l => l.Everything.Contains(control, StringComparison.Ordinal), "the capture sees the host's lines");
        Capture.Lines.Should().Contain(l => l.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal), "the frameworks' lines are captured too");
        Capture.Lines.Should().Contain(l => l.Category.StartsWith("Orleans", StringComparison.Ordinal), "Orleans' lines are captured too");
        Capture.Lines.Should().Contain(l => l.Category == typeof(Grains.Cameras.VehicleGrain).FullName && l.Message.StartsWith("Vehicle ", StringComparison.Ordinal),
            "the vehicle grain's own line about a plate is written, with the plate redacted");

        secrets.Should().NotBeEmpty();
        var leaks = Capture.Lines.SelectMany(l => secrets.Where(s => l.Everything.Contains(s, StringComparison.Ordinal))
            .Select(s => $"{l.Level} {l.Category}: '{s}' in {Cut(l.Everything)}")).ToList();
        leaks.Should().BeEmpty(string.Join("\n", leaks.Take(10)));
    }

    [Fact]
    public void A_classified_value_is_replaced_by_one_stable_keyed_token_and_an_unclassified_one_is_not()
    {
        var logger = Factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Hanan.Ops.Tests");
        var plate = NewPlate();
        var other = NewPlate("46");

        LogSighting(logger, plate, "north gate");
        LogSighting(logger, plate, "south gate");
        LogSighting(logger, other, "north gate");

        var lines = Capture.Lines.Where(l => l.Message.StartsWith("Sighting ", StringComparison.Ordinal)).ToList();
        lines.Should().HaveCount(3);
        lines.Should().OnlyContain(l => !l.Everything.Contains(plate, StringComparison.Ordinal) && !l.Everything.Contains(other, StringComparison.Ordinal));
        var tokens = lines.Select(l => l.Message.Split(' ')[1]).ToList();
        tokens[0].Should().Be(tokens[1], "one plate is one token on every line, so it can be followed without being read");
        tokens[2].Should().NotBe(tokens[0], "another plate is another token");
        tokens[0].Should().StartWith("7:", "the token names the key id it was made with");
        lines[0].Message.Should().EndWith("at north gate", "values that are not personal data stay as they are");
    }

    [Fact]
    public async Task A_request_span_names_the_route_not_the_plate_that_was_asked_for()
    {
        var spans = new System.Collections.Concurrent.ConcurrentQueue<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        using var police = await PoliceAsync(Factory);
        var plate = NewPlate();

        using var response = await police.GetAsync(new Uri($"/api/police/vehicles/{plate}/trajectory?reason=案件研判", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var span = spans.Single(a => a.DisplayName.Contains("/api/police/vehicles/{plate}/trajectory", StringComparison.Ordinal));
        span.GetTagItem("url.path").Should().Be("/api/police/vehicles/{plate}/trajectory");
        span.TagObjects.Select(t => Convert.ToString(t.Value, CultureInfo.InvariantCulture) ?? "").Should()
            .NotContain(v => v.Contains(plate, StringComparison.Ordinal) || v.Contains(Uri.EscapeDataString(plate), StringComparison.Ordinal),
                "no tag of the span carries the plate, plain or percent-encoded");
    }

    /// <summary>Plate reads and a face, then trajectory, profile, companions, faces, watchlists and alerts, as the police.</summary>
    private async Task<IEnumerable<string>> PoliceQueryAsync()
    {
        using var box = await EdgeBoxAsync(Factory);
        using var police = await PoliceAsync(Factory);
        var target = NewPlate();
        var companion = NewPlate("77");
        var person = "POI-" + Guid.NewGuid().ToString("N")[..8];
        var route = Route(Factory, 4);
        var t0 = Factory.Clock.GetUtcNow().AddMinutes(-40);
        var events = new List<object>();
        for (var i = 0; i < route.Count; i++)
        {
            events.Add(Plate(route[i], t0.AddMinutes(i), target));
            events.Add(Plate(route[i], t0.AddMinutes(i).AddSeconds(20), companion));
        }

        events.Add(new { type = "face", cameraId = route[0].Id.Value, at = t0, confidence = 0.96, personRef = person });
        (await police.PutAsJsonAsync(new Uri($"/api/police/watchlist/plates/{target}?reason=布控审批", UriKind.Relative), new { reason = "盗抢车辆" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await police.PutAsJsonAsync(new Uri($"/api/police/watchlist/persons/{person}?reason=布控审批", UriKind.Relative), new { reason = "网上追逃" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        await PostAsync(box, [.. events]);

        foreach (var query in new[]
        {
            $"/api/police/vehicles/{target}/trajectory?reason=案件研判",
            $"/api/police/vehicles/{Uri.EscapeDataString(target[..2] + "·" + target[2..])}/profile?reason=案件研判",
            $"/api/police/vehicles/{target}/companions?reason=伴随车研判&k=3&gapSeconds=60",
            $"/api/police/faces?reason=布控核查&personRef={person}",
            "/api/police/alerts?reason=布控核查",
            "/api/police/watchlist?reason=布控核查",
        })
        {
            using var response = await police.GetAsync(new Uri(query, UriKind.Relative));
            response.StatusCode.Should().Be(HttpStatusCode.OK, query);
        }

        // Hostile: the plate where a number belongs, so the binding fails and an exception carries the raw value.
        using var bad = await police.GetAsync(new Uri($"/api/police/vehicles/{target}/companions?reason=研判&k={target}", UriKind.Relative));
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await police.DeleteAsync(new Uri($"/api/police/watchlist/plates/{target}?reason=撤控审批通过", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        return [target, companion, target[..2] + "·" + target[2..], companion[..2] + "·" + companion[2..], person];
    }

    /// <summary>A household in the read model; a grid worker looks a member up by ID number; another member binds their account.</summary>
    private async Task<IEnumerable<string>> ResidentLookupAndBindingAsync()
    {
        var population = Factory.Services.GetRequiredService<DemoPopulation>();
        var seeder = Factory.Services.GetRequiredService<DemoPopulationSeeder>();
        var household = population.Households().First(h => h.Members.Count >= 2 && h.Members.Any(m => m.Phone is not null));
        await Factory.Services.GetRequiredService<IResidentReadModel>().UpsertResidentsAsync(
            [.. household.Members.Select(m => seeder.Seal(m, household, Factory.Clock.GetUtcNow()))]);
        var looked = household.Members.First(m => m.Phone is not null);
        var binder = household.Members.First(m => m != looked);

        using var worker = await Factory.ClientAsAsync(Roles.GridWorker, "worker-logs", grids: [looked.GridCode]);
        using var lookup = await worker.PostAsJsonAsync(new Uri("/api/residents/lookup", UriKind.Relative), new { idNumber = looked.IdNumber.Value });
        lookup.StatusCode.Should().Be(HttpStatusCode.OK);
        using var miss = await worker.PostAsJsonAsync(new Uri("/api/residents/lookup", UriKind.Relative), new { idNumber = "110102199101010078" });
        miss.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var search = await worker.GetAsync(new Uri($"/api/residents?name={Uri.EscapeDataString(looked.Name)}", UriKind.Relative));
        search.StatusCode.Should().Be(HttpStatusCode.OK);

        using var citizen = await Factory.ClientAsAsync(Roles.Citizen, "citizen-logs");
        using var bind = await citizen.PostAsJsonAsync(new Uri("/api/me/binding", UriKind.Relative), new { idNumber = binder.IdNumber.Value, name = binder.Name });
        bind.StatusCode.Should().Be(HttpStatusCode.Created);
        (await citizen.GetAsync(new Uri("/api/me/household", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        return [looked.IdNumber.Value, looked.Phone!.Value, looked.Name, binder.IdNumber.Value, binder.Name, "110102199101010078",
            Coordinate(household.Latitude), Coordinate(household.Longitude)];
    }

    /// <summary>Filed with a name, a phone and exact coordinates; claimed, noted, resolved and rated; the contact revealed.</summary>
    private async Task<IEnumerable<string>> CaseLifecycleAsync()
    {
        var grid = Factory.Services.GetRequiredService<DistrictMap>().Grids[400];
        var latitude = Math.Round(grid.LabelPoint.Y, 5) + 0.0000123;
        var longitude = Math.Round(grid.LabelPoint.X, 5) + 0.0000456;
        const string name = "欧阳秀英";
        const string phone = "13987654321";
        using var citizen = await Factory.ClientAsAsync(Roles.Citizen, "citizen-case");
        using var filed = await citizen.PostAsJsonAsync(new Uri("/api/appeals", UriKind.Relative), new
        {
            category = "food-safety",
            description = "小区门口摊位食品变质。",
            latitude,
            longitude,
            contact = new { name, phone },
            idempotencyKey = Guid.NewGuid().ToString(),
        });
        filed.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (await filed.Content.ReadFromJsonAsync<JsonObject>())!["caseId"]!.GetValue<Guid>();

        using var officer = await Factory.ClientAsAsync(Roles.Officer, "officer-logs", bureau: "market-regulation");
        foreach (var (action, body) in new (string, object)[]
        {
            ("claim", new { }),
            ("notes", new { text = "已联系商户", @public = true }),
            ("contact-reveal", new { reason = "回访核实" }),
            ("resolve", new { summary = "变质食品已下架" }),
        })
        {
            using var response = await officer.PostAsJsonAsync(new Uri($"/api/cases/{id}/{action}", UriKind.Relative), body);
            response.StatusCode.Should().Be(HttpStatusCode.OK, action);
        }

        using var rated = await citizen.PostAsJsonAsync(new Uri($"/api/cases/{id}/rating", UriKind.Relative), new { level = 5, comment = "处理及时" });
        rated.StatusCode.Should().Be(HttpStatusCode.OK);
        return [name, phone, Coordinate(latitude), Coordinate(longitude)];
    }

    /// <summary>A coordinate as any log would print it, to five decimals (about a metre): exact enough to find a person.</summary>
    private static string Coordinate(double value) => value.ToString("0.00000", CultureInfo.InvariantCulture);

    private static string Cut(string text) => text.Length <= 400 ? text : text[..400] + "…";

    [LoggerMessage(Level = LogLevel.Information, Message = "Control line {Value}")]
    private static partial void LogControl(ILogger logger, string value);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sighting {Plate} at {Place}")]
    private static partial void LogSighting(ILogger logger, [Plate] string plate, string place);
}
