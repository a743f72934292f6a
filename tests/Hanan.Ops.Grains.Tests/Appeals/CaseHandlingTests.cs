using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Storage.Tests;

namespace Hanan.Ops.Grains.Tests.Appeals;

public sealed class CaseHandlingTests : IAsyncLifetime
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private readonly DistrictCluster _district = new();

    public Task InitializeAsync() => _district.InitializeAsync();

    public Task DisposeAsync() => _district.DisposeAsync();

    private ICaseGrain Case(string key) => _district.Client.GetGrain<ICaseGrain>(CaseIdentity.FromIdempotencyKey(key));

    private async Task<ICaseGrain> Filed(string key, string category = "general")
    {
        _district.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 9, 0, 0, Beijing));
        (await Case(key).File(TestAppeals.Routed(key, category))).Result.Should().Be(FilingResult.Created);
        return Case(key);
    }

    [Fact]
    public async Task Claim_is_won_by_exactly_one_officer_of_fifty()
    {
        var grain = await Filed("race");

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => grain.Claim("urban-management", $"officer-{i:D2}")));

        var winners = results.Where(r => r.Accepted).ToList();
        winners.Should().ContainSingle();
        var winner = winners[0].Case!.Assignments.Single(a => a.BureauId == "urban-management").ClaimedBy;
        results.Where(r => !r.Accepted).Should().HaveCount(49)
            .And.OnlyContain(r => r.Refusal == nameof(RefusalReason.AlreadyClaimed) && r.ClaimedBy == winner);
        (await grain.Get())!.Status.Should().Be(CaseStatus.InProgress);
    }

    [Fact]
    public async Task A_case_with_a_co_handler_is_resolved_only_when_the_co_handler_has_reported()
    {
        var grain = await Filed("co-handling");
        (await grain.Claim("urban-management", "lead-officer")).Accepted.Should().BeTrue();
        (await grain.Claim("housing", "co-officer")).Accepted.Should().BeTrue();

        var resolved = await grain.Resolve("urban-management", "lead-officer", "路灯已更换");
        resolved.Case!.Status.Should().Be(CaseStatus.InProgress, "the co-handler has not reported yet");

        var reported = await grain.Report("housing", "co-officer", "线路已检修");
        reported.Case!.Status.Should().Be(CaseStatus.Resolved);
        reported.Case.Timeline.Select(t => t.Action).Should().ContainInOrder("lead-resolved", "co-handler-reported", "resolved");
    }

    [Fact]
    public async Task A_bad_rating_reopens_the_case_to_the_same_bureau()
    {
        var grain = await ResolvedCase("bad-rating");

        var rated = await grain.Rate("citizen-1", 2, "问题没有解决");

        rated.Case!.Status.Should().Be(CaseStatus.Dispatched);
        rated.Case.Reopenings.Should().Be(1);
        rated.Case.LeadBureau.Should().Be("urban-management");
        rated.Case.Assignments.Single(a => a.Role == AssignmentRole.Lead).Status.Should().Be(AssignmentStatus.Open);
    }

    [Fact]
    public async Task A_good_rating_closes_the_case_and_a_second_rating_is_refused()
    {
        var grain = await ResolvedCase("good-rating");

        (await grain.Rate("citizen-1", 5, "很及时")).Case!.Status.Should().Be(CaseStatus.Closed);
        var again = await grain.Rate("citizen-1", 1, null);

        again.Accepted.Should().BeFalse();
        again.Refusal.Should().Be(nameof(RefusalReason.AlreadyRated));
    }

    [Fact]
    public async Task A_rating_out_of_range_is_bad_input_not_a_conflict()
    {
        var grain = await ResolvedCase("rating-range");

        var result = await grain.Rate("citizen-1", 6, null);

        result.Accepted.Should().BeFalse();
        result.InvalidInput.Should().BeTrue();
    }

    [Fact]
    public async Task Escalation_never_fires_for_a_resolved_case()
    {
        var grain = await ResolvedCase("no-escalation");

        _district.Clock.Advance(TimeSpan.FromDays(40));
        var fired = await grain.EvaluateDeadlines();

        fired.Should().BeEmpty();
        (await grain.Get())!.Escalations.Should().BeEmpty();
    }

    [Fact]
    public async Task Merging_a_duplicate_counts_one_more_affected_citizen_on_the_master()
    {
        var master = await Filed("master");
        var duplicate = Case("duplicate");
        await duplicate.File(TestAppeals.Routed("duplicate"));

        var merged = await _district.Client.GetGrain<IMergeCoordinatorGrain>(0)
            .Merge(CaseIdentity.FromIdempotencyKey("duplicate"), CaseIdentity.FromIdempotencyKey("master"), "dispatcher-1");

        merged.Case!.Status.Should().Be(CaseStatus.Merged);
        merged.Case.MergedInto.Should().Be(CaseIdentity.FromIdempotencyKey("master"));
        (await master.Get())!.AffectedCitizens.Should().Be(2);
    }

    [Fact]
    public async Task Two_opposite_merges_at_once_do_not_wait_on_each_other_and_only_one_succeeds()
    {
        await Filed("left");
        await Case("right").File(TestAppeals.Routed("right"));
        var left = CaseIdentity.FromIdempotencyKey("left");
        var right = CaseIdentity.FromIdempotencyKey("right");
        var coordinator = _district.Client.GetGrain<IMergeCoordinatorGrain>(0);

        var both = Task.WhenAll(coordinator.Merge(left, right, "d-1"), coordinator.Merge(right, left, "d-2"));
        var finished = await Task.WhenAny(both, Task.Delay(TimeSpan.FromSeconds(10)));

        finished.Should().BeSameAs(both, "opposite merges must not deadlock");
        (await both).Count(r => r.Accepted).Should().Be(1);
    }

    [Fact]
    public async Task Merging_into_a_case_that_does_not_exist_names_the_master_as_bad_input()
    {
        await Filed("orphan");

        var result = await _district.Client.GetGrain<IMergeCoordinatorGrain>(0).Merge(CaseIdentity.FromIdempotencyKey("orphan"), Guid.NewGuid(), "d-1");

        result.InvalidInput.Should().BeTrue();
        result.Refusal.Should().Be("InvalidInput:masterId");
        (await Case("orphan").Get())!.Status.Should().Be(CaseStatus.Dispatched);
    }

    [Fact]
    public async Task A_case_filed_before_New_Year_gets_deadlines_in_the_provisional_next_year()
    {
        _district.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 21, 10, 0, 0, Beijing));

        var filed = await Case("year-end").File(TestAppeals.Routed("year-end"));

        filed.Result.Should().Be(FilingResult.Created);
        filed.Case.Deadlines.ResolveDue.Should().Be(new DateTimeOffset(2026, 12, 28, 17, 0, 0, Beijing));
    }

    [Fact]
    public async Task An_extension_that_the_calendar_cannot_place_is_refused_as_bad_input_when_requested()
    {
        var grain = await Filed("long-extension");
        await grain.Claim("urban-management", "lead-officer");

        var result = await grain.RequestExtension("urban-management", "lead-officer", "需要长期协调", "400wd");

        result.InvalidInput.Should().BeTrue();
        result.Refusal.Should().Be("InvalidInput:extra");
        (await grain.Get())!.PendingExtension.Should().BeNull();
    }

    [Fact]
    public async Task An_action_on_a_case_that_was_never_filed_is_not_found()
    {
        var result = await Case("never-filed").Claim("urban-management", "officer-1");

        result.NotFound.Should().BeTrue();
        result.Accepted.Should().BeFalse();
    }

    [Fact]
    public async Task The_timeline_names_the_officer_who_claimed_and_who_released_the_case()
    {
        var grain = await Filed("named-claimer");
        await grain.Claim("urban-management", "officer-7");
        await grain.Unclaim("urban-management", "officer-7");

        var timeline = (await grain.Get())!.Timeline;
        var claimed = timeline.Single(t => t.Action == "claimed");
        claimed.Actor.Should().Be(new Actor("officer-7", "officer"));
        claimed.Unit.Should().Be("urban-management", "the entry keeps the bureau the officer acted for");
        claimed.Public.Should().BeTrue();
        claimed.Description.Should().NotContain("officer-7", "the citizen's sentence names the bureau, not the officer");
        var released = timeline.Single(t => t.Action == "unclaimed");
        released.Description.Should().Contain("经办人 officer-7");
        released.Public.Should().BeFalse("a give-back stays inside the bureau");
    }

    [Fact]
    public async Task Every_stored_change_reaches_the_read_model()
    {
        var grain = await Filed("projected");
        await grain.Claim("urban-management", "officer-7");
        var id = CaseIdentity.FromIdempotencyKey("projected");

        await Eventually.HoldsAsync(
            async () => (await _district.ReadModel.GetAsync(id))?.Status == CaseStatus.InProgress,
            TimeSpan.FromSeconds(10), "the projector stored the claimed case");
        var row = await _district.ReadModel.GetAsync(id);
        row!.Assignments.Single(a => a.BureauId == "urban-management").ClaimedBy.Should().Be("officer-7");
        row.Version.Should().Be((await grain.Get())!.Version);
    }

    private async Task<ICaseGrain> ResolvedCase(string key)
    {
        var grain = await Filed(key);
        await grain.Claim("urban-management", "lead-officer");
        await grain.Claim("housing", "co-officer");
        await grain.Report("housing", "co-officer", "已配合");
        (await grain.Resolve("urban-management", "lead-officer", "已办结")).Case!.Status.Should().Be(CaseStatus.Resolved);
        return grain;
    }
}
