using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Domain.Privacy;
using Hanan.Ops.Host.Residents;
using Hanan.Ops.Host.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Tests.Residents;

public sealed class ResidentEndpointsTests(SeededHost host) : IClassFixture<SeededHost>
{
    private static readonly TimeSpan WithinASecond = TimeSpan.FromSeconds(1);

    private Resident FirstResident => host.FirstHouseholds[0].Members[0];

    /// <summary>The grid worker of the first resident's grid, who swipes ID cards and searches there.</summary>
    private Task<HttpClient> FirstGridsWorkerAsync() => host.WorkerAsync("worker-first", FirstResident.GridCode);

    [Fact]
    public async Task The_demo_population_is_seeded_and_a_resident_is_found_by_the_ID_number_in_the_body()
    {
        var resident = FirstResident;
        using var worker = await FirstGridsWorkerAsync();

        var response = await worker.PostAsJsonAsync("/api/residents/lookup", new { idNumber = resident.IdNumber.Value });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        text.Should().NotContain(resident.IdNumber.Value).And.NotContain(resident.Phone?.Value ?? "no phone");
        var body = JsonNode.Parse(text)!;
        body["id"]!.GetValue<Guid>().Should().Be(resident.Id);
        body["idNumber"]!.GetValue<string>().Should().Be(resident.IdNumber.Masked).And.MatchRegex(@"^2301\*{10}\d{3}[\dX]$");
        body["name"]!.GetValue<string>().Should().Be(resident.Name);
        body["address"]!["householdId"]!.GetValue<string>().Should().Be(resident.HouseholdId);
        if (resident.Phone is not null)
        {
            body["phone"]!.GetValue<string>().Should().Be(resident.Phone.Masked);
        }
    }

    [Theory]
    [InlineData("36042619910102009X")] // check character
    [InlineData("360426199113010079")] // date
    [InlineData("12345")]
    [InlineData(null)]
    public async Task A_bad_ID_number_is_a_400_naming_idNumber_and_not_repeating_it(string? idNumber)
    {
        using var worker = await FirstGridsWorkerAsync();

        var response = await worker.PostAsJsonAsync("/api/residents/lookup", new { idNumber });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode.Parse(text)!["errors"]!["idNumber"].Should().NotBeNull();
        if (idNumber is not null)
        {
            text.Should().NotContain(idNumber);
        }
    }

    [Fact]
    public async Task An_unknown_valid_ID_number_is_a_404()
    {
        using var worker = await FirstGridsWorkerAsync();

        var response = await worker.PostAsJsonAsync("/api/residents/lookup", new { idNumber = "110102199101010078" });

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().NotContain("110102199101010078");
    }

