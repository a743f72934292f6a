using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Hanan.Ops.Storage.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Hanan.Ops.Host.Tests.Residents;

/// <summary>Real-name binding (实名绑定) of citizen accounts, and what a bound citizen sees: their record, household and notices.</summary>
public sealed class CitizenBindingTests(BoundCitizens host) : IClassFixture<BoundCitizens>
{
    private static readonly Uri Binding = new("/api/me/binding", UriKind.Relative);

    private Task<HttpClient> CitizenAsync(string account) => host.Factory.ClientAsAsync(Roles.Citizen, account);

    private async Task<IReadOnlyList<AuditRecord>> AuditAsync() =>
        await host.Factory.Services.GetRequiredService<IAuditStore>().ReadAsync(0, 100_000);

    private static Task<HttpResponseMessage> BindAsync(HttpClient citizen, string? idNumber, string? name) =>
        citizen.PostAsJsonAsync(Binding, new { idNumber, name });

    [Fact]
    public async Task A_malformed_ID_number_is_a_400_naming_idNumber()
    {
        using var citizen = await CitizenAsync("citizen-malformed");

        using var response = await BindAsync(citizen, "36042619910102009X", "王伟");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        problem!["errors"]!["idNumber"].Should().NotBeNull();
        problem["errors"]!["name"].Should().BeNull();
    }

    [Fact]
    public async Task An_unknown_ID_number_and_a_wrong_name_get_the_same_refusal()
    {
        var resident = host.NextHousehold().Members[0];
        using var citizen = await CitizenAsync("citizen-guessing");

        using var unknown = await BindAsync(citizen, "110102199101010078", resident.Name);
        using var wrongName = await BindAsync(citizen, resident.IdNumber.Value, resident.Name + "某");

        unknown.StatusCode.Should().Be(wrongName.StatusCode).And.Be(HttpStatusCode.BadRequest);
        var (a, b) = (await unknown.Content.ReadFromJsonAsync<JsonObject>(), await wrongName.Content.ReadFromJsonAsync<JsonObject>());
        a!["title"]!.ToJsonString().Should().Be(b!["title"]!.ToJsonString());
        a["errors"]!.ToJsonString().Should().Be(b["errors"]!.ToJsonString());
        (await unknown.Content.ReadAsStringAsync() + await wrongName.Content.ReadAsStringAsync()).Should().NotContain(resident.IdNumber.Masked);
        (await citizen.GetAsync(Binding)).StatusCode.Should().Be(HttpStatusCode.NotFound, "nothing was bound");
    }

