using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;

namespace Hanan.Ops.Storage.ReadModels;

/// <summary>
/// The case read model of the embedded mode: every summary in memory, lost on restart. Thread-safe; behaves like
/// <see cref="PostgresCaseReadModel"/> (instants in UTC to the microsecond, the same filters, order, cursors and text
/// matching; see <see cref="CaseReadModelRules"/>).
/// </summary>
public sealed class InMemoryCaseReadModel : ICaseReadModel
{
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, Entry> byId = [];

    // Every case's position in list order, newest first.
    private readonly SortedSet<CaseCursor> order = new(NewestFirst.Instance);

    public Task UpsertAsync(IReadOnlyList<CaseSummary> summaries, CancellationToken cancellationToken = default)
    {
        var batch = CaseReadModelRules.PrepareBatch(summaries);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            foreach (var summary in batch)
            {
                if (byId.TryGetValue(summary.Id, out var held))
                {
                    if (held.Summary.Version >= summary.Version)
                    {
                        continue;
                    }

                    order.Remove(CaseCursor.Of(held.Summary));
                }

                byId[summary.Id] = new Entry(summary);
                order.Add(CaseCursor.Of(summary));
            }
        }

        return Task.CompletedTask;
    }

    public Task<CaseSummary?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(byId.TryGetValue(id, out var entry) ? entry.Summary : null);
        }
    }

    public Task<CasePage> QueryAsync(CaseQuery query, CancellationToken cancellationToken = default)
    {
        var filter = CaseReadModelRules.Prepare(query);
        var items = new List<CaseSummary>(filter.Limit);
        var more = false;
        lock (gate)
        {
            foreach (var position in After(Later(filter.After, filter.FiledTo)))
            {
                if (position.FiledAt < filter.FiledFrom)
                {
                    break;
                }

                var entry = byId[position.Id];
                if (!entry.Matches(filter))
                {
                    continue;
                }

                if (items.Count == filter.Limit)
                {
                    more = true;
                    break;
                }

                items.Add(entry.Summary);
            }
        }

        return Task.FromResult(new CasePage(items, more ? CaseCursor.Of(items[^1]).Encode() : null));
    }

    public Task<IReadOnlyList<CaseSummary>> FiledBetweenAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var start = CaseReadModelRules.Normalise(from);
        var items = new List<CaseSummary>();
        lock (gate)
        {
            foreach (var position in After(Later(null, CaseReadModelRules.Normalise(to))))
            {
                if (position.FiledAt < start)
                {
                    break;
                }

                items.Add(byId[position.Id].Summary);
            }
        }

        return Task.FromResult<IReadOnlyList<CaseSummary>>(items);
    }

    // Where a scan starts: after the cursor, and after every case filed at or after the end of the filed range.
    // A case filed before `filedTo` comes after (filedTo, the lowest id) in list order.
    private static CaseCursor? Later(CaseCursor? cursor, DateTimeOffset? filedTo)
    {
        if (filedTo is not { } end)
        {
            return cursor;
        }

        var rangeStart = new CaseCursor(end, Guid.Empty);
        return cursor is { } after && NewestFirst.Instance.Compare(after, rangeStart) > 0 ? after : rangeStart;
    }

    // The positions strictly after the cursor in list order (all of them without one). Call under the lock.
    private IEnumerable<CaseCursor> After(CaseCursor? cursor)
    {
        if (cursor is not { } after)
        {
            return order;
        }

        if (order.Count == 0 || NewestFirst.Instance.Compare(after, order.Max) >= 0)
        {
            return [];
        }

        return order.GetViewBetween(after, order.Max).Where(p => p != after);
    }

    private sealed class Entry(CaseSummary summary)
    {
        private readonly string status = summary.Status.ToString();
        private readonly string[] bureaus = CaseReadModelRules.Bureaus(summary);
        private readonly string searchNumber = CaseReadModelRules.Fold(summary.Number);
        private readonly string searchDescription = CaseReadModelRules.Fold(summary.Description);

        public CaseSummary Summary { get; } = summary;

        public bool Matches(CaseFilter filter) =>
            (filter.Statuses is null || filter.Statuses.Contains(status, StringComparer.Ordinal))
            && (filter.Bureau is null || bureaus.Contains(filter.Bureau, StringComparer.Ordinal))
            && (filter.OpenFor is null || Summary.Assignments.Any(a => a.Status == AssignmentStatus.Open && string.Equals(a.BureauId, filter.OpenFor, StringComparison.Ordinal)))
            && (filter.GridCode is null || string.Equals(Summary.GridCode, filter.GridCode, StringComparison.Ordinal))
            && (filter.StreetCode is null || string.Equals(Summary.StreetCode, filter.StreetCode, StringComparison.Ordinal))
            && (filter.CategoryCode is null || string.Equals(Summary.CategoryCode, filter.CategoryCode, StringComparison.Ordinal))
            && (filter.CategoryCodes is null || filter.CategoryCodes.Contains(Summary.CategoryCode, StringComparer.Ordinal))
            && (filter.UpdatedFrom is null || Summary.UpdatedAt >= filter.UpdatedFrom)
            && (filter.UpdatedTo is null || Summary.UpdatedAt < filter.UpdatedTo)
            && (filter.Hot is null || Summary.Hot == filter.Hot)
            && (filter.Overdue is null || Summary.Overdue == filter.Overdue)
            && (filter.ExtensionPending is null || Summary.ExtensionPending == filter.ExtensionPending)
            && (filter.ResolvedFrom is null || Summary.ResolvedAt >= filter.ResolvedFrom)
            && (filter.FiledFrom is null || Summary.FiledAt >= filter.FiledFrom)
            && (filter.FiledTo is null || Summary.FiledAt < filter.FiledTo)
            && (filter.FoldedText is null
                || searchNumber.Contains(filter.FoldedText, StringComparison.Ordinal)
                || searchDescription.Contains(filter.FoldedText, StringComparison.Ordinal));
    }

    // List order: FiledAt descending, then Id descending. Guid.CompareTo orders like PostgreSQL's uuid (by the
    // canonical text form), so ties break the same way in both read models.
    private sealed class NewestFirst : IComparer<CaseCursor>
    {
        public static readonly NewestFirst Instance = new();

        public int Compare(CaseCursor x, CaseCursor y)
        {
            var byFiled = y.FiledAt.CompareTo(x.FiledAt);
            return byFiled != 0 ? byFiled : y.Id.CompareTo(x.Id);
        }
    }
}
