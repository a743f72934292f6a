using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Geography;

/// <summary>A coded administrative area of the district map (street, community or grid).</summary>
public interface IDistrictUnit
{
    /// <summary>Statistics code: 9 digits for a street, 12 for a community, 15 for a grid.</summary>
    string Code { get; }

    string Name { get; }

    /// <summary>Outline in WGS84 (X = longitude, Y = latitude), SRID 4326. Treat as read-only.</summary>
    Polygon Boundary { get; }

    /// <summary>Area in square metres (see <see cref="GeoMeasure.AreaSquareMeters"/>).</summary>
    double AreaSquareMeters { get; }

    /// <summary>A point guaranteed to lie inside the boundary, for map labels (unlike a centroid).</summary>
    Point LabelPoint { get; }
}