    [Fact]
    public async Task A_bound_citizen_sees_their_own_record_and_household_masked_and_every_read_is_audited()
    {
        var household = host.NextHousehold();
        var self = household.Members[0];
        using var citizen = await CitizenAsync("citizen-bound");

        using var bound = await BindAsync(citizen, self.IdNumber.Value.ToLowerInvariant(), " " + self.Name + " ");
        bound.StatusCode.Should().Be(HttpStatusCode.Created, await bound.Content.ReadAsStringAsync());
        var record = await citizen.GetFromJsonAsync<JsonObject>(new Uri("/api/me/resident", UriKind.Relative));
        var members = await citizen.GetFromJsonAsync<JsonArray>(new Uri("/api/me/household", UriKind.Relative));

        record!["id"]!.GetValue<Guid>().Should().Be(self.Id);
        record!["idNumber"]!.GetValue<string>().Should().Be(self.IdNumber.Masked);
        record!["tags"].Should().BeNull("restricted tags are not shown to citizens");
        if (self.Phone is not null)
        {
            record["phone"]!.GetValue<string>().Should().Be(self.Phone.Masked);
        }

        members!.Select(m => m!["id"]!.GetValue<Guid>()).Should().BeEquivalentTo(household.Members.Select(m => m.Id));
        var text = members!.ToJsonString() + record!.ToJsonString();
        foreach (var member in household.Members)
        {
            text.Should().NotContain(member.IdNumber.Value);
            if (member.Phone is not null)
            {
                text.Should().NotContain(member.Phone.Value);
            }
        }

        var audit = await AuditAsync();
        audit.Should().Contain(r => r.Entry.Action == "citizen.bind" && r.Entry.Actor == "citizen-bound" && r.Entry.Target == self.Id.ToString() && r.Entry.Outcome == AuditOutcome.Success)
            .And.Contain(r => r.Entry.Action == "citizen.resident" && r.Entry.Actor == "citizen-bound" && r.Entry.Target == self.Id.ToString())
            .And.Contain(r => r.Entry.Action == "citizen.household" && r.Entry.Actor == "citizen-bound" && r.Entry.Target!.Contains(self.Id.ToString(), StringComparison.Ordinal));
        audit.Should().NotContain(r => (r.Entry.Target ?? "").Contains(self.IdNumber.Value, StringComparison.Ordinal) || (r.Entry.Detail ?? "").Contains(self.IdNumber.Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Binding_twice_is_a_conflict_both_for_the_account_and_for_the_resident()
    {
        var household = host.NextHousehold();
        var (first, second) = (household.Members[0], household.Members[1]);
        using var citizen = await CitizenAsync("citizen-twice");
        using var other = await CitizenAsync("citizen-other");

        (await BindAsync(citizen, first.IdNumber.Value, first.Name)).StatusCode.Should().Be(HttpStatusCode.Created);
        using var again = await BindAsync(citizen, second.IdNumber.Value, second.Name);
        using var taken = await BindAsync(other, first.IdNumber.Value, first.Name);

        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        taken.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await citizen.GetFromJsonAsync<JsonObject>(Binding))!["residentId"]!.GetValue<Guid>().Should().Be(first.Id);
        (await other.GetAsync(Binding)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task After_unbinding_the_account_may_bind_again_and_the_resident_is_free_for_another_account()
    {
        var household = host.NextHousehold();
        var (first, second) = (household.Members[0], household.Members[1]);
        using var citizen = await CitizenAsync("citizen-rebind");
        using var other = await CitizenAsync("citizen-rebind-2");
        (await BindAsync(citizen, first.IdNumber.Value, first.Name)).StatusCode.Should().Be(HttpStatusCode.Created);

        (await citizen.DeleteAsync(Binding)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await citizen.GetAsync(new Uri("/api/me/resident", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);

        (await BindAsync(citizen, second.IdNumber.Value, second.Name)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await BindAsync(other, first.IdNumber.Value, first.Name)).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Five_failed_attempts_lock_binding_for_the_account_even_with_the_right_name()
    {
        var resident = host.NextHousehold().Members[0];
        using var citizen = await CitizenAsync("citizen-locked");
        for (var i = 0; i < CitizenBindingRules.MaxFailures; i++)
        {
            (await BindAsync(citizen, resident.IdNumber.Value, "错" + i)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }

        using var locked = await BindAsync(citizen, resident.IdNumber.Value, resident.Name);

        locked.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        locked.Headers.RetryAfter.Should().NotBeNull();
        (await citizen.GetAsync(Binding)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_bound_citizen_lists_the_notices_to_their_grid_and_their_read_is_recorded_for_their_resident()
    {
        var household = host.NextHousehold();
        var self = household.Members[0];
        using var citizen = await CitizenAsync("citizen-notices");
        (await BindAsync(citizen, self.IdNumber.Value, self.Name)).StatusCode.Should().Be(HttpStatusCode.Created);
        using var dispatcher = await host.Factory.ClientAsAsync(Roles.Dispatcher);
        using var sent = await dispatcher.PostAsJsonAsync(new Uri("/api/notices/", UriKind.Relative),
            new { title = "停水通知", body = "明日9时至12时停水。", gridCodes = new[] { household.GridCode } });
        sent.StatusCode.Should().Be(HttpStatusCode.Created);
        var noticeId = (await sent.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();

        var listed = await citizen.GetFromJsonAsync<JsonArray>(new Uri("/api/me/notices", UriKind.Relative));
        var notice = listed!.Single(n => n!["id"]!.GetValue<Guid>() == noticeId)!;
        notice["title"]!.GetValue<string>().Should().Be("停水通知");
        notice["received"]!.GetValue<bool>().Should().BeTrue("listing it in the citizen's app delivers it");
        notice["read"]!.GetValue<bool>().Should().BeFalse();

        using var read = await citizen.PostAsync(new Uri($"/api/me/notices/{noticeId}/read", UriKind.Relative), null);
        read.StatusCode.Should().Be(HttpStatusCode.OK);
        (await read.Content.ReadFromJsonAsync<JsonObject>())!["read"]!.GetValue<bool>().Should().BeTrue();

        var view = await dispatcher.GetFromJsonAsync<JsonObject>(new Uri($"/api/notices/{noticeId}", UriKind.Relative));
        view!["read"]!.GetValue<int>().Should().Be(1);
        view["readBy"]!.AsArray().Select(r => r!.GetValue<Guid>()).Should().Equal(self.Id);
        (await citizen.PostAsync(new Uri($"/api/me/notices/{Guid.NewGuid()}/read", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await AuditAsync()).Should().Contain(r => r.Entry.Action == "citizen.notice-read" && r.Entry.Actor == "citizen-notices" && r.Entry.Target == noticeId.ToString());
    }

    [Fact]
    public async Task An_unbound_citizen_has_no_record_household_or_notices()
    {
        using var citizen = await CitizenAsync("citizen-unbound");

        foreach (var path in new[] { "/api/me/binding", "/api/me/resident", "/api/me/household", "/api/me/notices" })
        {
            (await citizen.GetAsync(new Uri(path, UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound, path);
        }
    }
}
