using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.Grains.Tests.Appeals;

public sealed class CaseGrainTests : IAsyncLifetime
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private readonly DistrictCluster _district = new();

    public Task InitializeAsync() => _district.InitializeAsync();

    public Task DisposeAsync() => _district.DisposeAsync();

    private ICaseGrain Case(string key) => _district.Client.GetGrain<ICaseGrain>(CaseIdentity.FromIdempotencyKey(key));

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, Beijing);

    [Fact]
    public async Task Filing_stores_a_numbered_case_routed_to_its_bureaus_with_a_timeline_entry()
    {
        var outcome = await Case("filing-1").File(TestAppeals.Routed("filing-1"));

        outcome.Result.Should().Be(FilingResult.Created);
        var view = await Case("filing-1").Get();
        view.Should().NotBeNull();
        view!.Number.Should().MatchRegex(@"^HN-2026-\d{6}$");
        view.LeadBureau.Should().Be("urban-management");
        view.CoHandlers.Should().Equal("housing");
        view.Status.Should().Be(CaseStatus.Dispatched);
        view.Timeline.Should().ContainSingle().Which.Action.Should().Be("filed");
        view.Timeline[0].Description.Should().Contain("区城市管理和行政执法局（主办）").And.Contain("区住房和城乡建设局（协办）");
    }

    [Fact]
    public async Task A_retried_filing_with_the_same_content_is_replayed_not_duplicated()
    {
        var first = await Case("retry-1").File(TestAppeals.Routed("retry-1"));
        var second = await Case("retry-1").File(TestAppeals.Routed("retry-1"));

        second.Result.Should().Be(FilingResult.Replayed);
        second.Case.Number.Should().Be(first.Case.Number);
        second.Case.Timeline.Should().HaveCount(1);
    }

    [Fact]
    public async Task A_key_reused_for_different_content_is_refused_and_the_case_is_unchanged()
    {
        await Case("reuse-1").File(TestAppeals.Routed("reuse-1", description: "垃圾未清运"));
        var again = await Case("reuse-1").File(TestAppeals.Routed("reuse-1", description: "完全不同的诉求"));

        again.Result.Should().Be(FilingResult.KeyReused);
        (await Case("reuse-1").Get())!.Description.Should().Be("垃圾未清运");
    }

    [Fact]
    public async Task Case_numbers_are_unique_when_many_appeals_arrive_at_once()
    {
        var keys = Enumerable.Range(0, 200).Select(i => $"parallel-{i:D4}").ToList();
        var outcomes = await Task.WhenAll(keys.Select(k => Case(k).File(TestAppeals.Routed(k))));

        outcomes.Select(o => o.Case.Number).Should().OnlyHaveUniqueItems().And.HaveCount(200);
    }

    [Fact]
    public async Task A_view_already_handed_out_does_not_change_when_the_case_does()
    {
        // Orleans passes [Immutable] answers by reference inside a silo and serializes remote answers after the turn,
        // so a view sharing the case's own lists would change (or throw mid-serialization) under the next action.
        var filed = await Case("snapshot-1").File(TestAppeals.Routed("snapshot-1"));
        var probe = _district.Client.GetGrain<ICaseViewProbeGrain>(Guid.NewGuid());

        var (before, after) = await probe.TimelineOfAViewTakenBeforeAClaim(filed.Case.Id, "urban-management", "officer-1");

        before.Should().Be(1);
        after.Should().Be(before);
        (await Case("snapshot-1").Get())!.Timeline.Should().HaveCount(2, "the claim itself was recorded");
    }

    [Fact]
    public async Task Escalation_across_National_Day_fires_each_step_once_on_the_working_day_clock()
    {
        // Filed 16:00 on 30 September 2026 with a 5-working-day limit: 1-7 October are off, Saturday 10 October works.
        _district.Clock.SetUtcNow(At(9, 30, 16));
        var filed = await Case("national-day").File(TestAppeals.Routed("national-day"));
        filed.Case.Deadlines.ResolveDue.Should().Be(At(10, 13, 17));

        var warning = filed.Case.Deadlines.ResolveWarningAt;
        var expected = new List<(DateTimeOffset At, EscalationStep Step)>
        {
            (warning, EscalationStep.Warning),
            (At(10, 13, 17), EscalationStep.Overdue),
            (At(10, 14, 17), EscalationStep.SupervisionNotice),
            (At(10, 20, 17), EscalationStep.DistrictLeaders),
        };

        foreach (var (at, step) in expected)
        {
            _district.Clock.SetUtcNow(at - TimeSpan.FromMinutes(1));
            (await Case("national-day").EvaluateDeadlines()).Should().BeEmpty($"{step} is not due a minute before {at}");

            _district.Clock.SetUtcNow(at);
            (await Case("national-day").EvaluateDeadlines()).Should().Equal([step], $"{step} falls due at {at}");
            (await Case("national-day").EvaluateDeadlines()).Should().BeEmpty($"{step} must not fire twice");
        }

        var view = await Case("national-day").Get();
        view!.Escalations.Should().Equal(EscalationStep.Warning, EscalationStep.Overdue, EscalationStep.SupervisionNotice, EscalationStep.DistrictLeaders);
        view.Timeline.Select(t => t.Action).Where(a => a != "claim-overdue")
            .Should().Equal("filed", "warning", "overdue", "supervision-notice", "district-leaders");
        view.Timeline.Count(t => t.Action == "claim-overdue").Should().Be(2, "nobody claimed it: the lead and the co-handler are each reported once");
    }

    [Fact]
    public async Task Steps_missed_while_nobody_looked_are_applied_together_and_only_once()
    {
        _district.Clock.SetUtcNow(At(9, 30, 16));
        await Case("catch-up").File(TestAppeals.Routed("catch-up"));

        _district.Clock.SetUtcNow(At(10, 15, 9));
        (await Case("catch-up").EvaluateDeadlines()).Should().Equal(EscalationStep.Warning, EscalationStep.Overdue, EscalationStep.SupervisionNotice);
        (await Case("catch-up").EvaluateDeadlines()).Should().BeEmpty();
    }

    [Fact]
    public async Task An_emergency_counts_wall_clock_minutes_not_working_hours()
    {
        // 23:00 on a Saturday: no working hours at all, but an emergency's 24 h still run.
        _district.Clock.SetUtcNow(At(10, 17, 23));
        var filed = await Case("sos-1").File(TestAppeals.Routed("sos-1", category: "sos"));

        filed.Case.Hot.Should().BeTrue();
        filed.Case.Deadlines.ClaimDue.Should().Be(At(10, 17, 23, 10));
        filed.Case.Deadlines.FeedbackDue.Should().Be(At(10, 17, 23, 30));
        filed.Case.Deadlines.ResolveDue.Should().Be(At(10, 18, 23));
    }
}
