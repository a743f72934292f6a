using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Calendar;
using Hanan.Ops.Grains.Appeals;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Hanan.Ops.Grains.Tests.Appeals;

/// <summary>
/// The case pipeline: one commit per change (state, list row, deadlines, activity, audit), deadlines served from the
/// durable index by the scheduler grains, and nothing kept that was not stored.
/// </summary>
public sealed class CasePipelineTests : IAsyncLifetime
{
    private readonly DistrictCluster _district = new();

    public Task InitializeAsync() => _district.InitializeAsync();

    public Task DisposeAsync() => _district.DisposeAsync();

    private ICaseGrain Case(string key) => _district.Client.GetGrain<ICaseGrain>(CaseIdentity.FromIdempotencyKey(key));

    private IDeadlineSchedulerGrain SchedulerOf(string key) =>
        _district.Client.GetGrain<IDeadlineSchedulerGrain>(CasePartitions.Of(CaseIdentity.FromIdempotencyKey(key)));

    [Fact]
    public async Task A_filing_stores_the_case_its_list_row_its_deadlines_its_activity_and_its_audit_record_together()
    {
        var outcome = await Case("one-commit").File(TestAppeals.Routed("one-commit"));
        var id = outcome.Case.Id;

        (await _district.Cases.LoadAsync(id)).Should().NotBeNull().And.Match<StoredCase>(s => s.Version == 1);
        (await _district.ReadModel.GetAsync(id)).Should().NotBeNull("the list row is part of the same commit, not a later projection");
        _district.Cases.DeadlinesOf(id).Select(d => d.Kind).Should().BeEquivalentTo(
            ["claim:urban-management", "claim:housing", "escalation:Warning"]);
        var log = await _district.Cases.ActivityAfterAsync(CasePartitions.Of(id), 0, 100, TimeSpan.Zero);
        log.Should().ContainSingle().Which.Activity.Action.Should().Be("filed");
        var audit = await _district.Audit.ReadAsync(0, 100);
        audit.Should().ContainSingle(r => r.Entry.Action == "case.filed").Which.Entry.Target.Should().Be(outcome.Case.Number);
    }

    [Fact]
    public async Task Every_action_is_audited_with_its_actor_in_the_same_commit()
    {
        var filed = await Case("audited").File(TestAppeals.Routed("audited"));
        await Case("audited").Claim("urban-management", "officer-7");
        await Case("audited").Note("urban-management", "officer-7", "已联系物业", isPublic: false);

        var audit = await _district.Audit.ReadAsync(0, 100);
        audit.Select(r => (r.Entry.Action, r.Entry.Actor, r.Entry.Target)).Should().Equal(
            ("case.filed", "citizen-1", filed.Case.Number),
            ("case.claimed", "officer-7", filed.Case.Number),
            ("case.note", "officer-7", filed.Case.Number));
        audit.Should().OnlyContain(r => r.Entry.Detail == null, "the audit log never carries the citizen's or the officer's words");
        (await _district.Cases.LoadAsync(filed.Case.Id))!.Version.Should().Be(3);
    }

    [Fact]
    public async Task A_filing_the_store_refuses_leaves_nothing_and_its_retry_creates_the_case_once()
    {
        _district.CaseStore.Down = true;
        var refused = async () => await Case("down").File(TestAppeals.Routed("down"));
        await refused.Should().ThrowAsync<CaseStoreUnavailableException>();
        var id = CaseIdentity.FromIdempotencyKey("down");
        (await _district.Cases.LoadAsync(id)).Should().BeNull();
        (await _district.ReadModel.GetAsync(id)).Should().BeNull();
        _district.Cases.DeadlinesOf(id).Should().BeEmpty();

        _district.CaseStore.Down = false;
        var retried = await Case("down").File(TestAppeals.Routed("down"));

        retried.Result.Should().Be(FilingResult.Created);
        (await Case("down").File(TestAppeals.Routed("down"))).Result.Should().Be(FilingResult.Replayed);
    }

    [Fact]
    public async Task A_commit_whose_answer_was_lost_is_replayed_on_retry_not_filed_twice()
    {
        _district.CaseStore.LoseAfterCommit = true;
        var lost = async () => await Case("lost-answer").File(TestAppeals.Routed("lost-answer"));
        await lost.Should().ThrowAsync<CaseStoreUnavailableException>();
        var stored = await _district.ReadModel.GetAsync(CaseIdentity.FromIdempotencyKey("lost-answer"));
        stored.Should().NotBeNull("the commit happened; only its answer was lost");

        _district.CaseStore.LoseAfterCommit = false;
        var retried = await Case("lost-answer").File(TestAppeals.Routed("lost-answer"));

        retried.Result.Should().Be(FilingResult.Replayed, "the grain dropped what it held and read the stored case again");
        retried.Case.Number.Should().Be(stored!.Number);
    }

    [Fact]
    public async Task An_action_the_store_refuses_is_not_kept_by_the_grain()
    {
        await Case("claim-down").File(TestAppeals.Routed("claim-down"));
        _district.CaseStore.Down = true;
        var claim = async () => await Case("claim-down").Claim("urban-management", "officer-1");
        await claim.Should().ThrowAsync<CaseStoreUnavailableException>();
        _district.CaseStore.Down = false;

        var view = await Case("claim-down").Get();
        view!.Status.Should().Be(CaseStatus.Dispatched);
        view.Timeline.Should().ContainSingle();
        (await Case("claim-down").Claim("urban-management", "officer-1")).Refusal.Should().BeNull();
    }

