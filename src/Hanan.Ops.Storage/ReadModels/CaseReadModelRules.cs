using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;

namespace Hanan.Ops.Storage.ReadModels;

/// <summary>
/// What both case read models (PostgreSQL and memory) do the same way, kept in one place so that they cannot drift:
/// checking and normalising what is written, the bureaus a case belongs to, the folding of searchable text, and the
/// checking of queries.
/// </summary>
/// <remarks>
/// <para>Instants: every timestamp is stored and returned in UTC (offset zero), truncated to whole microseconds, the
/// precision of PostgreSQL's timestamptz. The instant is kept; the caller's offset is not. Query bounds are
/// truncated the same way, so both read models compare the same values.</para>
/// <para>Text search: the query text and the searched number and description are folded with
/// <see cref="string.ToLowerInvariant()"/> and compared as ordinal substrings. Latin letters (ASCII and accented) match
/// regardless of case; Chinese has no case and matches as written. The folding never depends on a database locale.</para>
/// </remarks>
internal static class CaseReadModelRules
{
    /// <summary>
    /// Checks a batch and reduces it to one summary per case id, normalised: for an id given several times, the one a
    /// sequence of single upserts would leave behind (the first of the highest version). Ordered by id, so that
    /// concurrent batches touch rows in the same order.
    /// </summary>
    /// <exception cref="ArgumentException">A summary is null or cannot be stored.</exception>
    public static IReadOnlyList<CaseSummary> PrepareBatch(IReadOnlyList<CaseSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var kept = new Dictionary<Guid, CaseSummary>(summaries.Count);
        for (var i = 0; i < summaries.Count; i++)
        {
            var summary = summaries[i] ?? throw new ArgumentException($"Summary {i} of the batch is null.", nameof(summaries));
            Check(summary, nameof(summaries));
            if (!kept.TryGetValue(summary.Id, out var held) || held.Version < summary.Version)
            {
                kept[summary.Id] = summary;
            }
        }

        return [.. kept.Values.OrderBy(s => s.Id).Select(Normalise)];
    }

    /// <summary>Every bureau with a part in the case: the lead bureau first, then each assignment's bureau, without repeats.</summary>
    public static string[] Bureaus(CaseSummary summary) =>
        [.. new[] { summary.LeadBureau }.Concat(summary.Assignments.Select(a => a.BureauId)).Distinct(StringComparer.Ordinal)];

    /// <summary>The case folding of text search (see the remarks of this class).</summary>
    public static string Fold(string text) => text.ToLowerInvariant();

    /// <summary>An instant as the read model keeps it: UTC, whole microseconds (earlier ticks dropped).</summary>
    public static DateTimeOffset Normalise(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }

    /// <summary>Checks a query and brings it into the form both read models evaluate.</summary>
    /// <exception cref="ArgumentException">The limit is outside 1..<see cref="CaseQuery.MaxLimit"/>, the cursor is malformed, or a text criterion contains a NUL character.</exception>
    public static CaseFilter Prepare(CaseQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > CaseQuery.MaxLimit)
        {
            throw new ArgumentOutOfRangeException(
                nameof(query), query.Limit, $"CaseQuery.Limit must be between 1 and {CaseQuery.MaxLimit}; it is {query.Limit}.");
        }

        string? Criterion(string? value, string name) =>
            value is not null && value.Contains('\0', StringComparison.Ordinal)
                ? throw new ArgumentException($"CaseQuery.{name} contains a NUL character.", nameof(query))
                : value;

