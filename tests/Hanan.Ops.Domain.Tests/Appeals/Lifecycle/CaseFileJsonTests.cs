using System.Text.Json;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Calendar;
using static Hanan.Ops.Domain.Tests.Appeals.Lifecycle.CaseFixture;
using static Hanan.Ops.Domain.Tests.Calendar.Shanghai;

namespace Hanan.Ops.Domain.Tests.Appeals.Lifecycle;

public class CaseFileJsonTests
{
    public static TheoryData<string> Stages => [.. StageCases().Keys];

    [Theory]
    [MemberData(nameof(Stages))]
    public void A_case_reads_back_equal_from_its_stored_form_at_every_stage(string stage)
    {
        var file = StageCases()[stage];

        var json = CaseFileJson.Serialize(file);
        var read = CaseFileJson.Deserialize(json);

        read.Should().Be(file);
        read.Should().NotBeSameAs(file);
        CaseFileJson.Serialize(read).Should().Be(json, "writing the read case gives the same text");
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void A_case_also_round_trips_with_default_serializer_options(string stage)
    {
        var file = StageCases()[stage];

        var read = JsonSerializer.Deserialize<CaseFile>(JsonSerializer.Serialize(file));

        read.Should().Be(file);
    }

    [Fact]
    public void A_case_read_back_behaves_like_the_original()
    {
        var file = StageCases()["extension pending, warned"];
        var read = CaseFileJson.Deserialize(CaseFileJson.Serialize(file));
        var later = At(2026, 10, 21, 9, 0);

        read.NextDeadline.Should().Be(file.NextDeadline);
        read.EvaluateDeadlines(later).Case.Should().Be(file.EvaluateDeadlines(later).Case);
        read.DecideExtension(Supervisor, true, null, Workdays, later).Case
            .Should().Be(file.DecideExtension(Supervisor, true, null, Workdays, later).Case);
    }

    [Fact]
    public void The_stored_form_is_readable_and_holds_state_only()
    {
        var file = StageCases()["extension pending, warned"];

        var json = CaseFileJson.Serialize(file);

        json.Should().Contain("\"status\":\"InProgress\"")
            .And.Contain("\"claimLimit\":\"4wh\"")
            .And.Contain("\"appliedSteps\":[\"Warning\"]")
            .And.Contain("\"extra\":\"3wd\"")
            .And.Contain("\"role\":\"Lead\"")
            .And.Contain("\"due\":\"2026-10-13T17:00:00+08:00\"");
        json.Should().NotContain("nextDeadline").And.NotContain("overdue").And.NotContain("affectedCitizens").And.NotContain("hasActed");
    }

    [Fact]
    public void Events_read_back_equal_from_JSON_too()
    {
        var decision = In(CaseStatus.Returned)
            .Reroute(Dispatcher, "jiaotong", [Water, Housing], ClaimLimit, ResolveLimit, Workdays, At(2026, 10, 8, 9, 0));
        var extension = Handling().RequestExtension(Lead, Li, "Asphalt plant closed.", TimeLimit.Parse("3wd"), At(2026, 10, 9, 10, 0));
        CaseEvent[] events = [.. decision.Events, .. extension.Events];

        var read = JsonSerializer.Deserialize<CaseEvent[]>(JsonSerializer.Serialize(events, CaseFileJson.Options), CaseFileJson.Options);

        read.Should().Equal(events);
    }

    [Fact]
    public void A_stored_case_missing_a_required_member_is_refused()
    {
        var json = CaseFileJson.Serialize(Open()).Replace("\"number\":", "\"numero\":", StringComparison.Ordinal);

        var read = () => CaseFileJson.Deserialize(json);

        read.Should().Throw<JsonException>().WithMessage("*number*");
    }

    [Fact]
    public void Cases_differing_only_inside_a_list_are_not_equal()
    {
        var file = Handling();
        var a = file.Then(f => f.AbsorbDuplicate(Guid.Parse("0196a4c2-3b1e-8d7f-9a2b-5c6d7e8f9a11"), Dispatcher, At(2026, 9, 30, 14, 0)));
        var b = file.Then(f => f.AbsorbDuplicate(Guid.Parse("0196a4c2-3b1e-8d7f-9a2b-5c6d7e8f9a12"), Dispatcher, At(2026, 9, 30, 14, 0)));

        a.Should().NotBe(b);
        a.Should().Be(a with { });
        a.GetHashCode().Should().Be(CaseFileJson.Deserialize(CaseFileJson.Serialize(a)).GetHashCode());
    }

    private static Dictionary<string, CaseFile> StageCases()
    {
        var stages = new Dictionary<string, CaseFile>(StringComparer.Ordinal);
        foreach (var status in Enum.GetValues<CaseStatus>())
        {
            stages[status.ToString()] = In(status);
        }

        var pending = Handling(Housing, Water)
            .Then(f => f.RequestExtension(Lead, Li, "Asphalt plant closed.", TimeLimit.Parse("3wd"), At(2026, 10, 9, 10, 0)))
            .Then(f => f.EvaluateDeadlines(At(2026, 10, 12, 14, 0)));
        stages["extension pending, warned"] = pending;
        stages["extension approved, hot, duplicates"] = pending
            .Then(f => f.DecideExtension(Supervisor, true, "Justified.", Workdays, At(2026, 10, 12, 15, 0)))
            .Then(f => f.FlagHot(CaseActor.System, HotReason.Cluster, At(2026, 10, 12, 15, 5)))
            .Then(f => f.AbsorbDuplicate(Guid.Parse("0196a4c2-3b1e-8d7f-9a2b-5c6d7e8f9a11"), Dispatcher, At(2026, 10, 12, 15, 10)));
        stages["reopened after a bad rating"] = In(CaseStatus.Resolved)
            .Then(f => f.Rate(Citizen, 2, "Still bumpy.", Policy, Workdays, At(2026, 10, 10, 9, 0)));
        stages["rerouted after a return"] = In(CaseStatus.Returned)
            .Then(f => f.Reroute(Dispatcher, "jiaotong", [Water], TimeLimit.Parse("30m"), TimeLimit.Parse("24h"), Workdays, At(2026, 10, 8, 9, 0)));
        stages["closed unrated"] = In(CaseStatus.Resolved).Then(f => f.EvaluateDeadlines(At(2026, 10, 20, 9, 0)));
        return stages;
    }
}