    [Fact]
    public async Task The_scheduler_applies_a_due_claim_deadline_from_the_index_exactly_once()
    {
        // sos: claim within 10 minutes.
        var filed = await Case("sos-claim").File(TestAppeals.Routed("sos-claim", category: "sos"));
        (await SchedulerOf("sos-claim").Tick()).Should().Be(0, "nothing is due yet");

        _district.Clock.Advance(TimeSpan.FromMinutes(11));
        (await SchedulerOf("sos-claim").Tick()).Should().Be(1);
        (await SchedulerOf("sos-claim").Tick()).Should().Be(0, "the case's commit replaced its deadlines in the index");

        var view = await Case("sos-claim").Get();
        view!.Timeline.Count(e => e.Action == "claim-overdue").Should().Be(1);
        _district.Cases.DeadlinesOf(filed.Case.Id).Select(d => d.Kind).Should().NotContain("claim:housing");
    }

    [Fact]
    public async Task A_missed_claim_limit_shows_the_case_overdue_in_its_view_and_list_row_until_it_is_claimed()
    {
        // sos: claim within 10 minutes; the resolve deadline is hours away.
        var filed = await Case("sos-late").File(TestAppeals.Routed("sos-late", category: "sos"));
        var id = filed.Case.Id;
        (await Case("sos-late").Get())!.Overdue.Should().BeFalse();

        _district.Clock.Advance(TimeSpan.FromMinutes(11));
        (await SchedulerOf("sos-late").Tick()).Should().Be(1);

        (await Case("sos-late").Get())!.Overdue.Should().BeTrue("超期 includes a claim limit that passed unclaimed");
        (await _district.ReadModel.GetAsync(id))!.Overdue.Should().BeTrue("the wall and supervision count it from the list row");

        foreach (var bureau in (await Case("sos-late").Get())!.Assignments.Select(a => a.BureauId))
        {
            (await Case("sos-late").Claim(bureau, "officer-1")).Refusal.Should().BeNull();
        }

        (await Case("sos-late").Get())!.Overdue.Should().BeFalse();
        (await _district.ReadModel.GetAsync(id))!.Overdue.Should().BeFalse();
    }

    [Fact]
    public async Task Each_escalation_step_fires_once_however_many_schedulers_and_calls_ask_at_once()
    {
        await Case("race").File(TestAppeals.Routed("race", category: "sos"));
        _district.Clock.Advance(TimeSpan.FromHours(30));

        // As if several silos had the same partition in view, and the case were asked directly as well.
        var asks = Enumerable.Range(0, 4).Select(_ => SchedulerOf("race").Tick())
            .Concat(Enumerable.Range(0, 4).Select(_ => Case("race").EvaluateDeadlines().ContinueWith(_ => 0, TaskScheduler.Default)));
        await Task.WhenAll(asks);

        var view = await Case("race").Get();
        view!.Timeline.Where(e => e.Action is "warning" or "overdue").Select(e => e.Action).Should().Equal("warning", "overdue");
        view.Timeline.Count(e => e.Action == "claim-overdue").Should().Be(1);
    }

    [Fact]
    public async Task A_stale_index_entry_is_reset_by_the_case_so_the_scheduler_stops_asking()
    {
        var filed = await Case("stale").File(TestAppeals.Routed("stale"));
        var id = filed.Case.Id;
        var stored = await _district.Cases.LoadAsync(id);
        // As the upgrade script leaves it: something due now that the case itself does not wait for.
        await _district.Cases.ResetDeadlinesAsync(id, stored!.Version, [new PendingDeadline("upgrade", _district.Clock.GetUtcNow())]);

        (await SchedulerOf("stale").Tick()).Should().Be(1);
        (await SchedulerOf("stale").Tick()).Should().Be(0);
        _district.Cases.DeadlinesOf(id).Select(d => d.Kind).Should().NotContain("upgrade").And.Contain("escalation:Warning");
    }

    [Fact]
    public async Task A_case_stored_by_an_earlier_version_moves_into_the_case_store_with_its_deadlines()
    {
        var calendar = WorkingCalendar.FromEmbeddedData(provisionalYears: 1);
        var id = CaseIdentity.FromIdempotencyKey("legacy");
        var now = _district.Clock.GetUtcNow();
        var file = CaseFile.Open(id, "HN-2026-900001", "general", "urban-management", ["housing"], false, now,
            TimeLimit.Parse("2wh"), TimeLimit.Parse("5wd"), calendar);
        var legacy = new CaseState
        {
            Appeal = TestAppeals.Routed("legacy"),
            File = CaseFileJson.Serialize(file),
            FeedbackDue = now.AddDays(2),
            Timeline = [new TimelineEntry(1, now, new Actor("citizen-1", "citizen"), "filed", "受理诉求", null, file.Status, true)],
        };
        var storage = _district.SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageProviders.District);
        var grain = _district.Client.GetGrain<ICaseGrain>(id);
        await storage.WriteStateAsync("case", grain.GetGrainId(), new GrainState<CaseState>(legacy));

        var view = await grain.Get();

        view!.Number.Should().Be("HN-2026-900001");
        (await _district.Cases.LoadAsync(id)).Should().NotBeNull();
        (await _district.ReadModel.GetAsync(id))!.Number.Should().Be("HN-2026-900001");
        _district.Cases.DeadlinesOf(id).Should().NotBeEmpty();
        (await _district.Audit.ReadAsync(0, 10)).Should().Contain(r => r.Entry.Action == "case.upgrade" && r.Entry.Target == "HN-2026-900001");
    }
}
