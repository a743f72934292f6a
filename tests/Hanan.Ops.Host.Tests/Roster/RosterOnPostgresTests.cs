using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Contracts.Residents;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Domain.Roster;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Residents;
using Hanan.Ops.Storage.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Roster;

/// <summary>The host on a real PostgreSQL: the seeded roster, an assignment and a citizen's binding survive a restart.</summary>
public sealed class RosterOnPostgresTests
{
    [Fact]
    public async Task The_roster_an_assignment_and_a_binding_survive_a_host_restart()
    {
        await using var db = await TestDatabase.CreateAsync();
        var clusterId = "roster-" + Guid.NewGuid().ToString("N")[..8];
        DemoGridWorker worker;
        Resident self;

        await using (var first = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString, clusterId: clusterId))
        {
            var map = first.Services.GetRequiredService<DistrictMap>();
            worker = DemoRoster.Generate(map).First(w => w.Grids.Count == 2);
            using var admin = await first.ClientAsAsync(Roles.Administrator);
            (await admin.PutAsJsonAsync(new Uri("/api/grid-workers/successor-pg", UriKind.Relative),
                new { name = "孙丽", phone = "13600000002", grids = new[] { worker.Grids[1] } })).StatusCode.Should().Be(HttpStatusCode.Created);
            (await admin.PutAsJsonAsync(new Uri($"/api/grid-workers/{worker.Id}", UriKind.Relative), new { grids = new[] { worker.Grids[0] } }))
                .StatusCode.Should().Be(HttpStatusCode.OK);

            var household = first.Services.GetRequiredService<DemoPopulation>().Households().First(h => h.Members.Count >= 2);
            var seeder = first.Services.GetRequiredService<DemoPopulationSeeder>();
            await first.Services.GetRequiredService<IResidentReadModel>().UpsertResidentsAsync(
                [.. household.Members.Select(m => seeder.Seal(m, household, first.Clock.GetUtcNow()))]);
            self = household.Members[0];
            using var citizen = await first.ClientAsAsync(Roles.Citizen, "citizen-pg");
            (await citizen.PostAsJsonAsync(new Uri("/api/me/binding", UriKind.Relative), new { idNumber = self.IdNumber.Value, name = self.Name }))
                .StatusCode.Should().Be(HttpStatusCode.Created);
        }

        await using var second = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString, clusterId: clusterId);
        using var dispatcher = await second.ClientAsAsync(Roles.Dispatcher);
        var roster = await dispatcher.GetFromJsonAsync<JsonObject>(new Uri("/api/grid-workers/", UriKind.Relative));
        roster!["uncoveredGrids"]!.AsArray().Should().BeEmpty();
        var workers = roster["workers"]!.AsArray().ToDictionary(w => w!["id"]!.GetValue<string>(), w => w!);
        workers.Should().HaveCount(DemoRoster.Generate(second.Services.GetRequiredService<DistrictMap>()).Count + 1, "the roster is not seeded twice");
        workers["successor-pg"]["phone"]!.GetValue<string>().Should().Be("136****0002");
        workers[worker.Id]["grids"]!.AsArray().Select(g => g!.GetValue<string>()).Should().Equal(worker.Grids[0]);

        using var citizen2 = await second.ClientAsAsync(Roles.Citizen, "citizen-pg");
        (await citizen2.GetFromJsonAsync<JsonObject>(new Uri("/api/me/binding", UriKind.Relative)))!["residentId"]!.GetValue<Guid>().Should().Be(self.Id);
        using var other = await second.ClientAsAsync(Roles.Citizen, "citizen-pg-2");
        (await other.PostAsJsonAsync(new Uri("/api/me/binding", UriKind.Relative), new { idNumber = self.IdNumber.Value, name = self.Name }))
            .StatusCode.Should().Be(HttpStatusCode.Conflict);
    }
}
