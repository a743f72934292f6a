using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Geography.Layers;
using NetTopologySuite.Geometries;

namespace Hanan.Ops.Domain.Tests.Geography.Layers;

public sealed class GeoJsonLayerReaderTests
{
    private const string Square = "[[126.60,45.60],[126.61,45.60],[126.61,45.61],[126.60,45.61],[126.60,45.60]]";
    private const string EastSquare = "[[126.61,45.60],[126.62,45.60],[126.62,45.61],[126.61,45.61],[126.61,45.60]]";

    private static LayerReadResult Read(string json, LayerReadOptions? options = null) =>
        GeoJsonLayerReader.Read(json, Department.Police, options);

    private static string Collection(params string[] features) =>
        $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""";

    private static string Feature(string code, string geometry) =>
        $$"""{"type":"Feature","properties":{"code":"{{code}}","name":"警格"},"geometry":{{geometry}}}""";

    private static string Polygon(params string[] rings) =>
        $$"""{"type":"Polygon","coordinates":[{{string.Join(",", rings)}}]}""";

    [Fact]
    public void A_sound_layer_is_read_with_codes_names_and_polygons()
    {
        var result = Read(Collection(
            Feature("GA-1", Polygon(Square)),
            Feature("GA-2", $$"""{"type":"MultiPolygon","coordinates":[[{{EastSquare}}]]}""")));

        result.IsValid.Should().BeTrue();
        result.Layer!.Department.Should().Be(Department.Police);
        result.Layer.Grids.Select(g => g.Code).Should().Equal("GA-1", "GA-2");
        result.Layer.Grids[0].Name.Should().Be("警格");
        result.Layer.Grids[0].Boundary.Should().BeOfType<Polygon>().Which.SRID.Should().Be(Wgs84.Srid);
        result.Layer.Grids[1].Boundary.Should().BeOfType<MultiPolygon>();
    }

    [Fact]
    public void A_written_demo_layer_reads_back_with_the_same_codes_and_areas()
    {
        var map = HandBuiltLayout.Map();
        var layer = new DepartmentLayer(Department.UrbanManagement, [.. map.Grids.Select(g => new DepartmentGrid(g.Code, g.Name, g.Boundary))]);

        var result = GeoJsonLayerReader.Read(GeoJsonLayerWriter.Write(layer), Department.UrbanManagement);

        result.Errors.Should().BeEmpty();
        result.Layer!.Grids.Select(g => (g.Code, g.Name)).Should().Equal(layer.Grids.Select(g => (g.Code, g.Name)));
        result.Layer.Grids.Zip(layer.Grids).Should().AllSatisfy(p =>
            p.First.Boundary.EqualsTopologically(p.Second.Boundary).Should().BeTrue());
    }

    [Fact]
    public void An_unclosed_ring_is_located_by_feature_ring_and_last_position()
    {
        var open = "[[126.60,45.60],[126.61,45.60],[126.61,45.61],[126.60,45.61],[126.60,45.605]]";

        var result = Read(Collection(Feature("GA-1", Polygon(Square)), Feature("GA-2", Polygon(open))));

        result.IsValid.Should().BeFalse();
        result.Layer.Should().BeNull("nothing is taken from a layer with faults");
        var error = result.Errors.Should().ContainSingle().Subject;
        error.Kind.Should().Be(LayerErrorKind.UnclosedRing);
        (error.FeatureIndex, error.FeatureCode, error.RingIndex, error.PositionIndex).Should().Be((1, "GA-2", 0, 4));
        error.Location.Should().Be(new Coordinate(126.60, 45.605));
        error.ToString().Should().Contain("feature 1 (code GA-2)").And.Contain("ring 0").And.Contain("position 4").And.Contain("126.6, 45.605");
    }

    [Fact]
    public void A_self_intersecting_ring_is_located_at_the_crossing()
    {
        // A bow tie: the edges cross at (126.605, 45.605).
        var bowTie = "[[126.60,45.60],[126.61,45.61],[126.61,45.60],[126.60,45.61],[126.60,45.60]]";

        var error = Read(Collection(Feature("GA-7", Polygon(bowTie)))).Errors.Should().ContainSingle().Subject;

        error.Kind.Should().Be(LayerErrorKind.SelfIntersection);
        (error.FeatureIndex, error.FeatureCode, error.RingIndex).Should().Be((0, "GA-7", 0));
        error.Location!.X.Should().BeApproximately(126.605, 1e-9);
        error.Location.Y.Should().BeApproximately(45.605, 1e-9);
    }

    [Fact]
    public void A_hole_crossing_its_shell_is_located_in_the_hole()
    {
        var hole = "[[126.605,45.605],[126.605,45.615],[126.606,45.615],[126.606,45.605],[126.605,45.605]]";

        var error = Read(Collection(Feature("GA-1", Polygon(Square, hole)))).Errors.Should().ContainSingle().Subject;

        error.Kind.Should().Be(LayerErrorKind.SelfIntersection);
        error.RingIndex.Should().Be(1);
        error.Location!.Y.Should().BeApproximately(45.61, 1e-9, "the hole leaves the shell at its northern edge");
    }

    [Fact]
    public void A_declared_projected_crs_is_rejected()
    {
        var json = """{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},"features":[]}""";

        var error = Read(json).Errors.Should().ContainSingle().Subject;

        error.Kind.Should().Be(LayerErrorKind.WrongCrs);
        error.Message.Should().Contain("EPSG::3857");
    }

    [Fact]
    public void Projected_coordinates_are_rejected_as_a_wrong_crs_at_the_first_bad_position()
    {
        var mercator = "[[14096000,5716000],[14097000,5716000],[14097000,5717000],[14096000,5716000]]";

        var error = Read(Collection(Feature("GA-1", Polygon(mercator)))).Errors.Should().ContainSingle().Subject;

        error.Kind.Should().Be(LayerErrorKind.WrongCrs);
        (error.FeatureIndex, error.RingIndex, error.PositionIndex).Should().Be((0, 0, 0));
        error.Location.Should().Be(new Coordinate(14096000, 5716000));
    }

    [Fact]
    public void Coordinates_outside_lon_lat_ranges_or_outside_the_plausible_area_are_rejected()
    {
        var swapped = "[[45.60,126.60],[45.60,126.61],[45.61,126.61],[45.60,126.60]]";
        var options = new LayerReadOptions { PlausibleArea = new Envelope(126.0, 127.0, 45.0, 46.0) };

        var error = Read(Collection(Feature("GA-1", Polygon(swapped))), options).Errors.Should().ContainSingle().Subject;

        error.Kind.Should().Be(LayerErrorKind.SwappedAxes, "read the other way round, the position is in the district");
        error.Message.Should().Contain("swapped").And.Contain("[126.6, 45.6]");
        var unbounded = Read(Collection(Feature("GA-1", Polygon(swapped))), new LayerReadOptions()).Errors.Should().ContainSingle().Subject;
        unbounded.Kind.Should().Be(LayerErrorKind.SwappedAxes, "latitude 126.6 is impossible, longitude 126.6 is not");

        var inRangeElsewhere = "[[116.40,39.90],[116.41,39.90],[116.41,39.91],[116.40,39.90]]";
        var beijing = Read(Collection(Feature("GA-1", Polygon(inRangeElsewhere))), options).Errors.Should().ContainSingle().Subject;
        beijing.Kind.Should().Be(LayerErrorKind.CoordinatesOutOfRange);
        beijing.Message.Should().Contain("plausible area");
    }

    [Fact]
    public void A_ring_with_more_positions_than_the_limit_is_rejected_without_reading_it()
    {
        var positions = Enumerable.Range(0, 200).Select(i => $"[126.60{i:D3},45.60]").Append("[126.60,45.61]").Append("[126.60000,45.60]");
        var big = $"[{string.Join(",", positions)}]";

        var error = Read(Collection(Feature("GA-1", Polygon(big))), new LayerReadOptions { MaxPositionsPerRing = 100 })
            .Errors.Should().ContainSingle().Subject;

        error.Kind.Should().Be(LayerErrorKind.TooManyCoordinates);
        (error.FeatureIndex, error.RingIndex).Should().Be((0, 0));
        error.Message.Should().Contain("202 positions").And.Contain("100");
    }

    [Fact]
    public void A_layer_exceeding_the_total_position_limit_stops_at_the_feature_that_crosses_it()
    {
        var features = Enumerable.Range(0, 10).Select(i => Feature($"GA-{i}", Polygon(Square))).ToArray();

        var result = Read(Collection(features), new LayerReadOptions { MaxPositions = 22 });

        var error = result.Errors.Should().ContainSingle().Subject;
        error.Kind.Should().Be(LayerErrorKind.TooManyCoordinates);
        error.FeatureIndex.Should().Be(4, "features 0–3 hold 20 positions, feature 4 brings 25");
    }

    [Fact]
    public void A_file_starting_with_a_utf8_byte_order_mark_is_read()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes(Collection(Feature("GA-1", Polygon(Square))))).ToArray();

        GeoJsonLayerReader.Read(bytes, Department.Police).IsValid.Should().BeTrue();
    }

    [Fact]
    public void An_empty_layer_is_rejected()
    {
        Read(Collection()).Errors.Should().ContainSingle().Which.Kind.Should().Be(LayerErrorKind.EmptyLayer);
    }

    [Fact]
    public void Missing_and_duplicate_codes_name_the_features_involved()
    {
        var noCode = """{"type":"Feature","properties":{},"geometry":""" + Polygon(EastSquare) + "}";

        var result = Read(Collection(Feature("GA-1", Polygon(Square)), noCode, Feature("GA-1", Polygon(EastSquare))));

        result.Errors.Should().HaveCount(2);
        result.Errors[0].Should().Match<LayerError>(e => e.Kind == LayerErrorKind.MissingCode && e.FeatureIndex == 1);
        result.Errors[1].Should().Match<LayerError>(e => e.Kind == LayerErrorKind.DuplicateCode && e.FeatureIndex == 2 && e.FeatureCode == "GA-1");
        result.Errors[1].Message.Should().Contain("feature 0");
    }

    [Fact]
    public void A_feature_id_serves_as_the_code_when_the_property_is_absent()
    {
        var json = Collection("""{"type":"Feature","id":17,"properties":null,"geometry":""" + Polygon(Square) + "}");

        Read(json).Layer!.Grids.Single().Code.Should().Be("17");
    }

    [Fact]
    public void Malformed_json_is_located_by_line()
    {
        var error = Read("{\"type\":\"FeatureCollection\",\n\"features\":[\n{\"type\":}]}").Errors.Should().ContainSingle().Subject;

        error.Kind.Should().Be(LayerErrorKind.MalformedJson);
        error.Message.Should().Contain("line 3");
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"type\":\"Feature\"}")]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[1,\"x\",null]}")]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":{}}")]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"a\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}]}")]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"a\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":\"x\"}}]}")]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"a\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[\"a\",1],[2]]]}}]}")]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"a\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[1e400,1]]]}}]}")]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"a\"},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[]}}]}")]
    [InlineData("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"a\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[]}}]}")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")]
    public void Any_bad_input_comes_back_as_errors_never_as_an_exception(string json)
    {
        var result = Read(json);

        result.IsValid.Should().BeFalse();
        result.Errors.Should().NotBeEmpty().And.OnlyContain(e => e.Message.Length > 0);
    }
}
