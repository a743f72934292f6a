using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Geography.Layers;

/// <summary>One grid of a department's own layer: the department's reference and its outline (WGS84).</summary>
/// <param name="Code">The department's own grid reference, unique within its layer.</param>
/// <param name="Name">Display name, if the layer has one.</param>
/// <param name="Boundary">A <see cref="Polygon"/> or <see cref="MultiPolygon"/>, SRID 4326, X = longitude.</param>
public sealed record DepartmentGrid(string Code, string? Name, Geometry Boundary);

/// <summary>A department's grid layer as imported. Departments' layers overlap and disagree at their borders.</summary>
public sealed record DepartmentLayer(Department Department, IReadOnlyList<DepartmentGrid> Grids);
