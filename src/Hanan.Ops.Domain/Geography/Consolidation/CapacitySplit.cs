using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.OverlayNG;
using SpatialFunction = NetTopologySuite.Operation.Overlay.SpatialFunction;

namespace Hanan.Ops.Domain.Geography.Consolidation;

/// <summary>One part of a proposed split of an over-capacity grid.</summary>
public sealed record SplitPart(Geometry Area, GridLoad Load);

/// <summary>
/// Proposes how to split an over-capacity area: recursive bisection of its bounding box at the median household
/// along the longer side, into as many parts as the load needs, each box clipped to the area. Cuts fall midway
/// between households, so no household sits on a cut. Households at one and the same spot cannot be separated;
/// then fewer parts come back (possibly one).
/// </summary>
internal static class CapacitySplit
{
    public static IReadOnlyList<SplitPart> Propose(Geometry area, IReadOnlyList<HouseholdPoint> households, GridCapacity capacity)
    {
        var total = Load(households);
        var parts = capacity.PartsNeeded(total);
        if (parts <= 1 || households.Count < 2)
        {
            return [new SplitPart(area, total)];
        }

        var boxes = new List<(Envelope Box, List<HouseholdPoint> Points)>();
        var frame = new Envelope(area.EnvelopeInternal);
        frame.ExpandBy(1e-5);
        Bisect(frame, [.. households], parts, Math.Cos(frame.Centre.Y * Math.PI / 180), boxes);

        var result = new List<SplitPart>();
        foreach (var (box, points) in boxes)
        {
            var clipped = OverlayNGRobust.Overlay(area, area.Factory.ToGeometry(box), SpatialFunction.Intersection);
            if (!clipped.IsEmpty && clipped.Area > 0)
            {
                result.Add(new SplitPart(clipped, Load(points)));
            }
        }

        return result;
    }

    public static GridLoad Load(IEnumerable<HouseholdPoint> households) =>
        households.Aggregate(default(GridLoad), (load, h) => load + new GridLoad(1, h.People));

    private static void Bisect(Envelope box, List<HouseholdPoint> points, int parts, double lonScale, List<(Envelope, List<HouseholdPoint>)> boxes)
    {
        if (parts <= 1 || points.Count < 2)
        {
            boxes.Add((box, points));
            return;
        }

        var leftParts = parts / 2;
        var wide = box.Width * lonScale >= box.Height;
        foreach (var alongX in wide ? new[] { true, false } : [false, true])
        {
            var sorted = points.OrderBy(p => alongX ? p.Longitude : p.Latitude).ToList();
            var cut = FindCut(sorted, alongX, (int)Math.Round(sorted.Count * (double)leftParts / parts));
            if (cut is null)
            {
                continue;
            }

            var (index, at) = cut.Value;
            var (left, right) = alongX
                ? (new Envelope(box.MinX, at, box.MinY, box.MaxY), new Envelope(at, box.MaxX, box.MinY, box.MaxY))
                : (new Envelope(box.MinX, box.MaxX, box.MinY, at), new Envelope(box.MinX, box.MaxX, at, box.MaxY));
            Bisect(left, sorted.GetRange(0, index), leftParts, lonScale, boxes);
            Bisect(right, sorted.GetRange(index, sorted.Count - index), parts - leftParts, lonScale, boxes);
            return;
        }

        boxes.Add((box, points));
    }

    /// <summary>The split index nearest the target with distinct coordinates on both sides, and the cut between them.</summary>
    private static (int Index, double At)? FindCut(List<HouseholdPoint> sorted, bool alongX, int target)
    {
        double Value(int i) => alongX ? sorted[i].Longitude : sorted[i].Latitude;
        target = Math.Clamp(target, 1, sorted.Count - 1);
        for (var offset = 0; offset < sorted.Count; offset++)
        {
            foreach (var i in new[] { target - offset, target + offset })
            {
                if (i >= 1 && i < sorted.Count && Value(i - 1) < Value(i))
                {
                    return (i, (Value(i - 1) + Value(i)) / 2);
                }
            }
        }

        return null;
    }
}
