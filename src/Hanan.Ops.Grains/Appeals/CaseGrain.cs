using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Calendar;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace Hanan.Ops.Grains.Appeals;

/// <summary>
/// One case (案件). The rules live in <see cref="CaseFile"/>; this grain stores each accepted decision before it
/// answers, appends the decision's events to the timeline (留痕), announces them on the case-activity stream, and keeps
/// the case's deadlines armed: a timer at the next deadline while active, a reminder that survives restarts.
/// </summary>
public sealed partial class CaseGrain(
    [PersistentState("case", StorageProviders.District)] IPersistentState<CaseState> state,
    RoutingTable routing,
    WorkingCalendar calendar,
    DistrictClock clock,
    IOptions<EscalationOptions> escalation,
    IOptions<AppealsOptions> appeals,
    IOptions<LiveStreamOptions> streams,
    ILogger<CaseGrain> logger) : Grain, ICaseGrain, IRemindable
{
    private const string DeadlineReminder = "escalation";

    /// <summary>The action of a re-announcement of unchanged state: consumers update, screens show no new event.</summary>
    public const string SyncAction = CaseActivityStream.SyncAction;
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromDays(1);

    private readonly CaseNarrative _narrative = new(routing);
    private CaseFile? _file;
    private IGrainTimer? _timer;
    private bool? _hasReminder;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.State.Filed)
        {
            return;
        }

        _file = CaseFileJson.Deserialize(state.State.File!);

        // Memory streams are not durable: announce the stored state again, so a read model or a wall that missed the
        // last change (a silo died between the write and the announcement) heals. The version guard ignores repeats.
        await Announce([new CaseActivity(_file.Id, _file.Number, _file.Version, SyncAction, "", clock.Now, new Actor("system", "system"), Summary())]);

        if (_file.NextDeadline is not null)
        {
            // Catch up on anything that fell due while no silo held this case; this also aims the timer.
            await EvaluateDeadlines();
        }
    }

    public async Task<FileOutcome> File(FileAppeal appeal)
    {
        if (state.State.Filed)
        {
            var same = string.Equals(state.State.Appeal!.Fingerprint, appeal.Fingerprint, StringComparison.Ordinal);
            if (same)
            {
                // The first attempt may have stored the case and then failed before the reminder or the follow-up: finish them.
                _hasReminder = null;
                await ArmAfterCommit();
                if (!state.State.FollowUpDone)
                {
                    _ = this.AsReference<ICaseGrain>().AfterFiling();
                }
            }

            return new FileOutcome(same ? FilingResult.Replayed : FilingResult.KeyReused, View());
        }

        var category = routing.FindCategory(appeal.CategoryCode)
            ?? throw new ArgumentException($"Unknown category '{appeal.CategoryCode}'.", nameof(appeal));
        var now = clock.Now;
        var year = calendar.LocalDate(now).Year;
        var sequence = await GrainFactory.GetGrain<ICaseNumberGrain>(year).Next();
        var file = CaseFile.Open(
            this.GetPrimaryKey(), new CaseNumber(year, sequence).ToString(), category.Code, category.LeadBureau, category.CoHandlers,
            category.Emergency, now, category.Limits.Claim, category.Limits.Resolve, calendar);

        var s = state.State;
        s.Appeal = appeal;
        s.File = CaseFileJson.Serialize(file);
        s.FeedbackDue = category.Limits.Feedback.DueFrom(now, calendar);
        s.Timeline = [new TimelineEntry(1, now, appeal.FiledBy, "filed", FiledDescription(category), null, file.Status, Public: true,
            Channel: ChannelNames.Of(appeal.Channel))];
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Nothing acknowledged, nothing kept: drop the half-built state so a retry starts clean.
            state.State = new CaseState();
            throw;
        }

        _file = file;
        LogFiled(logger, file.Number, category.Code);
        await Publish([.. s.Timeline]);
        await ArmAfterCommit();
        _ = this.AsReference<ICaseGrain>().AfterFiling();
        return new FileOutcome(FilingResult.Created, View());
    }

    public async Task AfterFiling()
    {
        if (_file is null || state.State.FollowUpDone || !_file.IsOpen)
        {
            return;
        }

        var a = state.State.Appeal!;
        var verdict = await GrainFactory.GetGrain<ICategoryHotspotGrain>(_file.CategoryCode)
            .Observe(_file.Id, a.Location.Latitude, a.Location.Longitude, _file.FiledAt);
        // Written only when it found something: most appeals have no neighbour, and this write was one of the three each
        // appeal made one by one (the case, its reminder, this; the read model writes in batches). Unwritten, the flag
        // lives until the next write of the case; a retried filing before that runs the follow-up again, which changes
        // nothing (observing is idempotent).
        var added = verdict.DuplicateCandidates.Except(state.State.DuplicateCandidates).ToList();
        state.State.FollowUpDone = true;
        if (added.Count > 0)
        {
            // Added to what is there: an earlier case may already have been offered (OfferDuplicate).
            state.State.DuplicateCandidates = [.. state.State.DuplicateCandidates, .. added];
            await state.WriteStateAsync();
        }

        foreach (var member in verdict.Cluster)
        {
            if (member == _file.Id)
            {
                await FlagHot("system", dispatcher: false);
            }
            else
            {
                // Not awaited: another case may be flagging this one at the same moment.
                _ = GrainFactory.GetGrain<ICaseGrain>(member).FlagHot("system", dispatcher: false);
            }
        }
    }

    public async Task OfferDuplicate(Guid earlierCaseId)
    {
        if (_file is null || !_file.IsOpen || earlierCaseId == _file.Id || state.State.DuplicateCandidates.Contains(earlierCaseId))
        {
            return;
        }

        state.State.DuplicateCandidates = [.. state.State.DuplicateCandidates, earlierCaseId];
        await state.WriteStateAsync();
    }

    public Task<CaseView?> Get() => Task.FromResult(state.State.Filed ? View() : null);

    public async Task<IReadOnlyList<EscalationStep>> EvaluateDeadlines()
    {
        if (_file is null)
        {
            return [];
        }

        var decision = _file.EvaluateDeadlines(clock.Now);
        await Commit(decision);
        if (!decision.HasChanges)
        {
            await KeepDeadlinesArmed();
        }

        return [.. decision.Events.Where(e => e.Kind == CaseEventKind.Escalated && e.Step is not null).Select(e => e.Step!.Value)];
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == DeadlineReminder ? EvaluateDeadlines() : Task.CompletedTask;

    public Task<CaseActionResult> Claim(string bureauId, string officerId) =>
        Act(f => f.Claim(bureauId, officerId, calendar, clock.Now));

    public Task<CaseActionResult> Unclaim(string bureauId, string officerId) =>
        Act(f => f.Unclaim(bureauId, officerId, clock.Now));

    public Task<CaseActionResult> Transfer(string bureauId, string officerId, string toOfficerId) =>
        Act(f => f.Transfer(bureauId, officerId, toOfficerId, calendar, clock.Now));

    public Task<CaseActionResult> Note(string bureauId, string officerId, string text, bool isPublic) =>
        Act(f => f.Note(bureauId, officerId, text, isPublic, clock.Now));

    public Task<CaseActionResult> AskCitizen(string bureauId, string officerId, string question) =>
        Act(f => f.AskCitizen(bureauId, officerId, question, clock.Now));

    public Task<CaseActionResult> CitizenReply(string citizenId, string text) =>
        Act(f => f.CitizenReplied(citizenId, text, clock.Now));

    public Task<CaseActionResult> Report(string bureauId, string officerId, string summary) =>
        Act(f => f.Report(bureauId, officerId, summary, clock.Now));

    public Task<CaseActionResult> Resolve(string bureauId, string officerId, string summary) =>
        Act(f => f.Resolve(bureauId, officerId, summary, clock.Now));

    public Task<CaseActionResult> Return(string bureauId, string officerId, string reason) =>
        Act(f => f.Return(bureauId, officerId, reason, clock.Now));

    public Task<CaseActionResult> RequestExtension(string bureauId, string officerId, string reason, string extra)
    {
        if (!TimeLimit.TryParse(extra, out var limit, out var error))
        {
            return Task.FromResult(Invalid("extra", error));
        }

        // An extension whose new deadline the calendar cannot place would be stored and then never approvable: refuse it now.
        try
        {
            _file?.ResolveSchedule.ExtendBy(limit, calendar);
        }
        catch (DateOutsideCalendarException ex)
        {
            return Task.FromResult(Invalid("extra", "The extended deadline falls outside the loaded working-day calendar: " + ex.Message));
        }

        return Act(f => f.RequestExtension(bureauId, officerId, reason, limit, clock.Now));
    }

    public Task<CaseActionResult> Reroute(string dispatcherId, string leadBureau, IReadOnlyList<string> coHandlers)
    {
        if (routing.FindBureau(leadBureau) is not { Kind: BureauKind.Bureau })
        {
            return Task.FromResult(Invalid("leadBureau", $"'{leadBureau}' is not a handling bureau of the routing table."));
        }

        var unknown = coHandlers.FirstOrDefault(c => routing.FindBureau(c) is not { Kind: BureauKind.Bureau } || c == leadBureau);
        if (unknown is not null)
        {
            return Task.FromResult(Invalid("coHandlers", $"'{unknown}' is not a handling bureau of the routing table, or is the lead."));
        }

        return Act(f =>
        {
            var limits = routing.FindCategory(f.CategoryCode)!.Limits;
            return f.Reroute(dispatcherId, leadBureau, coHandlers, limits.Claim, limits.Resolve, calendar, clock.Now);
        });
    }

    public Task<CaseActionResult> DecideExtension(string supervisorId, bool approve, string? reason) =>
        Act(f => f.DecideExtension(supervisorId, approve, reason, calendar, clock.Now));

    public Task<CaseActionResult> CompleteReview(string supervisorId, bool close, string note) =>
        Act(f => f.CompleteReview(supervisorId, close, note, appeals.Value.ReopenPolicy().RectificationLimit, calendar, clock.Now));

    public Task<CaseActionResult> FlagHot(string actorId, bool dispatcher) =>
        Act(f => f.FlagHot(dispatcher ? CaseActor.Dispatcher(actorId) : CaseActor.System, dispatcher ? HotReason.Dispatcher : HotReason.Cluster, clock.Now));

    public Task<CaseActionResult> Rate(string citizenId, int level, string? comment) =>
        Act(f => f.Rate(citizenId, level, comment, appeals.Value.ReopenPolicy(), calendar, clock.Now));

    public Task<CaseActionResult> AbsorbDuplicate(Guid duplicateId, string dispatcherId) =>
        Act(f => f.AbsorbDuplicate(duplicateId, dispatcherId, clock.Now));

    public Task<CaseActionResult> CheckMerge(Guid masterId, string dispatcherId)
    {
        if (_file is null)
        {
            return Task.FromResult(CaseActionResult.Missing);
        }

        if (masterId == this.GetPrimaryKey())
        {
            return Task.FromResult(Invalid("masterId", "A case cannot be merged into itself."));
        }

        var decision = _file.MergeInto(masterId, dispatcherId, clock.Now);
        return Task.FromResult(decision.IsAccepted ? new CaseActionResult(View(), null, null, false, null) : Refused(decision.Refusal!));
    }

    public Task<CaseActionResult> MergeInto(Guid masterId, string dispatcherId) =>
        Act(f => f.MergeInto(masterId, dispatcherId, clock.Now));

    private async Task<CaseActionResult> Act(Func<CaseFile, Decision> operation)
    {
        if (_file is null)
        {
            return CaseActionResult.Missing;
        }

        Decision decision;
        try
        {
            decision = operation(_file);
        }
        catch (DateOutsideCalendarException ex)
        {
            // A deadline beyond the loaded calendar: refuse the action rather than guess, and say which year is missing.
            return new CaseActionResult(View(), "CalendarNotLoaded", ex.Message, false, null);
        }

        if (!decision.IsAccepted)
        {
            return Refused(decision.Refusal!);
        }

        await Commit(decision);
        return new CaseActionResult(View(), null, null, false, null);
    }

    /// <summary>Stores an accepted decision with its timeline entries, then announces them and re-arms the deadlines.</summary>
    private async Task Commit(Decision decision)
    {
        if (!decision.HasChanges)
        {
            return;
        }

        var s = state.State;
        var previousFile = s.File;
        var previousCount = s.Timeline.Count;
        foreach (var e in decision.Events)
        {
            var (action, description, isPublic) = _narrative.Describe(e, decision.Case.LeadBureau);
            s.Timeline.Add(new TimelineEntry(s.Timeline.Count + 1, e.At, new Actor(e.Actor.Id, RoleName(e.Actor.Role)), action, description,
                e.StatusBefore, e.StatusAfter, isPublic, e.Actor.Role == ActorRole.System ? "system" : "api"));
        }

        s.File = CaseFileJson.Serialize(decision.Case);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored, so not happened: put the state back as it was before this decision.
            s.File = previousFile;
            s.Timeline.RemoveRange(previousCount, s.Timeline.Count - previousCount);
            throw;
        }

        var wasOpen = _file!.IsOpen;
        _file = decision.Case;
        if (wasOpen && !_file.IsOpen)
        {
            _ = GrainFactory.GetGrain<ICategoryHotspotGrain>(_file.CategoryCode).Forget(_file.Id);
        }

        foreach (var e in decision.Events.Where(e => e.Kind == CaseEventKind.Escalated))
        {
            LogEscalated(logger, _file.Number, e.Step);
        }

        await Publish(s.Timeline.GetRange(previousCount, s.Timeline.Count - previousCount));
        await ArmAfterCommit();
    }

    /// <summary>The change is stored: a failure to re-arm must not turn it into an error; the next call or activation re-arms.</summary>
    private async Task ArmAfterCommit()
    {
        try
        {
            await KeepDeadlinesArmed();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _hasReminder = null;
            LogArmFailed(logger, ex, _file!.Number);
        }
    }

    /// <summary>A reminder while the case has a deadline ahead (durable), a timer at that deadline while the grain is active (precise).</summary>
    private async Task KeepDeadlinesArmed()
    {
        _timer?.Dispose();
        _timer = null;
        var next = _file?.NextDeadline;
        var wanted = next is not null;
        if (_hasReminder != wanted)
        {
            if (wanted)
            {
                var period = escalation.Value.ReminderPeriod;
                await this.RegisterOrUpdateReminder(DeadlineReminder, period, period);
            }
            else if (await this.GetReminder(DeadlineReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _hasReminder = wanted;
        }

        if (next is null)
        {
            return;
        }

        // Timers take at most ~24 days; a far deadline is re-aimed when the shorter timer fires with nothing due.
        var delay = next.Value - clock.Now;
        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxTimerDelay ? MaxTimerDelay : delay;
        _timer = this.RegisterGrainTimer(
            static (grain, _) => grain.EvaluateDeadlines(),
            this,
            new GrainTimerCreationOptions { DueTime = delay, Period = Timeout.InfiniteTimeSpan, Interleave = false });
    }

    /// <summary>Announces stored changes on the case-activity stream (after the write: nothing announced can be lost).</summary>
    private Task Publish(IEnumerable<TimelineEntry> entries)
    {
        var summary = Summary();
        return Announce([.. entries.Select(e => new CaseActivity(_file!.Id, _file.Number, _file.Version, e.Action, e.Description, e.At, e.Actor, summary))]);
    }

    private async Task Announce(IReadOnlyList<CaseActivity> activities)
    {
        var stream = this.GetStreamProvider(streams.Value.Provider)
            .GetStream<CaseActivity>(StreamId.Create(CaseActivityStream.Namespace, CaseActivityStream.PartitionOf(this.GetPrimaryKey())));
        try
        {
            foreach (var activity in activities)
            {
                await stream.OnNextAsync(activity);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The change is stored; only its announcement failed. Screens and the read model catch up on the next change.
            LogPublishFailed(logger, ex, _file!.Number);
        }
    }

    private CaseActionResult Refused(Refusal refusal) =>
        new(View(), refusal.Reason.ToString(), refusal.Message, refusal.IsInvalidInput, refusal.ClaimedBy);

    private CaseActionResult Invalid(string field, string message) =>
        new(_file is null ? null : View(), "InvalidInput:" + field, message, true, null, NotFound: _file is null);

    private string FiledDescription(AppealCategory category)
    {
        var lead = routing.FindBureau(category.LeadBureau)?.Name ?? category.LeadBureau;
        var co = category.CoHandlers.Select(id => routing.FindBureau(id)?.Name ?? id).ToList();
        return co.Count == 0
            ? $"受理诉求（{category.Name}），派发至{lead}（主办）"
            : $"受理诉求（{category.Name}），派发至{lead}（主办）、{string.Join("、", co)}（协办）";
    }

    private static string RoleName(ActorRole role) => role switch
    {
        ActorRole.Officer => "officer",
        ActorRole.Dispatcher => "dispatcher",
        ActorRole.Supervisor => "supervisor",
        ActorRole.Citizen => "citizen",
        _ => "system",
    };

    private IReadOnlyList<AssignmentSummary> Assignments() =>
        [.. _file!.Assignments.Select(a => new AssignmentSummary(a.BureauId, a.Role, a.Status, a.ClaimedBy, a.ClaimedAt, a.ClaimDue, a.DoneAt, a.FirstClaimedAt))];

    private CaseSummary Summary()
    {
        var f = _file!;
        var a = state.State.Appeal!;
        return new CaseSummary(
            f.Id, f.Number, f.Version, f.Status, f.CategoryCode, f.LeadBureau, Assignments(), a.GridCode, a.CommunityCode, a.StreetCode,
            a.Location.Latitude, a.Location.Longitude, f.Hot, f.Overdue, ChannelNames.Of(a.Channel), a.Description, f.FiledAt,
            f.ResolveSchedule.Due, f.ResolvedAt, f.ClosedAt, f.Rating, f.Returns, f.Reopenings, f.AffectedCitizens, f.MergedInto, f.UpdatedAt,
            f.ResolveSchedule.Warning, f.PendingExtension is not null);
    }

    private CaseView View()
    {
        var f = _file!;
        var s = state.State;
        var a = s.Appeal!;
        var pending = f.PendingExtension is { } p ? new ExtensionView(p.BureauId, p.OfficerId, p.Reason, p.Extra.ToString(), p.RequestedAt) : null;
        return new CaseView(
            f.Id, f.Number, f.Status, f.CategoryCode, a.Description, a.Location, a.Address, a.GridCode, a.CommunityCode, a.StreetCode,
            a.Channel, f.LeadBureau, [.. f.CoHandlers.Select(c => c.BureauId)], f.Hot, f.FiledAt,
            new CaseDeadlines(f.Lead.ClaimDue, s.FeedbackDue, f.ResolveSchedule.Warning, f.ResolveSchedule.Due),
            [.. f.AppliedSteps], [.. s.Timeline], a.Contact, [.. a.PhotoRefs], f.Version, Assignments(), pending, f.Rating, f.Reopenings,
            f.Returns, f.AffectedCitizens, f.MergedInto, f.HotReason?.ToString(), f.Overdue, [.. s.DuplicateCandidates]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {Number} filed in category {Category}")]
    private static partial void LogFiled(ILogger logger, string number, string category);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {Number} is stored but its activity could not be published")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string number);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {Number} is stored but its deadlines could not be re-armed; the next call or activation retries")]
    private static partial void LogArmFailed(ILogger logger, Exception exception, string number);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {Number} escalated: {Step}")]
    private static partial void LogEscalated(ILogger logger, string number, EscalationStep? step);
}
