namespace Hanan.Ops.Domain.Appeals;

/// <summary>
/// The case figures (三率 and companions) per bureau, street, grid or category, over the cases filed in a period.
/// </summary>
/// <remarks>
/// <para>Which case and assignment counts where:</para>
/// <list type="bullet">
/// <item>Merged cases (已合并) count nowhere: not as cases, not with their assignments or returns.</item>
/// <item>Street, grid and category: a case counts in the group of its code. The response rate is over the case's lead
/// assignments (including returned ones); returns count every returned assignment of the case, whichever bureau.</item>
/// <item>Bureau: the response rate and returns are over every assignment of that bureau, lead or co-handler. The case
/// figures (cases, resolution, satisfaction, on-time, handling time, overdue) belong to the bureau that currently
/// leads the case (<see cref="CaseFacts.CurrentLead"/>); a case whose lead returned it and that waits for re-routing
/// belongs to no bureau meanwhile, and a bureau that only co-handles appears with response and returns but no cases.</item>
/// <item>Response: an assignment counts once its outcome is decided (claimed, returned, or past its claim due); it is a
/// success when first claimed at or before its claim due. A return without a claim is not a response.</item>
/// <item>Handling time is wall-clock hours from filing to resolution, over resolved cases.</item>
/// </list>
/// </remarks>
public static class CaseFigures
{
    /// <summary>The percentile of handling time reported in <see cref="GroupFigures.P90HandlingHours"/>.</summary>
    public const int HandlingPercentile = 90;

    /// <summary>Computes the figures of every group that has a case or an assignment in the period, plus <paramref name="groups"/>.</summary>
    /// <param name="cases">The cases; those filed outside <paramref name="period"/> are ignored.</param>
    /// <param name="asOf">When the figures are taken: decides which open cases are overdue and which claims are still pending.</param>
    /// <param name="groups">Codes to report even when nothing happened there (e.g. every street of the district), so they can be ranked.</param>
    /// <returns>One entry per group, ordered by code (ordinal).</returns>
    /// <exception cref="ArgumentException">A case in the period has inconsistent facts (<see cref="CaseFacts.Check"/>).</exception>
    public static IReadOnlyList<GroupFigures> Compute(
        IEnumerable<CaseFacts> cases,
        FilingPeriod period,
        FigureGrouping grouping,
        DateTimeOffset asOf,
        IEnumerable<string>? groups = null)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(period);
        if (!Enum.IsDefined(grouping))
        {
            throw new ArgumentOutOfRangeException(nameof(grouping), grouping, "Unknown grouping.");
        }

        var tallies = new Dictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var code in groups ?? [])
        {
            ArgumentException.ThrowIfNullOrEmpty(code, nameof(groups));
            TallyOf(tallies, code);
        }

        foreach (var c in cases)
        {
            ArgumentNullException.ThrowIfNull(c, nameof(cases));
            if (!period.Contains(c.FiledAt))
            {
                continue;
            }

            if (c.Check() is { } problem)
            {
                throw new ArgumentException($"Case {c.CaseId}: {problem}", nameof(cases));
            }

            if (c.Status == CaseStatus.Merged)
            {
                continue;
            }

            if (grouping == FigureGrouping.Bureau)
            {
                foreach (var a in c.Assignments)
                {
                    TallyOf(tallies, a.BureauId).AddAssignment(a, asOf);
                }

                if (c.CurrentLead is { } lead)
                {
                    TallyOf(tallies, lead.BureauId).AddCase(c, asOf);
                }
            }
            else
            {
                var tally = TallyOf(tallies, grouping switch
                {
                    FigureGrouping.Street => c.StreetCode,
                    FigureGrouping.Grid => c.GridCode,
                    FigureGrouping.District => District.Code,
                    _ => c.CategoryCode,
                });
                tally.AddCase(c, asOf);
                foreach (var a in c.Assignments)
                {
                    if (a.Role == AssignmentRole.Lead)
                    {
                        tally.AddResponse(a, asOf);
                    }

                    if (a.Returned)
                    {
                        tally.Returns++;
                    }
                }
            }
        }

        var result = new List<GroupFigures>(tallies.Count);
        foreach (var (code, tally) in tallies)
        {
            result.Add(tally.ToFigures(code));
        }

        result.Sort((x, y) => string.CompareOrdinal(x.Code, y.Code));
        return result;
    }

    private static Tally TallyOf(Dictionary<string, Tally> tallies, string code)
    {
        if (!tallies.TryGetValue(code, out var tally))
        {
            tally = new Tally();
            tallies.Add(code, tally);
        }

        return tally;
    }

    private sealed class Tally
    {
        private readonly List<double> _handlingHours = [];
        private int _cases;
        private int _resolved;
        private int _resolvedOnTime;
        private int _rated;
        private int _satisfied;
        private int _closedNotRated;
        private int _overdueOpen;
        private int _reopened;
        private int _assignments;
        private int _claimedOnTime;
        private int _awaitingClaim;

        public int Returns { get; set; }

        public void AddCase(CaseFacts c, DateTimeOffset asOf)
        {
            _cases++;
            if (c.IsResolved)
            {
                var resolvedAt = c.ResolvedAt!.Value;
                _resolved++;
                if (resolvedAt <= c.ResolveDue)
                {
                    _resolvedOnTime++;
                }

                _handlingHours.Add((resolvedAt - c.FiledAt).TotalHours);
            }
            else if (c.IsOpen && (asOf > c.ResolveDue || c.ClaimOverdue(asOf)))
            {
                _overdueOpen++;
            }

            if (c.Rating is { } rating)
            {
                _rated++;
                if (rating >= CaseFacts.LowestSatisfiedRating)
                {
                    _satisfied++;
                }
            }
            else if (c.ClosedNotRated)
            {
                _closedNotRated++;
            }

            if (c.Reopenings > 0)
            {
                _reopened++;
            }
        }

        public void AddAssignment(AssignmentFacts a, DateTimeOffset asOf)
        {
            AddResponse(a, asOf);
            if (a.Returned)
            {
                Returns++;
            }
        }

        public void AddResponse(AssignmentFacts a, DateTimeOffset asOf)
        {
            if (!a.ResponseDecided(asOf))
            {
                _awaitingClaim++;
                return;
            }

            _assignments++;
            if (a.ClaimedInTime)
            {
                _claimedOnTime++;
            }
        }

        public GroupFigures ToFigures(string code)
        {
            double? mean = null;
            double? p90 = null;
            if (_handlingHours.Count > 0)
            {
                _handlingHours.Sort();
                var sum = 0.0;
                foreach (var h in _handlingHours)
                {
                    sum += h;
                }

                mean = sum / _handlingHours.Count;
                p90 = Percentile.NearestRank(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_handlingHours), HandlingPercentile);
            }

            return new GroupFigures(
                code, _cases, _resolved, _resolvedOnTime, _rated, _satisfied, _closedNotRated, _overdueOpen, _reopened,
                _assignments, _claimedOnTime, _awaitingClaim, Returns, mean, p90);
        }
    }
}
