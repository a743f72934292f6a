using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Domain.Tests.Cameras;

public sealed class LicencePlateTests
{
    [Theory]
    [InlineData("黑A12345", "黑A12345")]
    [InlineData("黑A·12345", "黑A12345")]
    [InlineData("黑a-1b345", "黑A1B345")]
    [InlineData("黑Ａ１２３４５", "黑A12345")]
    [InlineData(" 黑A 123 45 ", "黑A12345")]
    [InlineData("黑A・D12345", "黑AD12345")]
    [InlineData("黑A.12345", "黑A12345")]
    public void Plates_are_normalised_to_the_stored_form(string written, string stored) =>
        LicencePlate.Parse(written).Value.Should().Be(stored);

    [Theory]
    [InlineData("黑A12345", PlateKind.Ordinary)]
    [InlineData("京N8P8F8", PlateKind.Ordinary)]
    [InlineData("黑A1234挂", PlateKind.Ordinary)]
    [InlineData("黑A1234学", PlateKind.Ordinary)]
    [InlineData("粤Z1234港", PlateKind.Ordinary)]
    [InlineData("黑AD12345", PlateKind.NewEnergy)]
    [InlineData("黑AFB1345", PlateKind.NewEnergy)]
    [InlineData("黑A12345D", PlateKind.NewEnergy)]
    public void GA_36_plates_are_accepted_with_their_kind(string text, PlateKind kind)
    {
        LicencePlate.TryParse(text, out var plate, out var error).Should().BeTrue(error);
        plate!.Kind.Should().Be(kind);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("黑A1234", "7 characters")]
    [InlineData("黑A1234567", "7 characters")]
    [InlineData("X A12345", "provincial abbreviation")]
    [InlineData("台A12345", "provincial abbreviation")]
    [InlineData("黑I12345", "second character")]
    [InlineData("黑1A2345", "second character")]
    [InlineData("黑A12O45", "Character 5")]
    [InlineData("黑A挂2345", "Character 3")]
    [InlineData("黑AX12345", "new-energy serial")]
    [InlineData("黑AD1234X", "new-energy serial")]
    [InlineData("黑A1234DD", "new-energy serial")]
    public void Plates_outside_GA_36_are_refused_with_the_reason(string text, string reason)
    {
        LicencePlate.TryParse(text, out var plate, out var error).Should().BeFalse();
        plate.Should().BeNull();
        error.Should().Contain(reason);
    }

    [Theory]
    [InlineData("黑A12345", "黑A·12345", "黑A·***45")]
    [InlineData("黑AD12345", "黑A·D12345", "黑A·****45")]
    public void Display_puts_the_dot_back_and_the_mask_keeps_the_last_two(string text, string display, string masked)
    {
        var plate = LicencePlate.Parse(text);
        plate.Display.Should().Be(display);
        plate.Masked.Should().Be(masked);
    }

    [Theory]
    [InlineData("blue", PlateColour.Blue)]
    [InlineData("蓝", PlateColour.Blue)]
    [InlineData("黄绿", PlateColour.YellowGreen)]
    [InlineData("Green", PlateColour.Green)]
    public void Plate_colours_are_read_in_English_or_Chinese(string text, PlateColour colour)
    {
        PlateColours.TryParse(text, out var parsed).Should().BeTrue();
        parsed.Should().Be(colour);
    }

    [Fact]
    public void An_unknown_colour_name_is_refused() => PlateColours.TryParse("purple", out _).Should().BeFalse();
}
