using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Calendar;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace Hanan.Ops.Grains.Appeals;

/// <summary>
/// One case (案件). Files durably before answering, replays a retried intake, keeps the timeline (留痕), and
/// escalates on the working-day clock exactly once per step: a timer fires at the next step while the grain is
/// active, and a reminder brings the grain back after a restart or the loss of a silo.
/// </summary>
public sealed partial class CaseGrain(
    [PersistentState("case", StorageProviders.District)] IPersistentState<CaseState> state,
    RoutingTable routing,
    WorkingCalendar calendar,
    DistrictClock clock,
    IOptions<EscalationOptions> options,
    IOptions<LiveStreamOptions> streams,
    ILogger<CaseGrain> logger) : Grain, ICaseGrain, IRemindable
{
    private const string EscalationReminder = "escalation";
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromDays(1);

    private IGrainTimer? _timer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Filed && NextPendingStep() is not null)
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
            if (same && NextPendingStep() is not null)
            {
                // The first attempt may have stored the case and then failed to register the reminder: make sure it exists.
                await RegisterEscalationReminder();
            }

            return new FileOutcome(same ? FilingResult.Replayed : FilingResult.KeyReused, View());
        }

        var category = routing.FindCategory(appeal.CategoryCode)
            ?? throw new ArgumentException($"Unknown category '{appeal.CategoryCode}'.", nameof(appeal));
        var now = clock.Now;
        var year = calendar.LocalDate(now).Year;
        var sequence = await GrainFactory.GetGrain<ICaseNumberGrain>(year).Next();
        var resolve = DeadlineSchedule.Compute(now, category.Limits.Resolve, calendar);

        var s = state.State;
        s.Appeal = appeal;
        s.Number = new CaseNumber(year, sequence).ToString();
        s.Status = CaseStatus.Dispatched;
        s.LeadBureau = category.LeadBureau;
        s.CoHandlers = [.. category.CoHandlers];
        s.Hot = category.Emergency;
        s.FiledAt = now;
        s.Schedule = new StoredSchedule(
            category.Limits.Claim.DueFrom(now, calendar),
            category.Limits.Feedback.DueFrom(now, calendar),
            resolve.Warning,
            resolve.Due,
            resolve.SupervisionNotice,
            resolve.DistrictLeaders);
        s.AppliedSteps = 0;
        s.Version = 1;
        s.Timeline =
        [
            new TimelineEntry(1, now, appeal.FiledBy, "filed", FiledDescription(category), null, CaseStatus.Dispatched),
        ];

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

        LogFiled(logger, s.Number, category.Code);
        await Publish(s.Timeline[^1]);
        await RegisterEscalationReminder();
        ArmTimer();
        return new FileOutcome(FilingResult.Created, View());
    }

    public Task<CaseView?> Get() => Task.FromResult(state.State.Filed ? View() : null);

    public async Task<IReadOnlyList<EscalationStep>> EvaluateDeadlines()
    {
        var s = state.State;
        if (!s.Filed || s.Status != CaseStatus.Dispatched)
        {
            await DisarmEscalation();
            return [];
        }

        var now = clock.Now;
        var applied = EscalationStepSet.FromBits(s.AppliedSteps);
        var fired = new List<EscalationStep>();
        foreach (var (step, at) in Steps(s.Schedule!))
        {
            if (at <= now && !applied.Contains(step))
            {
                applied = applied.With(step);
                fired.Add(step);
                s.Timeline.Add(new TimelineEntry(
                    s.Timeline.Count + 1, now, Actor.System, EscalationAction(step), EscalationDescription(step, at), s.Status, s.Status));
            }
        }

        if (fired.Count > 0)
        {
            s.AppliedSteps = applied.Bits;
            s.Version++;
            await state.WriteStateAsync();
            foreach (var step in fired)
            {
                LogEscalated(logger, s.Number, step);
            }

            foreach (var entry in s.Timeline.TakeLast(fired.Count))
            {
                await Publish(entry);
            }
        }

        if (NextPendingStep() is null)
        {
            await DisarmEscalation();
        }
        else
        {
            ArmTimer();
        }

        return fired;
    }

    /// <summary>Announces a stored change on the case-activity stream (after the write: nothing is announced that could be lost).</summary>
    private async Task Publish(TimelineEntry entry)
    {
        var id = this.GetPrimaryKey();
        var stream = this.GetStreamProvider(streams.Value.Provider)
            .GetStream<CaseActivity>(StreamId.Create(CaseActivityStream.Namespace, CaseActivityStream.PartitionOf(id)));
        try
        {
            await stream.OnNextAsync(new CaseActivity(id, state.State.Number, state.State.Version, entry.Action, entry.Description, entry.At, entry.Actor, Summary()));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The change is stored; only its announcement failed. Live screens and the read model catch up on the next change.
            LogPublishFailed(logger, ex, state.State.Number);
        }
    }

    private CaseSummary Summary()
    {
        var s = state.State;
        var a = s.Appeal!;
        var schedule = s.Schedule!;
        var applied = EscalationStepSet.FromBits(s.AppliedSteps);
        var assignments = new List<AssignmentSummary> { new(s.LeadBureau, AssignmentRole.Lead, AssignmentStatus.Open, null, null, schedule.ClaimDue, null) };
        assignments.AddRange(s.CoHandlers.Select(b => new AssignmentSummary(b, AssignmentRole.CoHandler, AssignmentStatus.Open, null, null, schedule.ClaimDue, null)));
        return new CaseSummary(
            this.GetPrimaryKey(), s.Number, s.Version, s.Status, a.CategoryCode, s.LeadBureau, assignments,
            a.GridCode, a.CommunityCode, a.StreetCode, a.Location.Latitude, a.Location.Longitude, s.Hot,
            applied.Contains(EscalationStep.Overdue), Hanan.Ops.Contracts.Appeals.ChannelNames.Of(a.Channel), a.Description, s.FiledAt,
            schedule.Due, null, null, null, 0, 0, 1, null, s.Timeline[^1].At);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == EscalationReminder ? EvaluateDeadlines() : Task.CompletedTask;

    private Task<IGrainReminder> RegisterEscalationReminder()
    {
        var period = options.Value.ReminderPeriod;
        return this.RegisterOrUpdateReminder(EscalationReminder, period, period);
    }

    /// <summary>Aims a one-shot timer at the next pending step; the reminder covers the time the grain is not active.</summary>
    private void ArmTimer()
    {
        var next = NextPendingStep();
        _timer?.Dispose();
        _timer = null;
        if (next is null)
        {
            return;
        }

        // Timers take at most ~24 days; a far step is re-aimed when the shorter timer fires with nothing due.
        var delay = next.Value.At - clock.Now;
        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxTimerDelay ? MaxTimerDelay : delay;
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(
            static (grain, _) => grain.EvaluateDeadlines(),
            this,
            new GrainTimerCreationOptions
            {
                DueTime = delay,
                Period = Timeout.InfiniteTimeSpan,
                Interleave = false,
            });
    }

    private async Task DisarmEscalation()
    {
        _timer?.Dispose();
        _timer = null;
        var reminder = await this.GetReminder(EscalationReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private (EscalationStep Step, DateTimeOffset At)? NextPendingStep()
    {
        var s = state.State;
        if (!s.Filed || s.Status != CaseStatus.Dispatched)
        {
            return null;
        }

        var applied = EscalationStepSet.FromBits(s.AppliedSteps);
        foreach (var (step, at) in Steps(s.Schedule!))
        {
            if (!applied.Contains(step))
            {
                return (step, at);
            }
        }

        return null;
    }

    private static IEnumerable<(EscalationStep Step, DateTimeOffset At)> Steps(StoredSchedule schedule)
    {
        yield return (EscalationStep.Warning, schedule.Warning);
        yield return (EscalationStep.Overdue, schedule.Due);
        yield return (EscalationStep.SupervisionNotice, schedule.SupervisionNotice);
        yield return (EscalationStep.DistrictLeaders, schedule.DistrictLeaders);
    }

    private string FiledDescription(AppealCategory category)
    {
        var lead = routing.FindBureau(category.LeadBureau)?.Name ?? category.LeadBureau;
        var co = category.CoHandlers.Select(id => routing.FindBureau(id)?.Name ?? id).ToList();
        return co.Count == 0
            ? $"受理诉求（{category.Name}），派发至{lead}（主办）"
            : $"受理诉求（{category.Name}），派发至{lead}（主办）、{string.Join("、", co)}（协办）";
    }

    private static string EscalationAction(EscalationStep step) => step switch
    {
        EscalationStep.Warning => "warning",
        EscalationStep.Overdue => "overdue",
        EscalationStep.SupervisionNotice => "supervision-notice",
        EscalationStep.DistrictLeaders => "district-leaders",
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };

    private string EscalationDescription(EscalationStep step, DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Domain.District.TimeZone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        return step switch
        {
            EscalationStep.Warning => $"办理时限已用75%（预警时点 {local}）",
            EscalationStep.Overdue => $"已超期（办结时限 {local}），通报{routing.FindBureau(state.State.LeadBureau)?.Name ?? state.State.LeadBureau}负责人",
            EscalationStep.SupervisionNotice => $"超期1个工作日，区监察局发出督办通知（{local}）",
            EscalationStep.DistrictLeaders => $"超期5个工作日，报区领导（{local}）",
            _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
        };
    }

    private CaseView View()
    {
        var s = state.State;
        var a = s.Appeal!;
        var schedule = s.Schedule!;
        var applied = EscalationStepSet.FromBits(s.AppliedSteps);
        return new CaseView(
            this.GetPrimaryKey(),
            s.Number,
            s.Status,
            a.CategoryCode,
            a.Description,
            a.Location,
            a.Address,
            a.GridCode,
            a.CommunityCode,
            a.StreetCode,
            a.Channel,
            s.LeadBureau,
            s.CoHandlers,
            s.Hot,
            s.FiledAt,
            new CaseDeadlines(schedule.ClaimDue, schedule.FeedbackDue, schedule.Warning, schedule.Due),
            [.. Steps(schedule).Select(x => x.Step).Where(applied.Contains)],
            s.Timeline,
            a.Contact,
            a.PhotoRefs);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {Number} filed in category {Category}")]
    private static partial void LogFiled(ILogger logger, string number, string category);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {Number} is stored but its activity could not be published")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string number);

    [LoggerMessage(Level = LogLevel.Information, Message = "Case {Number} escalated: {Step}")]
    private static partial void LogEscalated(ILogger logger, string number, EscalationStep step);
}
