using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Calendar;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Hanan.Ops.Domain.Audit;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Streams;
using Microsoft.Extensions.DependencyInjection;

using Hanan.Ops.Grains.Calendar;

namespace Hanan.Ops.Grains.Appeals;

/// <summary>
/// One case (案件). The rules live in <see cref="CaseFile"/>; this grain stores each accepted decision in one commit of
/// the case store (<see cref="ICaseStore"/>: the state, the list row, the pending deadlines, the activity and the
/// audit record together) before it answers, then announces the change on the case-activity stream for the live
/// screens. Deadlines need no timer or reminder of the case's own: the store's deadline index is read by the
/// <see cref="DeadlineSchedulerGrain"/>s, which call <see cref="EvaluateDeadlines"/> when something falls due.
/// </summary>
public sealed partial class CaseGrain(
    ICaseStore store,
    Serializer serializer,
    RoutingTable routing,
    LiveCalendar calendars,
    DistrictClock clock,
    IOptions<AppealsOptions> appeals,
    IOptions<LiveStreamOptions> streams,
    ILogger<CaseGrain> logger) : Grain, ICaseGrain, IRemindable
{
    /// <summary>The per-case reminder of earlier versions: unregistered when it next fires.</summary>
    private const string LegacyReminder = "escalation";

    /// <summary>The state name under which earlier versions kept the case in the Orleans grain storage.</summary>
    private const string LegacyStateName = "case";

    /// <summary>The action of a re-announcement of unchanged state: consumers update, screens show no new event.</summary>
    public const string SyncAction = CaseActivityStream.SyncAction;

    private readonly CaseNarrative _narrative = new(routing);

    /// <summary>The district's calendar as it is now (a year's notice may be loaded while the case is active).</summary>
    private WorkingCalendar calendar => calendars.Current;
    private CaseState _state = new();
    private long _version;
    private CaseFile? _file;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        StoredCase? stored;
        try
        {
            stored = await store.LoadAsync(this.GetPrimaryKey(), cancellationToken);
        }
        catch (CaseStoreUnavailableException ex)
        {
            LogLoadFailed(logger, ex.InnerException ?? ex, this.GetPrimaryKey());
            // Thrown afresh: the database's own exception cannot cross to another silo, and stays in this silo's log.
            throw new CaseStoreUnavailableException("The case could not be read from the case store. Try again.");
        }

        if (stored is not null)
        {
            _state = serializer.Deserialize<CaseState>(stored.State) ?? throw new InvalidOperationException($"Case {this.GetPrimaryKey()} is stored without a state.");
            _version = stored.Version;
        }
        else if (await LegacyState(cancellationToken) is { Filed: true } legacy)
        {
            // Stored by an earlier version in the Orleans grain storage: move it into the case store, with its deadlines.
            _state = legacy;
            _file = CaseFileJson.Deserialize(legacy.File!);
            await Store(summary: true, [], [new AuditEntry(clock.Now, "system", "system", "case.upgrade", _file.Number, null, AuditOutcome.Success)]);
            LogUpgraded(logger, _file.Number);
        }

        if (!_state.Filed)
        {
            return;
        }

        _file = CaseFileJson.Deserialize(_state.File!);

        // Memory streams are not durable: announce the stored state again, so a wall that missed the last change (a
        // silo died between the commit and the announcement) heals. The version guard ignores repeats.
        await Announce([new CaseActivity(_file.Id, _file.Number, _file.Version, SyncAction, "", clock.Now, new Actor("system", "system"), Summary())]);
    }

    public async Task<FileOutcome> File(FileAppeal appeal)
    {
        if (_state.Filed)
        {
            var same = string.Equals(_state.Appeal!.Fingerprint, appeal.Fingerprint, StringComparison.Ordinal);
            if (same && !_state.FollowUpDone)
            {
                // The first attempt stored the case and its deadlines; the follow-up may not have run before a crash.
                _ = this.AsReference<ICaseGrain>().AfterFiling();
            }

            // The tracking token goes to whoever files this very appeal again (the filer's retry), never for other content.
            return same
                ? new FileOutcome(FilingResult.Replayed, View(), _state.TrackingToken)
                : new FileOutcome(FilingResult.KeyReused, View());
        }

        var category = routing.FindCategory(appeal.CategoryCode)
            ?? throw new ArgumentException($"Unknown category '{appeal.CategoryCode}'.", nameof(appeal));
        var now = clock.Now;
        var days = calendar; // one calendar for every deadline of the filing
        var year = days.LocalDate(now).Year;
        var sequence = await GrainFactory.GetGrain<ICaseNumberGrain>(year).Next();
        var file = CaseFile.Open(
            this.GetPrimaryKey(), new CaseNumber(year, sequence).ToString(), category.Code, category.LeadBureau, category.CoHandlers,
            category.Emergency, now, category.Limits.Claim, category.Limits.Resolve, days);

        var filed = new TimelineEntry(1, now, appeal.FiledBy, "filed", FiledDescription(category), null, file.Status, Public: true,
            Channel: ChannelNames.Of(appeal.Channel));
        _state = new CaseState
        {
            Appeal = appeal,
            File = CaseFileJson.Serialize(file),
            FeedbackDue = category.Limits.Feedback.DueFrom(now, days),
            Timeline = [filed],
            TrackingToken = NewTrackingToken(),
        };
        _file = file;
        IReadOnlyList<CaseActivity> logged;
        try
        {
            logged = await Store(summary: true, [filed], [Audited(appeal.FiledBy.Id, appeal.FiledBy.Role, "case.filed", now)]);
        }
        catch
        {
            // Nothing acknowledged, nothing kept: drop the half-built state so a retry starts clean.
            _state = new CaseState();
            _file = null;
            throw;
        }

        LogFiled(logger, file.Number, category.Code);
        await Announce(logged);
        _ = this.AsReference<ICaseGrain>().AfterFiling();
        return new FileOutcome(FilingResult.Created, View(), _state.TrackingToken);
    }

    public async Task AfterFiling()
    {
        if (_file is null || _state.FollowUpDone || !_file.IsOpen)
        {
            return;
        }

        var a = _state.Appeal!;
        var verdict = await GrainFactory.GetGrain<ICategoryHotspotGrain>(_file.CategoryCode)
            .Observe(_file.Id, a.Location.Latitude, a.Location.Longitude, _file.FiledAt);
        // Written only when it found something: most appeals have no neighbour, and this write was one of the three each
        // appeal made one by one (the case, its reminder, this; the read model writes in batches). Unwritten, the flag
        // lives until the next write of the case; a retried filing before that runs the follow-up again, which changes
        // nothing (observing is idempotent).
        var added = verdict.DuplicateCandidates.Except(_state.DuplicateCandidates).ToList();
        // Stored only when it found something: most appeals have no neighbour. Unstored, the flag lives until the next
        // commit of the case; a retried filing before that runs the follow-up again, which changes nothing.
        _state.FollowUpDone = true;
        if (added.Count > 0)
        {
            // Added to what is there: an earlier case may already have been offered (OfferDuplicate).
            await Amend(s => s.DuplicateCandidates = [.. s.DuplicateCandidates, .. added]);
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
        if (_file is null || !_file.IsOpen || earlierCaseId == _file.Id || _state.DuplicateCandidates.Contains(earlierCaseId))
        {
            return;
        }

        await Amend(s => s.DuplicateCandidates = [.. s.DuplicateCandidates, earlierCaseId]);
    }

    public Task<CaseView?> Get() => Task.FromResult(_state.Filed ? View() : null);

    public async Task<IReadOnlyList<EscalationStep>> EvaluateDeadlines()
    {
        if (_file is null)
        {
            return [];
        }

        var decision = _file.EvaluateDeadlines(clock.Now);
        if (decision.HasChanges)
        {
            await Commit(decision);
        }
        else
        {
            // Called because the index said something was due, yet nothing is: the index is behind the case (an upgraded
            // case, an extension carried over). Make it agree, so the scheduler does not ask again.
            try
            {
                await store.ResetDeadlinesAsync(_file.Id, _version, _file.PendingDeadlines);
            }
            catch (CaseStoreConflictException)
            {
                DeactivateOnIdle();
                throw;
            }
            catch (CaseStoreUnavailableException ex)
            {
                LogStoreFailed(logger, ex.InnerException ?? ex, _file.Number);
                throw new CaseStoreUnavailableException($"The deadlines of case {_file.Number} could not be reset. Try again.");
            }
        }

        return [.. decision.Events.Where(e => e.Kind == CaseEventKind.Escalated && e.Step is not null).Select(e => e.Step!.Value)];
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != LegacyReminder)
        {
            return;
        }

        // A reminder of an earlier version: deadlines live in the index now.
        if (await this.GetReminder(LegacyReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        await EvaluateDeadlines();
    }

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

    public Task<CaseActionResult> ExternalNote(string bureauId, string officerId, string text, string key) =>
        Act(f => f.Note(bureauId, officerId, text, isPublic: true, clock.Now, key));

    public Task<CaseActionResult> Supplement(string citizenId, string text, string key) =>
        Act(f => f.Supplement(citizenId, text, key, clock.Now));

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

    public Task<TrackedCase> Track(string token)
    {
        if (_file is null || !TokenMatches(token))
        {
            return Task.FromResult(new TrackedCase(TrackingAccess.Unknown, null, null));
        }

        var expires = TrackingExpiry();
        return Task.FromResult(expires is { } at && clock.Now >= at
            ? new TrackedCase(TrackingAccess.Expired, null, at)
            : new TrackedCase(TrackingAccess.Granted, View(), expires));
    }

    public Task<CaseActionResult> RateByLink(string token, int level, string? comment) =>
        _file is null || !TokenMatches(token)
            ? Task.FromResult(CaseActionResult.Missing)
            : Act(f => f.Rate(TrackingLinkActor, level, comment, appeals.Value.ReopenPolicy(), calendar, clock.Now));

    /// <summary>The citizen who rates through the tracking link: the filer, known by the link alone.</summary>
    public const string TrackingLinkActor = "tracking-link";

    /// <summary>
    /// A tracking link works while the case is open and until its rating period is over: once closed, until the later of
    /// the closing and the end of the rating period (a rated case stays readable for the rest of that period).
    /// </summary>
    private DateTimeOffset? TrackingExpiry()
    {
        var f = _file!;
        if (f.ClosedAt is not { } closed)
        {
            return f.RatingDue;
        }

        return f.RatingDue is { } due && due > closed ? due : closed;
    }

    private bool TokenMatches(string token) =>
        _state.TrackingToken is { } mine && token is { Length: > 0 }
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(mine), System.Text.Encoding.ASCII.GetBytes(token));

    /// <summary>192 random bits, URL-safe: unguessable, and short enough for an SMS.</summary>
    private static string NewTrackingToken() =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public Task<CaseActionResult> Replan(string why) =>
        Act(f => f.Replan(calendar, why, clock.Now));

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

    /// <summary>Stores an accepted decision with its timeline entries in one commit, then announces them.</summary>
    private async Task Commit(Decision decision)
    {
        if (!decision.HasChanges)
        {
            return;
        }

        var s = _state;
        var previousFile = s.File;
        var previousCase = _file!;
        var previousCount = s.Timeline.Count;
        foreach (var e in decision.Events)
        {
            var (action, description, isPublic) = _narrative.Describe(e, decision.Case.LeadBureau);
            s.Timeline.Add(new TimelineEntry(s.Timeline.Count + 1, e.At, new Actor(e.Actor.Id, RoleName(e.Actor.Role)), action, description,
                e.StatusBefore, e.StatusAfter, isPublic, e.Actor.Role == ActorRole.System ? "system" : "api",
                Unit: e.Actor.Role == ActorRole.Officer ? e.BureauId : null));
        }

        s.File = CaseFileJson.Serialize(decision.Case);
        _file = decision.Case;
        var added = s.Timeline.GetRange(previousCount, s.Timeline.Count - previousCount);
        var first = decision.Events[0];
        IReadOnlyList<CaseActivity> logged;
        try
        {
            logged = await Store(summary: true, added, [Audited(first.Actor.Id, RoleName(first.Actor.Role), "case." + added[0].Action, first.At)]);
        }
        catch
        {
            // Not stored, so not happened: put the state back as it was before this decision.
            s.File = previousFile;
            _file = previousCase;
            s.Timeline.RemoveRange(previousCount, s.Timeline.Count - previousCount);
            throw;
        }

        if (previousCase.IsOpen && !_file.IsOpen)
        {
            _ = GrainFactory.GetGrain<ICategoryHotspotGrain>(_file.CategoryCode).Forget(_file.Id);
        }

        foreach (var e in decision.Events.Where(e => e.Kind == CaseEventKind.Escalated))
        {
            LogEscalated(logger, _file.Number, e.Step);
        }

        await Announce(logged);
    }

    /// <summary>Stores a change of the grain's own state (not of the case file): nothing for the lists, no activity, no audit.</summary>
    private async Task Amend(Action<CaseState> change)
    {
        var before = _state.DuplicateCandidates;
        change(_state);
        try
        {
            await Store(summary: false, [], []);
        }
        catch
        {
            _state.DuplicateCandidates = before;
            throw;
        }
    }

    /// <summary>
    /// One commit of the case store: the state as it now is, the list row, every pending deadline, an activity per new
    /// timeline entry and the audit records. On any failure the outcome may be unknown (a commit lost with its
    /// connection may still have happened): the activation is dropped, so the next call reads the stored truth.
    /// </summary>
    /// <returns>The activities as logged (with their positions), to announce.</returns>
    private async Task<IReadOnlyList<CaseActivity>> Store(bool summary, IReadOnlyList<TimelineEntry> added, IReadOnlyList<AuditEntry> audit)
    {
        var file = _file!;
        var current = summary ? Summary() : null;
        var commit = new CaseCommit(
            file.Id, _version + 1, serializer.SerializeToArray(_state), current, file.PendingDeadlines,
            [.. added.Select(e => new CaseActivity(file.Id, file.Number, file.Version, e.Action, e.Description, e.At, e.Actor, current ?? Summary(),
                Public: e.Public, Unit: e.Unit))],
            audit);
        IReadOnlyList<long> positions;
        try
        {
            positions = await store.CommitAsync(commit);
        }
        catch (CaseStoreUnavailableException ex)
        {
            DeactivateOnIdle();
            LogStoreFailed(logger, ex.InnerException ?? ex, file.Number);
            // Thrown afresh: the database's own exception stays in this silo's log, not in the answer.
            throw new CaseStoreUnavailableException($"The change of case {file.Number} was not confirmed by the case store. Try again: a retry reads the stored case first.");
        }
        catch (CaseStoreConflictException)
        {
            DeactivateOnIdle();
            throw;
        }

        _version = commit.Version;
        return [.. commit.Activities.Select((a, i) => a with { Position = positions[i] })];
    }

    private AuditEntry Audited(string actor, string role, string action, DateTimeOffset at) =>
        new(at, actor, role, action, _file!.Number, "case", AuditOutcome.Success);

    /// <summary>Announces stored changes on the case-activity stream (after the commit: nothing announced can be lost).</summary>
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
            // The change is committed with its activity; only the push failed. The consumers catch up from the activity log.
            LogPublishFailed(logger, ex, _file!.Number);
        }
    }

    /// <summary>The case as an earlier version kept it in the Orleans grain storage, or null.</summary>
    private async Task<CaseState?> LegacyState(CancellationToken cancellationToken)
    {
        if (ServiceProvider.GetKeyedService<IGrainStorage>(StorageProviders.District) is not { } legacy)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var grainState = new GrainState<CaseState>(new CaseState());
        try
        {
            await legacy.ReadStateAsync(LegacyStateName, this.GetGrainId(), grainState);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLoadFailed(logger, ex, this.GetPrimaryKey());
            // Like a failed load from the case store: a fault the caller retries, never the database's own exception.
            throw new CaseStoreUnavailableException("The case could not be read from the grain storage of an earlier version. Try again.");
        }

        return grainState.RecordExists ? grainState.State : null;
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
        var a = _state.Appeal!;
        return new CaseSummary(
            f.Id, f.Number, f.Version, f.Status, f.CategoryCode, f.LeadBureau, Assignments(), a.GridCode, a.CommunityCode, a.StreetCode,
            a.Location.Latitude, a.Location.Longitude, f.Hot, f.Overdue, ChannelNames.Of(a.Channel), a.Description, f.FiledAt,
            f.ResolveSchedule.Due, f.ResolvedAt, f.ClosedAt, f.Rating, f.Returns, f.Reopenings, f.AffectedCitizens, f.MergedInto, f.UpdatedAt,
            f.ResolveSchedule.Warning, f.PendingExtension is not null);
    }

    private CaseView View()
    {
        var f = _file!;
        var s = _state;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {Number} could not be stored; the activation is dropped so the next call reads the stored case")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, string number);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId} could not be read from the case store")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, Guid caseId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {Number} moved from the grain storage of an earlier version into the case store")]
    private static partial void LogUpgraded(ILogger logger, string number);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {Number} escalated: {Step}")]
    private static partial void LogEscalated(ILogger logger, string number, EscalationStep? step);
}
