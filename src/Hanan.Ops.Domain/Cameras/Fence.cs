using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Hanan.Ops.Domain.Cameras;

/// <summary>A daily window of local (Beijing) time; it may wrap midnight (22:00–06:00).</summary>
public sealed record TimeWindow(TimeOnly Start, TimeOnly End)
{
    public bool Contains(DateTimeOffset at)
    {
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, District.TimeZone).DateTime);
        return Start <= End ? local >= Start && local < End : local >= Start || local < End;
    }
}

/// <summary>
/// What a fence reports: entering, leaving, staying longer than <see cref="DwellLimit"/>; only inside
/// <see cref="ActiveHours"/> when given (a school zone at school hours). A stay with no read inside for
/// <see cref="StayGap"/> has ended unseen: the next read inside starts a new stay.
/// </summary>
public sealed record FenceRule(bool OnEnter, bool OnExit, TimeSpan? DwellLimit, TimeWindow? ActiveHours, TimeSpan StayGap = default)
{
    public TimeSpan Gap => StayGap == default ? TimeSpan.FromHours(2) : StayGap;

    public bool IsActive(DateTimeOffset at) => ActiveHours?.Contains(at) ?? true;
}

/// <summary>An electronic fence (电子围栏): a polygon in WGS84 (X = longitude) and its rule.</summary>
public sealed class Fence
{
    private readonly IPreparedGeometry _prepared;

    public Fence(string id, string name, Polygon area, FenceRule rule)
    {
        Id = id;
        Name = name;
        Area = area;
        Rule = rule;
        _prepared = PreparedGeometryFactory.Prepare(area);
    }

    public string Id { get; }

    public string Name { get; }

    public Polygon Area { get; }

    public FenceRule Rule { get; }

    /// <summary>Whether the closed polygon covers the point (a camera on the border is inside).</summary>
    public bool Covers(double latitude, double longitude) =>
        _prepared.Covers(Geography.Wgs84.FloatingFactory.CreatePoint(new Coordinate(longitude, latitude)));

    /// <summary>Checks an id and polygon given from outside; null when good.</summary>
    public static string? CheckArea(Polygon? area) =>
        area is null || area.IsEmpty ? "A fence needs a polygon."
        : !area.IsValid ? "The fence polygon is not valid (self-intersecting or unclosed)."
        : area.EnvelopeInternal.MinX < -180 || area.EnvelopeInternal.MaxX > 180 || area.EnvelopeInternal.MinY < -90 || area.EnvelopeInternal.MaxY > 90
            ? "The fence polygon lies outside longitude/latitude ranges; positions are [longitude, latitude]."
            : null;
}

/// <summary>A vehicle's stay inside a fence.</summary>
public sealed record FenceStay(string FenceId, DateTimeOffset EnteredAt, DateTimeOffset LastInsideAt, bool DwellReported);

public enum FenceCrossing
{
    Enter,
    Exit,
    Dwell,
}

/// <summary>Something a fence reports about a read.</summary>
public sealed record FenceEvent(Fence Fence, FenceCrossing Crossing, PlateSighting Sighting, TimeSpan Stayed);

public static class FenceWatch
{
    /// <summary>
    /// Moves a vehicle's stays on by one read (reads must come in time order) and returns what the fences report.
    /// <paramref name="stays"/> is updated in place.
    /// </summary>
    public static IReadOnlyList<FenceEvent> Observe(IReadOnlyList<Fence> fences, Dictionary<string, FenceStay> stays, PlateSighting read)
    {
        var events = new List<FenceEvent>();
        foreach (var fence in fences)
        {
            var inside = fence.Covers(read.Latitude, read.Longitude);
            stays.TryGetValue(fence.Id, out var stay);
            if (stay is not null && read.At - stay.LastInsideAt > fence.Rule.Gap)
            {
                stays.Remove(fence.Id);
                stay = null;
            }

            var rule = fence.Rule;
            if (inside && stay is null)
            {
                stays[fence.Id] = new FenceStay(fence.Id, read.At, read.At, false);
                if (rule.OnEnter && rule.IsActive(read.At))
                {
                    events.Add(new FenceEvent(fence, FenceCrossing.Enter, read, TimeSpan.Zero));
                }
            }
            else if (inside)
            {
                var stayed = read.At - stay!.EnteredAt;
                var dwell = !stay.DwellReported && rule.DwellLimit is { } limit && stayed > limit && rule.IsActive(read.At);
                stays[fence.Id] = stay with { LastInsideAt = read.At, DwellReported = stay.DwellReported || dwell };
                if (dwell)
                {
                    events.Add(new FenceEvent(fence, FenceCrossing.Dwell, read, stayed));
                }
            }
            else if (stay is not null)
            {
                stays.Remove(fence.Id);
                var stayed = read.At - stay.EnteredAt;
                if (!stay.DwellReported && rule.DwellLimit is { } limit && stayed > limit && rule.IsActive(read.At))
                {
                    events.Add(new FenceEvent(fence, FenceCrossing.Dwell, read, stayed));
                }

                if (rule.OnExit && rule.IsActive(read.At))
                {
                    events.Add(new FenceEvent(fence, FenceCrossing.Exit, read, stayed));
                }
            }
        }

        return events;
    }
}