        var text = Criterion(query.Text, nameof(CaseQuery.Text));
        return new CaseFilter(
            query.Statuses is { Count: > 0 } statuses ? [.. statuses.Distinct().Select(s => s.ToString())] : null,
            Criterion(query.Bureau, nameof(CaseQuery.Bureau)),
            Criterion(query.GridCode, nameof(CaseQuery.GridCode)),
            Criterion(query.StreetCode, nameof(CaseQuery.StreetCode)),
            Criterion(query.CategoryCode, nameof(CaseQuery.CategoryCode)),
            query.Hot,
            query.Overdue,
            query.FiledFrom is { } from ? Normalise(from) : null,
            query.FiledTo is { } to ? Normalise(to) : null,
            string.IsNullOrEmpty(text) ? null : Fold(text),
            query.Limit,
            query.After is null ? null : CaseCursor.Decode(query.After, nameof(query)),
            Criterion(query.OpenFor, nameof(CaseQuery.OpenFor)),
            query.ExtensionPending,
            query.ResolvedFrom is { } resolvedFrom ? Normalise(resolvedFrom) : null,
            query.CategoryCodes is { Count: > 0 } codes ? [.. codes.Distinct().Select(c => Criterion(c, nameof(CaseQuery.CategoryCodes))!)] : null,
            query.UpdatedFrom is { } updatedFrom ? Normalise(updatedFrom) : null,
            query.UpdatedTo is { } updatedTo ? Normalise(updatedTo) : null);
    }

    private static CaseSummary Normalise(CaseSummary summary) => summary with
    {
        Assignments =
        [
            .. summary.Assignments.Select(a => a with
            {
                ClaimedAt = Normalise(a.ClaimedAt),
                ClaimDue = Normalise(a.ClaimDue),
                DoneAt = Normalise(a.DoneAt),
                FirstClaimedAt = Normalise(a.FirstClaimedAt),
            }),
        ],
        FiledAt = Normalise(summary.FiledAt),
        ResolveDue = Normalise(summary.ResolveDue),
        ResolvedAt = Normalise(summary.ResolvedAt),
        ClosedAt = Normalise(summary.ClosedAt),
        UpdatedAt = Normalise(summary.UpdatedAt),
        ResolveWarningAt = Normalise(summary.ResolveWarningAt),
    };

    private static DateTimeOffset? Normalise(DateTimeOffset? instant) => instant is { } value ? Normalise(value) : null;

    private static void Check(CaseSummary summary, string parameterName)
    {
        ArgumentException Invalid(string problem) =>
            new($"The summary of case {summary.Id} cannot be stored: {problem}.", parameterName);

        void Text(string? value, string name, bool optional = false)
        {
            if (value is null ? !optional : value.Contains('\0', StringComparison.Ordinal))
            {
                throw Invalid(value is null ? $"{name} is null" : $"{name} contains a NUL character");
            }
        }

        Text(summary.Number, nameof(CaseSummary.Number));
        Text(summary.CategoryCode, nameof(CaseSummary.CategoryCode));
        Text(summary.LeadBureau, nameof(CaseSummary.LeadBureau));
        Text(summary.GridCode, nameof(CaseSummary.GridCode));
        Text(summary.CommunityCode, nameof(CaseSummary.CommunityCode));
        Text(summary.StreetCode, nameof(CaseSummary.StreetCode));
        Text(summary.Channel, nameof(CaseSummary.Channel));
        Text(summary.Description, nameof(CaseSummary.Description));
        if (!Enum.IsDefined(summary.Status))
        {
            throw Invalid($"status {summary.Status} is not a {nameof(CaseStatus)}");
        }

        // The range of geography(Point, 4326).
        if (!double.IsFinite(summary.Latitude) || Math.Abs(summary.Latitude) > 90)
        {
            throw Invalid($"latitude {summary.Latitude} is outside -90..90");
        }

        if (!double.IsFinite(summary.Longitude) || Math.Abs(summary.Longitude) > 180)
        {
            throw Invalid($"longitude {summary.Longitude} is outside -180..180");
        }

        foreach (var assignment in summary.Assignments ?? throw Invalid("Assignments is null"))
        {
            if (assignment is null)
            {
                throw Invalid("an assignment is null");
            }

            Text(assignment.BureauId, "an assignment's BureauId");
            Text(assignment.ClaimedBy, "an assignment's ClaimedBy", optional: true);
            if (!Enum.IsDefined(assignment.Role) || !Enum.IsDefined(assignment.Status))
            {
                throw Invalid(
                    $"an assignment has role {assignment.Role} and status {assignment.Status}, not members of {nameof(AssignmentRole)} and {nameof(AssignmentStatus)}");
            }
        }
    }
}

/// <summary>A checked <see cref="CaseQuery"/>: statuses as stored names, instants normalised, text folded, cursor decoded.</summary>
internal sealed record CaseFilter(
    IReadOnlyList<string>? Statuses,
    string? Bureau,
    string? GridCode,
    string? StreetCode,
    string? CategoryCode,
    bool? Hot,
    bool? Overdue,
    DateTimeOffset? FiledFrom,
    DateTimeOffset? FiledTo,
    string? FoldedText,
    int Limit,
    CaseCursor? After,
    string? OpenFor,
    bool? ExtensionPending,
    DateTimeOffset? ResolvedFrom,
    IReadOnlyList<string>? CategoryCodes,
    DateTimeOffset? UpdatedFrom,
    DateTimeOffset? UpdatedTo);
