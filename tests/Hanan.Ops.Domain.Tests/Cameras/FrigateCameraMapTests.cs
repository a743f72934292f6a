using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Domain.Tests.Cameras;

public sealed class FrigateCameraMapTests
{
    private static readonly HashSet<string> Network = ["23010800051210000001", "23010800001320000002", "23010800001320000003"];

    private static FrigateCameraMap Parse(string json) => FrigateCameraMap.Parse(json, Network.Contains);

    [Fact]
    public void Frigate_camera_names_map_to_the_GB_T_28181_IDs_of_the_network()
    {
        var map = Parse("""{ "cameras": { "driveway_cam": "23010800001320000002", "Gate-1": " 23010800051210000001 " } }""");

        map.Find("driveway_cam").Should().Be("23010800001320000002");
        map.Find("Gate-1").Should().Be("23010800051210000001");
        map.Find("DRIVEWAY_CAM").Should().BeNull("Frigate's names are case-sensitive");
        map.Cameras.Should().HaveCount(2);
    }

    [Fact]
    public void Every_fault_of_the_file_is_named_by_its_JSON_path()
    {
        var act = () => Parse("""
            {
              "cameras": {
                "driveway_cam": "23010800001320000002",
                "porch cam": "23010800001320000003",
                "nvr": "23010800001180000001",
                "elsewhere": "23010800001320999999",
                "short": "12345",
                "number": 23010800001320000003,
                "again": "23010800001320000002"
              }
            }
            """);

        var errors = act.Should().Throw<FrigateCameraMapException>().Which.Errors;
        errors.Should().HaveCount(6);
        errors.Should().Contain(e => e.StartsWith("cameras['porch cam']: not a Frigate camera name", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("cameras.nvr: ", StringComparison.Ordinal) && e.Contains("not a camera"));
        errors.Should().Contain("cameras.elsewhere: 23010800001320999999 is not a camera of the district's network.");
        errors.Should().Contain(e => e.StartsWith("cameras.short: ", StringComparison.Ordinal) && e.Contains("20 digits"));
        errors.Should().Contain(e => e.StartsWith("cameras.number: ", StringComparison.Ordinal) && e.Contains("as a string"));
        errors.Should().Contain(e => e.StartsWith("cameras.again: ", StringComparison.Ordinal) && e.Contains("'driveway_cam'"));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{ "cameras": [] }""")]
    [InlineData("{}")]
    public void A_file_without_a_cameras_object_is_refused(string json) =>
        FluentActions.Invoking(() => Parse(json)).Should().Throw<FrigateCameraMapException>()
            .Which.Errors.Should().ContainSingle().Which.Should().StartWith("cameras: ");

    [Fact]
    public void A_file_that_is_not_JSON_is_refused_with_the_parser_s_account() =>
        FluentActions.Invoking(() => Parse("{ \"cameras\": { \"a\": ")).Should().Throw<FrigateCameraMapException>()
            .Which.Errors.Should().ContainSingle().Which.Should().StartWith("not valid JSON:");

    [Fact]
    public void The_same_name_twice_is_refused() =>
        FluentActions.Invoking(() => Parse("""{ "cameras": { "a": "23010800001320000002", "a": "23010800001320000003" } }"""))
            .Should().Throw<FrigateCameraMapException>().Which.Errors.Should().Equal("cameras.a: appears more than once.");
}
