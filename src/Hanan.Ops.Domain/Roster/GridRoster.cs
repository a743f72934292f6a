namespace Hanan.Ops.Domain.Roster;

/// <summary>One grid worker (网格员) on the roster as the rules see them: the id they sign in with, their grids, whether active.</summary>
public sealed record RosterEntry(string WorkerId, IReadOnlyList<string> Grids, bool Active);

/// <summary>The rules of the grid-worker roster (网格员花名册).</summary>
public static class GridRosterRules
{
    /// <summary>The most grids one worker serves (a few small rural grids at most in practice).</summary>
    public const int MaxGridsPerWorker = 8;

    public const int MaxIdLength = 64;

    public const int MaxNameLength = 40;

    /// <summary>An id a worker signs in with: 1 to 64 ASCII letters, digits or <c>- _ .</c>.</summary>
    public static bool IsWorkerId(string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Why a name is not acceptable, or null.</summary>
    public static string? CheckName(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength || name.Any(char.IsControl)
            ? $"The name is required: 1 to {MaxNameLength} characters, no control characters."
            : null;

    /// <summary>
    /// Why a worker's grids are not acceptable, or null: an active worker serves 1 to <see cref="MaxGridsPerWorker"/>
    /// distinct grids of the district; an inactive one may keep up to as many (they cover nothing while inactive).
    /// </summary>
    public static string? CheckGrids(IReadOnlyList<string?>? grids, bool active, Func<string, bool> isGridOfDistrict)
    {
        ArgumentNullException.ThrowIfNull(isGridOfDistrict);
        var count = grids?.Count ?? 0;
        if (active && count == 0)
        {
            return $"An active grid worker serves 1 to {MaxGridsPerWorker} grids.";
        }

        if (count > MaxGridsPerWorker)
        {
            return $"A grid worker serves at most {MaxGridsPerWorker} grids.";
        }

        if (grids is null)
        {
            return null;
        }

        if (grids.Any(g => g is null || !isGridOfDistrict(g)))
        {
            return $"Not grids of the district: {string.Join(", ", grids.Where(g => g is null || !isGridOfDistrict(g)).Select(g => g ?? "null"))}.";
        }

        return grids.Distinct(StringComparer.Ordinal).Count() != grids.Count ? "A grid is named twice." : null;
    }
}

/// <summary>The outcome of a change to the roster: the roster afterwards, or why not.</summary>
public sealed record RosterChange(GridRoster? Roster, string? Refusal, IReadOnlyList<string> WouldUncover)
{
    public bool Accepted => Roster is not null;
}

/// <summary>
/// The grid-worker roster: who serves which grids. Every grid of the district must have at least one active worker;
/// <see cref="Uncovered"/> reports the grids that have none, and <see cref="Assign"/> refuses a change that would
/// leave a grid that is covered now without an active worker (a reassignment names the successor first).
/// </summary>
public sealed class GridRoster
{
    private readonly Dictionary<string, RosterEntry> _workers;

    public GridRoster(IEnumerable<RosterEntry> workers)
    {
        ArgumentNullException.ThrowIfNull(workers);
        _workers = new Dictionary<string, RosterEntry>(StringComparer.Ordinal);
        foreach (var w in workers)
        {
            if (!_workers.TryAdd(w.WorkerId, w))
            {
                throw new ArgumentException($"Worker {w.WorkerId} is on the roster twice.", nameof(workers));
            }
        }
    }

    public IReadOnlyCollection<RosterEntry> Workers => _workers.Values;

    public RosterEntry? Find(string workerId) => _workers.GetValueOrDefault(workerId);

    /// <summary>The active workers of a grid, by id.</summary>
    public IReadOnlyList<string> ActiveWorkersOf(string gridCode) =>
        [.. _workers.Values.Where(w => w.Active && w.Grids.Contains(gridCode, StringComparer.Ordinal)).Select(w => w.WorkerId).Order(StringComparer.Ordinal)];

    /// <summary>Grid code → its active workers, for <c>GridValidator</c>'s "grids without a worker".</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Assignment() =>
        _workers.Values.Where(w => w.Active)
            .SelectMany(w => w.Grids.Select(g => (Grid: g, w.WorkerId)))
            .GroupBy(x => x.Grid, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(x => x.WorkerId).Order(StringComparer.Ordinal)], StringComparer.Ordinal);

    /// <summary>The grids among <paramref name="gridCodes"/> with no active worker, in code order.</summary>
    public IReadOnlyList<string> Uncovered(IEnumerable<string> gridCodes)
    {
        var covered = Assignment();
        return [.. gridCodes.Where(g => !covered.ContainsKey(g)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Puts a worker on the roster or changes their grids or activity. Refused when the grids break
    /// <see cref="GridRosterRules.CheckGrids"/>, or when a grid covered now would be left with no active worker.
    /// </summary>
    public RosterChange Assign(RosterEntry worker, Func<string, bool> isGridOfDistrict)
    {
        ArgumentNullException.ThrowIfNull(worker);
        if (!GridRosterRules.IsWorkerId(worker.WorkerId))
        {
            return new RosterChange(null, "The worker id is 1 to 64 letters, digits or - _ .", []);
        }

        if (GridRosterRules.CheckGrids(worker.Grids, worker.Active, isGridOfDistrict) is { } error)
        {
            return new RosterChange(null, error, []);
        }

        var before = Assignment();
        var after = new GridRoster(_workers.Values.Where(w => w.WorkerId != worker.WorkerId).Append(worker with { Grids = [.. worker.Grids] }));
        var now = after.Assignment();
        var lost = before.Keys.Where(g => !now.ContainsKey(g)).Order(StringComparer.Ordinal).ToList();
        return lost.Count > 0
            ? new RosterChange(null, $"These grids would have no active worker: {string.Join(", ", lost)}. Assign another worker to them first.", lost)
            : new RosterChange(after, null, []);
    }
}
