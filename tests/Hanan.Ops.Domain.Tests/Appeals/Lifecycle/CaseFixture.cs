using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Calendar;
using static Hanan.Ops.Domain.Tests.Calendar.Shanghai;

namespace Hanan.Ops.Domain.Tests.Appeals.Lifecycle;

/// <summary>
/// A road-damage case of the urban management bureau (城管局), filed Wednesday 2026-09-30 10:00, the day before the
/// National Day holiday (Oct 1-7 off, Saturday Oct 10 worked). Claim limit 4wh, resolve limit 5wd.
/// </summary>
internal static class CaseFixture
{
    public const string Number = "HN-2026-000123";
    public const string Lead = "chengguan";
    public const string Housing = "zhujian";
    public const string Water = "shuiwu";
    public const string Li = "li.ming";
    public const string Wang = "wang.fang";
    public const string Zhao = "zhao.lei";
    public const string Dispatcher = "dispatcher.chen";
    public const string Supervisor = "supervisor.sun";
    public const string Citizen = "citizen-0001";

    public static readonly WorkingCalendar Workdays = WorkingCalendar.FromEmbeddedData();
    public static readonly Guid Id = Guid.Parse("0196a4c2-3b1e-8d7f-9a2b-5c6d7e8f9a01");
    public static readonly TimeLimit ClaimLimit = TimeLimit.Parse("4wh");
    public static readonly TimeLimit ResolveLimit = TimeLimit.Parse("5wd");
    public static readonly ReopenPolicy Policy = new(TimeLimit.Parse("15wd"), maxReopenings: 2);

    public static readonly DateTimeOffset Filed = At(2026, 9, 30, 10, 0);

    /// <summary>4wh from filing: 10:00-12:00 and 13:30-15:30.</summary>
    public static readonly DateTimeOffset ClaimDue = At(2026, 9, 30, 15, 30);

    /// <summary>Lead claim at 11:00; acts by 4wh later: 11:00-12:00 and 13:30-16:30.</summary>
    public static readonly DateTimeOffset LeadClaimed = At(2026, 9, 30, 11, 0);

    public static readonly DateTimeOffset LeadActDue = At(2026, 9, 30, 16, 30);

    // 5wd from Sep 30: Oct 8, 9, 10 (worked Saturday), 12, 13. Office time from filing to due: 5.5 h + 35 h = 40.5 h;
    // 75% = 30 h 22.5 min: Sep 30 5.5 h, Oct 8, 9, 10 7 h each, Oct 12 3.5 h in the morning and 22.5 min after 13:30.
    public static readonly DateTimeOffset Warning = At(2026, 10, 12, 13, 52, 30);
    public static readonly DateTimeOffset Due = At(2026, 10, 13, 17, 0);
    public static readonly DateTimeOffset SupervisionNotice = At(2026, 10, 14, 17, 0);
    public static readonly DateTimeOffset DistrictLeaders = At(2026, 10, 20, 17, 0);

    public static CaseFile Open(params string[] coHandlers) =>
        CaseFile.Open(Id, Number, "road-damage", Lead, coHandlers, hot: false, Filed, ClaimLimit, ResolveLimit, Workdays);

    /// <summary>Lead claimed by <see cref="Li"/> at <see cref="LeadClaimed"/>.</summary>
    public static CaseFile InProgress(params string[] coHandlers) => Open(coHandlers).Claimed(Lead, Li, LeadClaimed);

    /// <summary>Lead claimed by <see cref="Li"/> who acted at once (a note at 11:30), so the claim stays with him.</summary>
    public static CaseFile Handling(params string[] coHandlers) =>
        InProgress(coHandlers).Then(f => f.Note(Lead, Li, "Site visit booked.", false, At(2026, 9, 30, 11, 30)));

