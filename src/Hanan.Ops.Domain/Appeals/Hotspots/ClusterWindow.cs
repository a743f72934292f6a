namespace Hanan.Ops.Domain.Appeals;

/// <summary>An appeal as the hot-cluster window sees it: where and when, and of which category.</summary>
public readonly record struct ClusterAppeal(Guid Id, string CategoryCode, double Latitude, double Longitude, DateTimeOffset At);

/// <summary>What adding an appeal to a <see cref="ClusterWindow"/> found.</summary>
public readonly struct ClusterOutcome
{
    private readonly ClusterAppeal[]? _members;

    internal ClusterOutcome(ClusterAppeal[] members) => _members = members;

    /// <summary>True when the appeal has at least the rule's count of appeals (itself included) around it: it is hot.</summary>
    public bool CompletesCluster => _members is not null;

    /// <summary>The appeals of the cluster, itself included, oldest first (then by id); empty when there is none.</summary>
    public IReadOnlyList<ClusterAppeal> Members => _members ?? [];
}

/// <summary>
/// Finds hot clusters (热点) as appeals arrive: "at least <see cref="HotClusterRule.Count"/> appeals of one category
/// within <see cref="HotClusterRule.RadiusMeters"/> and <see cref="HotClusterRule.WindowHours"/>".
/// </summary>
/// <remarks>
/// <para>The window keeps, per category, the appeals of the last <c>WindowHours</c> before the newest time it has seen
/// (an appeal exactly <c>WindowHours</c> old is still in). <see cref="Add"/> stores the appeal and looks at the
/// appeals of its category within <c>RadiusMeters</c> of it (distance ≤ radius, on the sphere, see
/// <see cref="GreatCircle"/>), through a grid of cells one radius wide, so around the district it looks at 3 × 3
/// cells whatever the window holds. Every member of a cluster is thus within the radius of the appeal that completes it, and all of them
/// within one window length of each other.</para>
/// <para>Time: the window's clock is the newest <see cref="ClusterAppeal.At"/> seen, in any category. An appeal that
/// arrives late but is still within the window is stored and checked like any other; one older than the window is
/// neither stored nor checked (it could only cluster with appeals already evicted). Each time the clock moves on,
/// expired appeals of every category are dropped.</para>
/// <para>Memory: at most <see cref="MaxEntriesPerCategory"/> appeals per category (default
/// <see cref="DefaultMaxEntriesPerCategory"/>). When a category is full its oldest appeal is dropped before its time;
/// that can only hide a cluster when thousands of appeals of one category arrive within one window, an outbreak far
/// past any cluster threshold. A full category costs about half a megabyte (some 130 bytes an appeal). Categories
/// with nothing left in the window are forgotten.</para>
/// <para>Adding an appeal allocates nothing unless it completes a cluster (then the member list), a new category
/// appears, or the arrays grow. Not thread-safe: one window per owner (e.g. one grain).</para>
/// </remarks>
public sealed class ClusterWindow
{
    /// <summary>The default cap on appeals kept per category.</summary>
    public const int DefaultMaxEntriesPerCategory = 4096;

    private readonly Dictionary<string, CategoryWindow> _categories = new(StringComparer.Ordinal);
    private readonly List<Neighbour> _found = [];
    private readonly TimeSpan _window;
    private DateTimeOffset? _newest;

