using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Domain.Tests.Cameras;

public sealed class CameraIdTests
{
    [Fact]
    public void A_valid_ID_is_split_into_its_GB_T_28181_parts()
    {
        CameraId.TryParseCamera(" 23010800081326000001 ", out var id, out var error).Should().BeTrue(error);

        id!.Value.Should().Be("23010800081326000001");
        id.CentreCode.Should().Be("23010800");
        id.AreaCode.Should().Be("230108");
        id.IndustryCode.Should().Be("08");
        id.TypeCode.Should().Be("132");
        id.NetworkFlag.Should().Be('6');
        id.Serial.Should().Be("000001");
        id.TypeName.Should().Be("IP camera");
    }

    [Theory]
    [InlineData("23010800051210000007")]
    [InlineData("23010800001310000008")]
    public void Checkpoint_cameras_and_plain_cameras_are_cameras(string text) =>
        CameraId.TryParseCamera(text, out _, out _).Should().BeTrue();

    [Theory]
    [InlineData("23010800001180000001", "NVR")]
    [InlineData("23010800002000000001", "signalling server")]
    public void Recorders_and_servers_are_devices_but_not_cameras(string text, string typeName)
    {
        CameraId.TryParse(text, out var device, out _).Should().BeTrue();
        device!.TypeName.Should().Be(typeName);
        CameraId.TryParseCamera(text, out var camera, out var error).Should().BeFalse();
        camera.Should().BeNull();
        error.Should().Contain("not a camera");
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("2301080008132600001", "exactly 20 digits")]
    [InlineData("230108000813260000012", "exactly 20 digits")]
    [InlineData("2301080008132600000A", "exactly 20 digits")]
    [InlineData("２３０１０８０００８１３２６０００００１", "exactly 20 digits")]
    [InlineData("23010800089996000001", "type code")]
    [InlineData("23010800081323000001", "network flag")]
    public void Malformed_IDs_are_refused_with_the_reason(string? text, string reason)
    {
        CameraId.TryParse(text, out var id, out var error).Should().BeFalse();
        id.Should().BeNull();
        error.Should().Contain(reason);
    }

    [Fact]
    public void Create_builds_the_serial_with_six_digits() =>
        CameraId.Create("23010800", "05", "121", '0', 42).Value.Should().Be("23010800051210000042");
}