    [Fact]
    public async Task Search_filters_by_grid_and_tag_and_needs_a_criterion()
    {
        var grid = FirstResident.GridCode;
        var expected = host.Population.Households().Where(h => h.GridCode == grid).SelectMany(h => h.Members)
            .Count(m => m.Tags.HasFlag(ResidentTags.Disability));
        using var worker = await FirstGridsWorkerAsync();

        var page = await worker.GetFromJsonAsync<JsonObject>($"/api/residents?grid={grid}&tag=disability&limit=200");

        var items = page!["items"]!.AsArray();
        items.Should().HaveCount(expected);
        items.Should().OnlyContain(i => i!["address"]!["gridCode"]!.GetValue<string>() == grid
            && i["tags"]!.AsArray().Any(t => t!.GetValue<string>() == "disability"));

        var none = await worker.GetAsync("/api/residents");
        none.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await none.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["name"].Should().NotBeNull();
        var badTag = await worker.GetAsync("/api/residents?tag=rich");
        (await badTag.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["tag"].Should().NotBeNull();
    }

    [Fact]
    public async Task Search_by_name_prefix_finds_residents_of_that_name()
    {
        var name = FirstResident.Name;
        using var worker = await FirstGridsWorkerAsync();

        var page = await worker.GetFromJsonAsync<JsonObject>($"/api/residents?name={Uri.EscapeDataString(name)}&grid={FirstResident.GridCode}");

        page!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()).Should().Contain(FirstResident.Id);
        page["items"]!.AsArray().Should().OnlyContain(i => i!["name"]!.GetValue<string>().StartsWith(name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_move_through_the_API_updates_both_grids_live_figures()
    {
        var mover = host.FirstHouseholds[1].Members[0];
        var destination = host.Population.Places.First(p => p.Kind == PlaceKind.ResidentialBuilding && p.GridCode != mover.GridCode);
        // A worker of both grids: the move is theirs to record, and the second attempt (now in the destination) too.
        using var worker = await host.WorkerAsync("worker-1", mover.GridCode, destination.GridCode);
        using var dispatcher = await host.AsAsync(Roles.Dispatcher, "dispatcher-figures");
        var fromBefore = await Figures(dispatcher, mover.GridCode);
        var toBefore = await Figures(dispatcher, destination.GridCode);

        var response = await worker.PostAsJsonAsync($"/api/residents/{mover.Id}/moves",
            new { buildingId = destination.Id, unit = 1, room = 101, recordedBy = "someone-else" });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["address"]!["gridCode"]!.GetValue<string>().Should().Be(destination.GridCode);
        await Storage.Tests.Eventually.HoldsAsync(async () => (await Figures(dispatcher, destination.GridCode))["population"]!.GetValue<int>() == toBefore["population"]!.GetValue<int>() + 1,
            WithinASecond, "the destination grid counts the mover");
        (await Figures(dispatcher, mover.GridCode))["population"]!.GetValue<int>().Should().Be(fromBefore["population"]!.GetValue<int>() - 1);
        var history = await worker.GetFromJsonAsync<JsonArray>($"/api/residents/{mover.Id}/history");
        history!.Single()!["recordedBy"]!.GetValue<string>().Should().Be("worker-1", "the recorder is the signed-in worker, not a name in the body");

        var again = await worker.PostAsJsonAsync($"/api/residents/{mover.Id}/moves", new { buildingId = destination.Id, unit = 1, room = 101 });
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("230108001001001B999", 1, 101, "buildingId")] // no such building
    [InlineData("not-a-building", 1, 101, "buildingId")]
    [InlineData(null, 1, 101, "buildingId")]
    [InlineData("FIRST", 0, 101, "unit")]
    [InlineData("FIRST", 1, 0, "room")]
    [InlineData("FIRST", 1, 9901, "room")] // floor 99 does not exist
    [InlineData("FIRST", 99, 101, "unit")] // unit 99 does not exist
    public async Task A_bad_move_is_a_400_naming_the_field(string? buildingId, int unit, int room, string field)
    {
        var building = buildingId == "FIRST" ? host.Population.Places.First(p => p.Kind == PlaceKind.ResidentialBuilding).Id : buildingId;
        using var worker = await FirstGridsWorkerAsync();

        var response = await worker.PostAsJsonAsync($"/api/residents/{FirstResident.Id}/moves", new { buildingId = building, unit, room });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![field].Should().NotBeNull();
    }

    [Fact]
    public async Task Moving_an_unknown_resident_is_a_404()
    {
        var building = host.Population.Places.First(p => p.Kind == PlaceKind.ResidentialBuilding).Id;
        using var worker = await FirstGridsWorkerAsync();

        var response = await worker.PostAsJsonAsync($"/api/residents/{Guid.NewGuid()}/moves", new { buildingId = building, unit = 1, room = 101 });

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_legal_person_is_found_by_credit_code_and_a_bad_code_is_a_400_naming_code()
    {
        var firm = host.Population.LegalPersons[0];
        using var officer = await host.AsAsync(Roles.Officer, "officer-firms");

        var found = await officer.GetFromJsonAsync<JsonObject>($"/api/legal-persons/{firm.Code.Value.ToLowerInvariant()}");
        found!["name"]!.GetValue<string>().Should().Be(firm.Name);
        found["gridCode"]!.GetValue<string>().Should().Be(firm.GridCode);

        var bad = await officer.GetAsync("/api/legal-persons/91110000600037341N");
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["code"].Should().NotBeNull();
        (await officer.GetAsync("/api/legal-persons/91110000600037341L")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public void Production_refuses_to_start_without_ID_keys_and_other_environments_use_the_development_keys()
    {
        var production = new HostingEnvironment { EnvironmentName = Environments.Production };
        var development = new HostingEnvironment { EnvironmentName = Environments.Development };

        FluentActions.Invoking(() => ResidentsExtensions.ProtectorFrom(new PrivacyOptions(), production, out _))
            .Should().Throw<OptionsValidationException>().WithMessage("*required in Production*");
        ResidentsExtensions.ProtectorFrom(new PrivacyOptions(), development, out var usesDevelopmentKeys).Should().BeSameAs(CitizenIdProtector.Development);
        usesDevelopmentKeys.Should().BeTrue();

        var keys = new PrivacyOptions { IdEncryptionKey = Convert.ToBase64String(new byte[32]), IdLookupKey = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray()) };
        ResidentsExtensions.ProtectorFrom(keys, production, out usesDevelopmentKeys).Should().NotBeSameAs(CitizenIdProtector.Development);
        usesDevelopmentKeys.Should().BeFalse();
        FluentActions.Invoking(() => ResidentsExtensions.ProtectorFrom(new PrivacyOptions { IdEncryptionKey = "short", IdLookupKey = "short" }, production, out _))
            .Should().Throw<OptionsValidationException>().WithMessage("*encryption key*").And.Message.Should().NotContain("short");
    }

    private static async Task<JsonObject> Figures(HttpClient client, string grid) => (await client.GetFromJsonAsync<JsonObject>($"/api/grids/{grid}/figures"))!;
}
