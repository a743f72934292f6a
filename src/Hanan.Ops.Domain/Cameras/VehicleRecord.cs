namespace Hanan.Ops.Domain.Cameras;

/// <summary>What a vehicle's rules need besides its own reads: clone limits, distances, fences and the watchlist.</summary>
public sealed record VehicleRules(CloneRules Cloning, CameraDistance Distance, IReadOnlyList<Fence> Fences, Watchlist Watchlist)
{
    /// <summary>Night (夜间活动): 22:00 to 05:00 Beijing time.</summary>
    public static readonly TimeWindow Night = new(new TimeOnly(22, 0), new TimeOnly(5, 0));
}

/// <summary>What one read changed: nothing (a duplicate), or a new read with what it gave away.</summary>
public sealed record Observation(bool Duplicate, bool InOrder, CloneSuspicion? Suspicion, IReadOnlyList<FenceEvent> Fences, WantedPlate? Wanted)
{
    public static readonly Observation Repeated = new(true, false, null, [], null);
}

/// <summary>A visit to the district: reads with no gap longer than the visit gap between them.</summary>
public sealed record Visit(DateTimeOffset Start, DateTimeOffset End, int Reads, int Cameras)
{
    /// <summary>Dwell (停留时长): from the first to the last read of the visit.</summary>
    public TimeSpan Dwell => End - Start;
}

/// <summary>
/// A vehicle's record (one plate): its reads in time order, first appearance, night activity, fence stays and clone
/// suspicions. Reads may arrive late or twice: a repeated read (same event id, or same camera, instant and plate)
/// changes nothing; a late read is put in its place and checked against its neighbours in time for cloning, but fences
/// move only with the newest read (a fence stay is a present-tense fact).
/// </summary>
public sealed class VehicleRecord
{
    private readonly List<PlateSighting> _reads;
    private readonly Dictionary<string, FenceStay> _stays;

    public VehicleRecord(string plate, IEnumerable<PlateSighting>? reads = null, DateTimeOffset? firstSeen = null, int nightReads = 0,
        IEnumerable<FenceStay>? stays = null, DateTimeOffset? lastCloneAlertAt = null)
    {
        Plate = plate;
        _reads = [.. (reads ?? []).OrderBy(r => r.At).ThenBy(r => r.CameraId, StringComparer.Ordinal)];
        _stays = (stays ?? []).ToDictionary(s => s.FenceId, StringComparer.Ordinal);
        FirstSeen = firstSeen;
        NightReads = nightReads;
        LastCloneAlertAt = lastCloneAlertAt;
    }

    public string Plate { get; }

    public IReadOnlyList<PlateSighting> Reads => _reads;

    /// <summary>First appearance in the district (首次出现); kept after the reads themselves are purged.</summary>
    public DateTimeOffset? FirstSeen { get; private set; }

    /// <summary>Reads between 22:00 and 05:00 Beijing time, ever.</summary>
    public int NightReads { get; private set; }

    public IReadOnlyCollection<FenceStay> Stays => _stays.Values;

    public DateTimeOffset? LastCloneAlertAt { get; private set; }

    public Observation Observe(PlateSighting read, VehicleRules rules)
    {
        if (read.Plate != Plate)
        {
            throw new ArgumentException($"Read of {read.Plate} given to the record of {Plate}.", nameof(read));
        }

        var index = InsertionIndex(read);
        if (index < 0)
        {
            return Observation.Repeated;
        }

        _reads.Insert(index, read);
        FirstSeen = FirstSeen is { } first && first <= read.At ? first : read.At;
        if (VehicleRules.Night.Contains(read.At))
        {
            NightReads++;
        }

        var inOrder = index == _reads.Count - 1;
        var clone = CheckClone(index, rules);
        var fences = inOrder ? FenceWatch.Observe(rules.Fences, _stays, read) : [];
        return new Observation(false, inOrder, clone, fences, rules.Watchlist.Wanted(Plate));
    }

    /// <summary>Drops reads before <paramref name="before"/> (retention); first appearance and night count stay.</summary>
    public int Prune(DateTimeOffset before) => _reads.RemoveAll(r => r.At < before);

    public Trajectory Trajectory(DateTimeOffset from, DateTimeOffset to) =>
        Cameras.Trajectory.Of(Plate, _reads.Where(r => r.At >= from && r.At <= to));

    public IReadOnlyList<Visit> Visits(TimeSpan gap)
    {
        var visits = new List<Visit>();
        var start = 0;
        for (var i = 1; i <= _reads.Count; i++)
        {
            if (i == _reads.Count || _reads[i].At - _reads[i - 1].At > gap)
            {
                var part = _reads.GetRange(start, i - start);
                visits.Add(new Visit(part[0].At, part[^1].At, part.Count, part.Select(r => r.CameraId).Distinct(StringComparer.Ordinal).Count()));
                start = i;
            }
        }

        return _reads.Count == 0 ? [] : visits;
    }

    /// <summary>Where the read goes in time order, or −1 when it is already there.</summary>
    private int InsertionIndex(PlateSighting read)
    {
        var index = _reads.Count;
        while (index > 0 && _reads[index - 1].At > read.At)
        {
            index--;
        }

        // Reads with the same instant sit together: check them all for a repeat.
        for (var i = index - 1; i >= 0 && _reads[i].At == read.At; i--)
        {
            if (_reads[i].IsSameReadAs(read))
            {
                return -1;
            }
        }

        if (read.EventId is { Length: > 0 } && _reads.Any(r => r.EventId == read.EventId))
        {
            return -1;
        }

        return index;
    }

    private CloneSuspicion? CheckClone(int index, VehicleRules rules)
    {
        var read = _reads[index];
        if (LastCloneAlertAt is { } last && (read.At - last).Duration() < rules.Cloning.QuietPeriod)
        {
            return null;
        }

        var before = Neighbour(index, -1);
        var after = Neighbour(index, +1);
        var suspicion = (before is null ? null : CloneDetector.Compare(before, read, rules.Cloning, rules.Distance))
            ?? (after is null ? null : CloneDetector.Compare(read, after, rules.Cloning, rules.Distance));
        if (suspicion is not null)
        {
            LastCloneAlertAt = read.At;
        }

        return suspicion;
    }

    /// <summary>The nearest read in a direction taken at another camera.</summary>
    private PlateSighting? Neighbour(int index, int step)
    {
        var camera = _reads[index].CameraId;
        for (var i = index + step; i >= 0 && i < _reads.Count; i += step)
        {
            if (_reads[i].CameraId != camera)
            {
                return _reads[i];
            }
        }

        return null;
    }
}