    /// <exception cref="ArgumentOutOfRangeException">The rule has a count below 1, a radius below 1 m, a window that is
    /// not positive, or the cap is below the rule's count.</exception>
    public ClusterWindow(HotClusterRule rule, int maxEntriesPerCategory = DefaultMaxEntriesPerCategory)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentOutOfRangeException.ThrowIfLessThan(rule.Count, 1, nameof(rule));
        GreatCircle.CheckRadius(rule.RadiusMeters, nameof(rule));
        if (!double.IsFinite(rule.WindowHours) || rule.WindowHours <= 0 || rule.WindowHours > 24 * 366)
        {
            throw new ArgumentOutOfRangeException(nameof(rule), rule.WindowHours, "The window must be a positive number of hours, at most a year.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntriesPerCategory, rule.Count);
        Rule = rule;
        MaxEntriesPerCategory = maxEntriesPerCategory;
        _window = TimeSpan.FromHours(rule.WindowHours);
    }

    public HotClusterRule Rule { get; }

    public int MaxEntriesPerCategory { get; }

    /// <summary>The newest appeal time seen: the window's clock. Null before the first appeal.</summary>
    public DateTimeOffset? Newest => _newest;

    /// <summary>Appeals kept, in all categories.</summary>
    public int Count { get; private set; }

    /// <summary>Appeals of one category kept.</summary>
    public int CountOf(string categoryCode) =>
        _categories.TryGetValue(categoryCode, out var category) ? category.Index.Count : 0;

    /// <summary>
    /// Adds an appeal and tells whether it completes a cluster. Adding an appeal whose id is already in the window
    /// stores nothing new and checks it again.
    /// </summary>
    /// <exception cref="ArgumentException">No category code, or a coordinate outside WGS84 ranges.</exception>
    public ClusterOutcome Add(ClusterAppeal appeal)
    {
        ArgumentException.ThrowIfNullOrEmpty(appeal.CategoryCode, nameof(appeal));
        GreatCircle.CheckCoordinate(appeal.Latitude, appeal.Longitude);

        if (_newest is null || appeal.At > _newest)
        {
            _newest = appeal.At;
            EvictExpired(appeal.At - _window);
        }

        if (appeal.At < _newest.Value - _window)
        {
            return default;
        }

        if (!_categories.TryGetValue(appeal.CategoryCode, out var category))
        {
            category = new CategoryWindow(Rule.RadiusMeters);
            _categories.Add(appeal.CategoryCode, category);
        }

        if (!category.Index.TryFind(appeal.Id, out _))
        {
            if (category.Index.Count == MaxEntriesPerCategory)
            {
                category.RemoveOldest();
                Count--;
            }

            category.Add(appeal);
            Count++;
        }

        _found.Clear();
        category.Index.Near(appeal.Latitude, appeal.Longitude, Rule.RadiusMeters, _found);
        if (_found.Count < Rule.Count)
        {
            return default;
        }

        var members = new ClusterAppeal[_found.Count];
        for (var i = 0; i < members.Length; i++)
        {
            ref readonly var e = ref category.Index[_found[i].Slot];
            members[i] = new ClusterAppeal(e.Id, appeal.CategoryCode, e.Latitude, e.Longitude, e.At);
        }

        Array.Sort(members, static (x, y) => x.At != y.At ? x.At.CompareTo(y.At) : x.Id.CompareTo(y.Id));
        return new ClusterOutcome(members);
    }

    private void EvictExpired(DateTimeOffset cutoff)
    {
        foreach (var (code, category) in _categories)
        {
            Count -= category.RemoveBefore(cutoff);
            if (category.Index.Count == 0)
            {
                _categories.Remove(code);
            }
        }
    }

    /// <summary>One category: the spatial index, and its slots in time order for eviction.</summary>
    private sealed class CategoryWindow(double radiusMeters)
    {
        // A deque in an array: _order[_start .. _start + _length) holds slots sorted by time, oldest first.
        private int[] _order = new int[8];
        private int _start;
        private int _length;

        public SpatialBuckets Index { get; } = new(radiusMeters);

        public void Add(ClusterAppeal appeal)
        {
            var slot = Index.Add(appeal.Id, appeal.Latitude, appeal.Longitude, appeal.At);
            if (_start + _length == _order.Length)
            {
                if (_start > 0)
                {
                    Array.Copy(_order, _start, _order, 0, _length);
                    _start = 0;
                }
                else
                {
                    Array.Resize(ref _order, _order.Length * 2);
                }
            }

            // Appeals nearly always arrive in time order; a late one is moved back past the newer ones.
            var position = _start + _length;
            while (position > _start && Index[_order[position - 1]].At > appeal.At)
            {
                position--;
            }

            Array.Copy(_order, position, _order, position + 1, _start + _length - position);
            _order[position] = slot;
            _length++;
        }

        public void RemoveOldest()
        {
            Index.Remove(_order[_start]);
            _start++;
            _length--;
            if (_length == 0)
            {
                _start = 0;
            }
        }

        /// <summary>Removes the appeals older than the cutoff; returns how many.</summary>
        public int RemoveBefore(DateTimeOffset cutoff)
        {
            var removed = 0;
            while (_length > 0 && Index[_order[_start]].At < cutoff)
            {
                RemoveOldest();
                removed++;
            }

            return removed;
        }
    }
}
