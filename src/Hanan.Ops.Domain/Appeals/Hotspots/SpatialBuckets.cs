namespace Hanan.Ops.Domain.Appeals;

/// <summary>A point kept in <see cref="SpatialBuckets"/>, with its links.</summary>
internal struct BucketEntry
{
    public Guid Id;
    public double Latitude;
    public double Longitude;
    public DateTimeOffset At;
    public long Cell;

    // Neighbours in the cell's list; Next also links free slots.
    public int Next;
    public int Previous;
}

/// <summary>An entry found within the radius of a query, and how far it is.</summary>
internal readonly record struct Neighbour(int Slot, double DistanceMeters);

/// <summary>
/// Points in a uniform grid of cells about <c>cellMeters</c> wide, for finding the points within that distance of a
/// point by looking at 3 × 3 cells.
/// </summary>
/// <remarks>
/// <para>Rows are latitude bands of cellMeters (an exact arc on the sphere). Columns are longitude bands as wide as the
/// east–west reach of cellMeters at <see cref="ReferenceLatitude"/>, so around the district a cell is cellMeters
/// square. A query works out which rows and columns its circle can reach at the query's own latitude (the exact
/// spherical reach), so it stays correct anywhere; away from the reference latitude it may look at more columns. When
/// that would be more cells than are occupied, it looks at the occupied ones instead (near a pole, or for a
/// radius much larger than the cells). Longitudes do not wrap at ±180°: Pingfang is at 126.6°E.</para>
/// <para>Storage is one array of entries with a free list; each cell is a doubly linked list through the entries,
/// its head in a dictionary. Adding and removing allocate nothing once the arrays have grown.</para>
/// <para>Not thread-safe.</para>
/// </remarks>
internal sealed class SpatialBuckets
{
    /// <summary>Latitude at which the cells are square: Pingfang District, about 45.6°N.</summary>
    public const double ReferenceLatitude = 45.6;

    private const int None = -1;

    private readonly double _rowDegrees;
    private readonly double _columnDegrees;
    private readonly Dictionary<long, int> _cellHeads = [];
    private readonly Dictionary<Guid, int> _slots = [];
    private BucketEntry[] _entries = new BucketEntry[8];
    private int _used;
    private int _free = None;

    public SpatialBuckets(double cellMeters)
    {
        GreatCircle.CheckRadius(cellMeters, nameof(cellMeters));
        _rowDegrees = GreatCircle.LatitudeReachDegrees(cellMeters);
        _columnDegrees = GreatCircle.LongitudeReachDegrees(ReferenceLatitude, cellMeters);
    }

    public int Count => _slots.Count;

    public ref readonly BucketEntry this[int slot] => ref _entries[slot];

    public bool TryFind(Guid id, out int slot) => _slots.TryGetValue(id, out slot);

    /// <summary>Stores a point; the id must not be stored already.</summary>
    public int Add(Guid id, double latitude, double longitude, DateTimeOffset at)
    {
        int slot;
        if (_free != None)
        {
            slot = _free;
            _free = _entries[slot].Next;
        }
        else
        {
            if (_used == _entries.Length)
            {
                Array.Resize(ref _entries, _entries.Length * 2);
            }

            slot = _used++;
        }

        _slots.Add(id, slot);
        var cell = CellOf(latitude, longitude);
        var head = _cellHeads.TryGetValue(cell, out var h) ? h : None;
        _entries[slot] = new BucketEntry
        {
            Id = id,
            Latitude = latitude,
            Longitude = longitude,
            At = at,
            Cell = cell,
            Next = head,
            Previous = None,
        };
        if (head != None)
        {
            _entries[head].Previous = slot;
        }

        _cellHeads[cell] = slot;
        return slot;
    }

    public void Remove(int slot)
    {
        ref var e = ref _entries[slot];
        _slots.Remove(e.Id);
        if (e.Previous != None)
        {
            _entries[e.Previous].Next = e.Next;
        }
        else if (e.Next != None)
        {
            _cellHeads[e.Cell] = e.Next;
        }
        else
        {
            _cellHeads.Remove(e.Cell);
        }

        if (e.Next != None)
        {
            _entries[e.Next].Previous = e.Previous;
        }

        e = new BucketEntry { Next = _free, Previous = None };
        _free = slot;
    }

    /// <summary>Appends to <paramref name="found"/> every entry at most <paramref name="radiusMeters"/> from the point.</summary>
    public void Near(double latitude, double longitude, double radiusMeters, List<Neighbour> found)
    {
        // The exact reach, widened by a hair so that rounding never drops a point at exactly the radius.
        const double Margin = 1 + 1e-9;
        var latReach = GreatCircle.LatitudeReachDegrees(radiusMeters) * Margin;
        var lonReach = GreatCircle.LongitudeReachDegrees(latitude, radiusMeters) * Margin;
        var firstRow = Row(latitude - latReach);
        var lastRow = Row(latitude + latReach);
        var firstColumn = Column(longitude - lonReach);
        var lastColumn = Column(longitude + lonReach);

        if ((double)(lastRow - firstRow + 1) * (lastColumn - firstColumn + 1) > _cellHeads.Count)
        {
            foreach (var head in _cellHeads.Values)
            {
                Scan(head, latitude, longitude, radiusMeters, found);
            }

            return;
        }

        for (var row = firstRow; row <= lastRow; row++)
        {
            for (var column = firstColumn; column <= lastColumn; column++)
            {
                if (_cellHeads.TryGetValue(Key(row, column), out var head))
                {
                    Scan(head, latitude, longitude, radiusMeters, found);
                }
            }
        }
    }

    /// <summary>The cell of a point (exposed for tests that need points in different cells).</summary>
    internal long CellOf(double latitude, double longitude) => Key(Row(latitude), Column(longitude));

    private void Scan(int slot, double latitude, double longitude, double radiusMeters, List<Neighbour> found)
    {
        for (; slot != None; slot = _entries[slot].Next)
        {
            ref readonly var e = ref _entries[slot];
            var d = GreatCircle.DistanceMeters(latitude, longitude, e.Latitude, e.Longitude);
            if (d <= radiusMeters)
            {
                found.Add(new Neighbour(slot, d));
            }
        }
    }

    private long Row(double latitude) => (long)Math.Floor(latitude / _rowDegrees);

    private long Column(double longitude) => (long)Math.Floor(longitude / _columnDegrees);

    // Rows and columns fit in 32 bits for any cell of 1 m or more; packing them cannot collide.
    private static long Key(long row, long column) => (row << 32) | (uint)column;
}
