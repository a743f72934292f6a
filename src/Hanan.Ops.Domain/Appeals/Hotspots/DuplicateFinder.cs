namespace Hanan.Ops.Domain.Appeals;

/// <summary>An open case where the duplicate finder can see it.</summary>
public readonly record struct OpenCaseLocation(Guid CaseId, string CategoryCode, double Latitude, double Longitude, DateTimeOffset FiledAt);

/// <summary>An open case that a new appeal may duplicate, and how far from it it is.</summary>
public readonly record struct DuplicateCandidate(Guid CaseId, double DistanceMeters, DateTimeOffset FiledAt)
{
    /// <summary>
    /// Whether this open case, already known to the finder, is an original that the case (<paramref name="caseId"/>,
    /// <paramref name="filedAt"/>) may duplicate: it was filed before it, or at the same instant (then the one heard of
    /// first is the original). A case filed later is the possible duplicate instead, whatever order the finder heard
    /// of the two in.
    /// </summary>
    public bool IsOriginalFor(Guid caseId, DateTimeOffset filedAt) => CaseId != caseId && FiledAt <= filedAt;
}

/// <summary>
/// Offers the dispatcher a merge (合并): the open cases of a new appeal's category within a radius of it, nearest first.
/// </summary>
/// <remarks>
/// Distances are on the sphere (see <see cref="GreatCircle"/>), inclusive of the radius. Cases are kept in a grid of
/// cells one radius wide per category, so a search looks at 3 × 3 cells. The owner adds a case when it opens and
/// removes it when it resolves, closes or is merged; memory follows the number of open cases. Not thread-safe.
/// </remarks>
public sealed class DuplicateFinder
{
    private readonly Dictionary<string, SpatialBuckets> _categories = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, string> _categoryOf = [];
    private readonly List<Neighbour> _found = [];

    /// <exception cref="ArgumentOutOfRangeException">The radius is not a finite number of metres ≥ 1.</exception>
    public DuplicateFinder(double radiusMeters)
    {
        GreatCircle.CheckRadius(radiusMeters, nameof(radiusMeters));
        RadiusMeters = radiusMeters;
    }

    public double RadiusMeters { get; }

    /// <summary>Open cases kept.</summary>
    public int Count => _categoryOf.Count;

    public bool Contains(Guid caseId) => _categoryOf.ContainsKey(caseId);

    /// <summary>Adds an open case, or replaces the one with the same id (its category or place changed).</summary>
    /// <returns>True when the case was not there before.</returns>
    /// <exception cref="ArgumentException">No category code, or a coordinate outside WGS84 ranges.</exception>
    public bool Add(OpenCaseLocation openCase)
    {
        ArgumentException.ThrowIfNullOrEmpty(openCase.CategoryCode, nameof(openCase));
        GreatCircle.CheckCoordinate(openCase.Latitude, openCase.Longitude);

        var replaced = Remove(openCase.CaseId);
        if (!_categories.TryGetValue(openCase.CategoryCode, out var index))
        {
            index = new SpatialBuckets(RadiusMeters);
            _categories.Add(openCase.CategoryCode, index);
        }

        index.Add(openCase.CaseId, openCase.Latitude, openCase.Longitude, openCase.FiledAt);
        _categoryOf.Add(openCase.CaseId, openCase.CategoryCode);
        return !replaced;
    }

    /// <summary>Forgets a case (resolved, closed, merged).</summary>
    /// <returns>False when the case was not there.</returns>
    public bool Remove(Guid caseId)
    {
        if (!_categoryOf.Remove(caseId, out var code))
        {
            return false;
        }

        var index = _categories[code];
        index.TryFind(caseId, out var slot);
        index.Remove(slot);
        if (index.Count == 0)
        {
            _categories.Remove(code);
        }

        return true;
    }

    /// <summary>
    /// The open cases of <paramref name="categoryCode"/> within the radius of a point, nearest first; equally near ones
    /// oldest first, then by id.
    /// </summary>
    /// <param name="except">A case to leave out, e.g. the appeal's own case when it is already open.</param>
    /// <exception cref="ArgumentException">No category code, or a coordinate outside WGS84 ranges.</exception>
    public IReadOnlyList<DuplicateCandidate> Find(string categoryCode, double latitude, double longitude, Guid? except = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(categoryCode);
        GreatCircle.CheckCoordinate(latitude, longitude);
        if (!_categories.TryGetValue(categoryCode, out var index))
        {
            return [];
        }

        _found.Clear();
        index.Near(latitude, longitude, RadiusMeters, _found);
        var count = 0;
        foreach (var n in _found)
        {
            if (index[n.Slot].Id != except)
            {
                count++;
            }
        }

        if (count == 0)
        {
            return [];
        }

        var candidates = new DuplicateCandidate[count];
        var i = 0;
        foreach (var n in _found)
        {
            ref readonly var e = ref index[n.Slot];
            if (e.Id != except)
            {
                candidates[i++] = new DuplicateCandidate(e.Id, n.DistanceMeters, e.At);
            }
        }

        Array.Sort(candidates, static (x, y) =>
            x.DistanceMeters != y.DistanceMeters ? x.DistanceMeters.CompareTo(y.DistanceMeters)
            : x.FiledAt != y.FiledAt ? x.FiledAt.CompareTo(y.FiledAt)
            : x.CaseId.CompareTo(y.CaseId));
        return candidates;
    }
}
