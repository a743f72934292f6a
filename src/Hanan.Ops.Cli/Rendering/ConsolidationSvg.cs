using System.Globalization;
using System.Security;
using System.Text;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Geography.Consolidation;
using Hanan.Ops.Domain.Geography.Layers;
using NetTopologySuite.Geometries;

namespace Hanan.Ops.Cli.Rendering;

/// <summary>
/// The consolidation result as an SVG map: unified grids shaded by households (share of the 300 limit), street
/// borders bold, the departmental borders as thin dashed lines in their own colours, a legend. Each grid carries a
/// tooltip with its code, name and load.
/// </summary>
internal static class ConsolidationSvg
{
    private const double Width = 1400;
    private const double Margin = 20;
    private const double LegendHeight = 90;

    private static readonly string[] LayerColours = ["#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"];

    public static string Render(DistrictMap map, IReadOnlyDictionary<string, GridLoad> loads, IReadOnlyList<DepartmentLayer> layers)
    {
        var frame = map.Boundary.EnvelopeInternal;
        var cos = Math.Cos(frame.Centre.Y * Math.PI / 180);
        var scale = (Width - (2 * Margin)) / (frame.Width * cos);
        var height = (frame.Height * scale) + (2 * Margin) + LegendHeight;
        string X(double lon) => F(Margin + ((lon - frame.MinX) * cos * scale));
        string Y(double lat) => F(Margin + LegendHeight + ((frame.MaxY - lat) * scale));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{F(Width)}" height="{F(height)}" viewBox="0 0 {F(Width)} {F(height)}" font-family="sans-serif">""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="100%" height="100%" fill="#ffffff"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{F(Margin)}" y="34" font-size="22">{Hanan.Ops.Domain.District.Name} 统一网格（一格多用）: {map.Grids.Count} grids, {map.Communities.Count} communities, {map.Streets.Count} streets</text>""").Append('\n');
        Legend(svg, layers);

        svg.Append("""<g id="grids" stroke="#666666" stroke-width="0.5">""").Append('\n');
        foreach (var grid in map.Grids)
        {
            var load = loads.GetValueOrDefault(grid.Code);
            svg.Append(CultureInfo.InvariantCulture, $"""<path fill="{Shade(load.Households / 300.0)}" d="{Path(grid.Boundary, X, Y)}"><title>{Escape($"{grid.Code} {grid.Name}: {load.Households} households, {load.People} people")}</title></path>""").Append('\n');
        }

        svg.Append("</g>\n");
        for (var l = 0; l < layers.Count; l++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<g id="layer-{Escape(layers[l].Department.Code)}" fill="none" stroke="{LayerColours[l % LayerColours.Length]}" stroke-width="0.6" stroke-dasharray="3 2" opacity="0.7">""").Append('\n');
            foreach (var grid in layers[l].Grids)
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<path d="{Path(grid.Boundary, X, Y)}"/>""").Append('\n');
            }

            svg.Append("</g>\n");
        }

        svg.Append("""<g id="streets" fill="none" stroke="#222222" stroke-width="2">""").Append('\n');
        foreach (var street in map.Streets)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<path d="{Path(street.Boundary, X, Y)}"><title>{Escape($"{street.Code} {street.Name}")}</title></path>""").Append('\n');
        }

        svg.Append("</g>\n");
        svg.Append(CultureInfo.InvariantCulture, $"""<path id="district" fill="none" stroke="#000000" stroke-width="3" d="{Path(map.Boundary, X, Y)}"/>""").Append('\n');
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Legend(StringBuilder svg, IReadOnlyList<DepartmentLayer> layers)
    {
        var x = Margin;
        foreach (var (share, label) in new[] { (0.0, "0"), (0.33, "100"), (0.67, "200"), (1.0, "300 户") })
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{F(x)}" y="52" width="24" height="14" fill="{Shade(share)}" stroke="#666666"/><text x="{F(x + 28)}" y="64" font-size="13">{label}</text>""").Append('\n');
            x += 80;
        }

        for (var l = 0; l < layers.Count; l++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{F(x)}" y1="59" x2="{F(x + 24)}" y2="59" stroke="{LayerColours[l % LayerColours.Length]}" stroke-width="2" stroke-dasharray="3 2"/><text x="{F(x + 28)}" y="64" font-size="13">{Escape(layers[l].Department.Name)}</text>""").Append('\n');
            x += 90;
        }

        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{F(x)}" y1="59" x2="{F(x + 24)}" y2="59" stroke="#222222" stroke-width="2"/><text x="{F(x + 28)}" y="64" font-size="13">街道</text>""").Append('\n');
    }

    /// <summary>Pale yellow (empty) through orange to red (at the 300-household limit).</summary>
    private static string Shade(double share)
    {
        var t = Math.Clamp(share, 0, 1);
        var g = (int)Math.Round(245 - (t * 185));
        var b = (int)Math.Round(200 - (t * 170));
        return string.Create(CultureInfo.InvariantCulture, $"#{255:x2}{g:x2}{b:x2}");
    }

    private static string Path(Geometry geometry, Func<double, string> x, Func<double, string> y)
    {
        var d = new StringBuilder();
        for (var p = 0; p < geometry.NumGeometries; p++)
        {
            if (geometry.GetGeometryN(p) is not Polygon polygon)
            {
                continue;
            }

            foreach (var ring in polygon.Holes.Prepend(polygon.Shell))
            {
                var coordinates = ring.Coordinates;
                for (var i = 0; i < coordinates.Length - 1; i++)
                {
                    d.Append(i == 0 ? 'M' : 'L').Append(x(coordinates[i].X)).Append(',').Append(y(coordinates[i].Y));
                }

                d.Append('Z');
            }
        }

        return d.ToString();
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text);
}