    /// <summary>A case in the given status, with <see cref="Housing"/> co-handling.</summary>
    public static CaseFile In(CaseStatus status) => status switch
    {
        CaseStatus.Dispatched => Open(Housing),
        CaseStatus.InProgress => InProgress(Housing),
        CaseStatus.AwaitingCitizen => Accept(InProgress(Housing), f => f.AskCitizen(Lead, Li, "Which lane of the road?", At(2026, 9, 30, 11, 30))),
        CaseStatus.Returned => Accept(InProgress(Housing), f => f.Return(Lead, Li, "Road belongs to the provincial highway bureau.", At(2026, 9, 30, 14, 0))),
        CaseStatus.Resolved => ResolvedAt(At(2026, 10, 9, 10, 0)),
        CaseStatus.Closed => Accept(ResolvedAt(At(2026, 10, 9, 10, 0)), f => f.Rate(Citizen, 5, null, Policy, Workdays, At(2026, 10, 10, 9, 0))),
        CaseStatus.UnderReview => Accept(
            ResolvedAt(At(2026, 10, 9, 10, 0)),
            f => f.Rate(Citizen, 1, "Still broken.", new ReopenPolicy(TimeLimit.Parse("15wd"), 0), Workdays, At(2026, 10, 10, 9, 0))),
        CaseStatus.Merged => Accept(Open(Housing), f => f.MergeInto(Guid.Parse("0196a4c2-3b1e-8d7f-9a2b-5c6d7e8f9a99"), Dispatcher, At(2026, 9, 30, 10, 30))),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Housing reports at 09:00 and the lead resolves at <paramref name="at"/>.</summary>
    public static CaseFile ResolvedAt(DateTimeOffset at) => InProgress(Housing)
        .Claimed(Housing, Zhao, At(2026, 10, 8, 8, 40))
        .Then(f => f.Report(Housing, Zhao, "Drainage checked, no pipe damage.", At(2026, 10, 8, 9, 0)))
        .Then(f => f.Resolve(Lead, Li, "Pothole filled and surface relaid.", at));

    public static CaseFile Claimed(this CaseFile file, string bureau, string officer, DateTimeOffset at) =>
        file.Then(f => f.Claim(bureau, officer, Workdays, at));

    public static CaseFile Then(this CaseFile file, Func<CaseFile, Decision> operation) => Accept(file, operation);

    public static CaseFile Accept(CaseFile file, Func<CaseFile, Decision> operation) =>
        operation(file).ShouldBeAcceptedFrom(file);

    /// <summary>
    /// Accepted with a change: at least one event, version + 1, updated at the events' instant, and the events' statuses
    /// chain from the old status to the new one.
    /// </summary>
    public static CaseFile ShouldBeAcceptedFrom(this Decision decision, CaseFile before)
    {
        decision.Refusal.Should().BeNull();
        decision.IsAccepted.Should().BeTrue();
        decision.HasChanges.Should().BeTrue();
        decision.Events.Should().NotBeEmpty();
        var after = decision.Case;
        after.Version.Should().Be(before.Version + 1);
        after.UpdatedAt.Should().Be(decision.Events[0].At);
        var status = before.Status;
        foreach (var e in decision.Events)
        {
            e.At.Should().Be(after.UpdatedAt);
            e.StatusBefore.Should().Be(status, "each event starts where the previous one ended ({0})", e.Kind);
            status = e.StatusAfter;
        }

        status.Should().Be(after.Status);
        return after;
    }

    /// <summary>Accepted without a change: no events, the very same case.</summary>
    public static void ShouldBeUnchangedFrom(this Decision decision, CaseFile before)
    {
        decision.IsAccepted.Should().BeTrue();
        decision.HasChanges.Should().BeFalse();
        decision.Events.Should().BeEmpty();
        decision.Case.Should().BeSameAs(before);
    }

    /// <summary>Refused for <paramref name="reason"/>, with a message; nothing changed.</summary>
    public static Refusal ShouldBeRefused(this Decision decision, RefusalReason reason, CaseFile before)
    {
        decision.IsAccepted.Should().BeFalse();
        decision.Refusal.Should().NotBeNull();
        decision.Refusal!.Reason.Should().Be(reason, decision.Refusal.Message);
        decision.Refusal.Message.Should().NotBeNullOrWhiteSpace();
        decision.Events.Should().BeEmpty();
        decision.Case.Should().BeSameAs(before);
        return decision.Refusal;
    }

    public static CaseEvent SingleEvent(this Decision decision, CaseEventKind kind)
    {
        decision.Events.Should().ContainSingle(e => e.Kind == kind);
        return decision.Events.Single(e => e.Kind == kind);
    }
}
