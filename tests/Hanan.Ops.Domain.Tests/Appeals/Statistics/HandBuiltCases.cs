using Hanan.Ops.Domain.Appeals;
using static Hanan.Ops.Domain.Tests.Calendar.Shanghai;

namespace Hanan.Ops.Domain.Tests.Appeals.Statistics;

/// <summary>
/// Twelve cases with known outcomes: ten filed in March 1–20, 2026 (one of them merged), one just before and one
/// just after. Unless a case says otherwise its resolve due is filed + 5 days and its claim due filed + 2 h.
/// Figures are taken on March 20 at 12:00.
/// </summary>
internal static class HandBuiltCases
{
    public const string Baoguo = "230108002";
    public const string Lianmeng = "230108003";
    public const string GridA = "230108002003001";
    public const string GridB = "230108002003002";
    public const string GridC = "230108003001001";
    public const string UrbanManagement = "urban-management";
    public const string Transport = "transport";
    public const string Heating = "heating";

    public static readonly FilingPeriod March1To20 = FilingPeriod.Days(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 20));
    public static readonly DateTimeOffset AsOf = At(2026, 3, 20, 12, 0);

    public static IReadOnlyList<CaseFacts> All { get; } =
    [
        // C1 sanitation, Baoguo, grid A. Claimed 1 h in (in time); resolved after 24 h, on time; rated 5.
        Case(1, "sanitation", Baoguo, GridA, At(2026, 3, 2, 9, 0), CaseStatus.Closed, At(2026, 3, 3, 9, 0), 5,
            Lead(UrbanManagement, At(2026, 3, 2, 11, 0), At(2026, 3, 2, 10, 0), AssignmentStatus.Resolved)),

        // C2 sanitation, Baoguo, grid A. Claimed 13:00 against a 12:00 claim due (late); resolved after 48 h, on time;
        // rated 2 (不满意); reopened once.
        Case(2, "sanitation", Baoguo, GridA, At(2026, 3, 2, 10, 0), CaseStatus.Closed, At(2026, 3, 4, 10, 0), 2,
            Lead(UrbanManagement, At(2026, 3, 2, 12, 0), At(2026, 3, 2, 13, 0), AssignmentStatus.Resolved)) with { Reopenings = 1 },

        // C3 road damage, Baoguo, grid B. Transport claims in time; urban management co-handles, claims late.
        // Resolved after 144 h, a day past its due; awaiting the rating.
        Case(3, "road-damage", Baoguo, GridB, At(2026, 3, 3, 9, 0), CaseStatus.Resolved, At(2026, 3, 9, 9, 0), null,
            Lead(Transport, At(2026, 3, 3, 11, 0), At(2026, 3, 3, 9, 30), AssignmentStatus.Resolved),
            CoHandler(UrbanManagement, At(2026, 3, 3, 11, 0), At(2026, 3, 3, 12, 0), AssignmentStatus.Reported)),

        // C4 road damage, Lianmeng, grid C. Transport claims in time; urban management never claims (due passed).
        // In progress, due March 8: overdue on March 20.
        Case(4, "road-damage", Lianmeng, GridC, At(2026, 3, 3, 14, 0), CaseStatus.InProgress, null, null,
            Lead(Transport, At(2026, 3, 3, 16, 0), At(2026, 3, 3, 15, 0), AssignmentStatus.Claimed),
            CoHandler(UrbanManagement, At(2026, 3, 3, 16, 0), null, AssignmentStatus.Open)),

        // C5 heating, Lianmeng, grid C. Claimed in time; resolved after 12 h, on time; rated 3 (基本满意: satisfied).
        Case(5, "heating", Lianmeng, GridC, At(2026, 3, 4, 8, 0), CaseStatus.Closed, At(2026, 3, 4, 20, 0), 3,
            Lead(Heating, At(2026, 3, 4, 10, 0), At(2026, 3, 4, 8, 30), AssignmentStatus.Resolved)),

        // C6 heating, Lianmeng, grid C. Claimed in time; resolved after 24 h, on time; closed not rated.
        Case(6, "heating", Lianmeng, GridC, At(2026, 3, 4, 9, 0), CaseStatus.Closed, At(2026, 3, 5, 9, 0), null,
            Lead(Heating, At(2026, 3, 4, 11, 0), At(2026, 3, 4, 9, 10), AssignmentStatus.Resolved)) with { ClosedNotRated = true },

        // C7 sanitation, Baoguo, grid B: merged into C1. Its lead returned it unclaimed. Counts nowhere.
        Case(7, "sanitation", Baoguo, GridB, At(2026, 3, 5, 9, 0), CaseStatus.Merged, null, 1,
            Lead(UrbanManagement, At(2026, 3, 5, 11, 0), null, AssignmentStatus.Returned, returned: true)),

        // C8 sanitation, Lianmeng, grid C. Urban management returned it without claiming; waits for re-routing, so no
        // bureau leads it. Due March 10: overdue on March 20.
        Case(8, "sanitation", Lianmeng, GridC, At(2026, 3, 5, 10, 0), CaseStatus.Returned, null, null,
            Lead(UrbanManagement, At(2026, 3, 5, 12, 0), null, AssignmentStatus.Returned, returned: true)),

        // C9 heating, Baoguo, grid A. First sent to urban management, which claimed it in time and returned it; heating
        // claimed it in time (10:59 against 11:00). Resolved after 132 h, 12 h past its due; rated 4.
        Case(9, "heating", Baoguo, GridA, At(2026, 3, 6, 9, 0), CaseStatus.Closed, At(2026, 3, 11, 21, 0), 4,
            Lead(UrbanManagement, At(2026, 3, 6, 11, 0), At(2026, 3, 6, 9, 30), AssignmentStatus.Returned, returned: true),
            Lead(Heating, At(2026, 3, 6, 11, 0), At(2026, 3, 6, 10, 59), AssignmentStatus.Resolved)),

        // C10 sanitation, Baoguo, grid A. Filed an hour before the figures; unclaimed, claim due 13:00 still ahead.
        Case(10, "sanitation", Baoguo, GridA, At(2026, 3, 20, 11, 0), CaseStatus.Dispatched, null, null,
            Lead(UrbanManagement, At(2026, 3, 20, 13, 0), null, AssignmentStatus.Open)),

        // C11 and C12: filed a minute before the period and at its end (excluded); both would change every figure.
        Case(11, "sanitation", Baoguo, GridA, At(2026, 2, 28, 23, 59), CaseStatus.Closed, At(2026, 3, 1, 9, 0), 1,
            Lead(UrbanManagement, At(2026, 3, 1, 1, 59), null, AssignmentStatus.Returned, returned: true)),
        Case(12, "heating", Lianmeng, GridC, At(2026, 3, 21, 0, 0), CaseStatus.Closed, At(2026, 3, 30, 0, 0), 1,
            Lead(Heating, At(2026, 3, 21, 2, 0), null, AssignmentStatus.Returned, returned: true)),
    ];

    public static Guid Id(int n) => new(n, 0, 0, new byte[8]);

    public static CaseFacts Case(
        int n,
        string category,
        string street,
        string grid,
        DateTimeOffset filed,
        CaseStatus status,
        DateTimeOffset? resolvedAt,
        int? rating,
        params AssignmentFacts[] assignments) =>
        new(Id(n), category, street, grid, filed, status, filed.AddDays(5), resolvedAt, rating, ClosedNotRated: false,
            Reopenings: 0, assignments);

    public static AssignmentFacts Lead(
        string bureau, DateTimeOffset claimDue, DateTimeOffset? claimedAt, AssignmentStatus status, bool returned = false) =>
        new(bureau, AssignmentRole.Lead, claimDue, claimedAt, status, returned);

    public static AssignmentFacts CoHandler(
        string bureau, DateTimeOffset claimDue, DateTimeOffset? claimedAt, AssignmentStatus status, bool returned = false) =>
        new(bureau, AssignmentRole.CoHandler, claimDue, claimedAt, status, returned);
}
