using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Domain.Tests.Cameras;

public sealed class PlateMatcherTests
{
    private static PlateMatcher Knowing(params string[] plates)
    {
        var matcher = new PlateMatcher(0.8);
        foreach (var p in plates)
        {
            matcher.Add(LicencePlate.Parse(p));
        }

        return matcher;
    }

    [Theory]
    [InlineData("黑A1234B", "黑A12348")] // one character replaced (8 read as B)
    [InlineData("黑A1234", "黑A12348")] // one character dropped: not even a valid plate
    [InlineData("黑A123458", "黑A12348")] // one character added
    public void A_low_confidence_read_one_edit_from_a_known_plate_is_matched_and_flagged_fuzzy(string read, string known)
    {
        var match = Knowing(known, "黑B77777").Match(read, 0.6);

        match.Should().Be(new PlateMatch(LicencePlate.Parse(known), true, read));
    }

    [Fact]
    public void A_confident_read_is_taken_as_read_even_next_to_a_known_plate() =>
        Knowing("黑A12348").Match("黑A1234B", 0.95).Should().Be(new PlateMatch(LicencePlate.Parse("黑A1234B"), false, null));

    [Fact]
    public void A_known_plate_is_never_corrected() =>
        Knowing("黑A12348", "黑A12345").Match("黑A12345", 0.3)!.Fuzzy.Should().BeFalse();

    [Fact]
    public void Two_known_plates_one_edit_away_leave_the_read_as_it_is() =>
        Knowing("黑A12348", "黑A12347").Match("黑A12349", 0.5).Should().Be(new PlateMatch(LicencePlate.Parse("黑A12349"), false, null));

    [Fact]
    public void A_read_two_edits_away_is_not_matched() =>
        Knowing("黑A12348").Match("黑A12377", 0.5)!.Fuzzy.Should().BeFalse();

    [Fact]
    public void An_invalid_read_that_matches_nothing_is_null() =>
        Knowing("黑A12348").Match("黑A99", 0.5).Should().BeNull();

    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abd", true)]
    [InlineData("abc", "ab", true)]
    [InlineData("abc", "xabc", true)]
    [InlineData("abc", "acb", false)]
    [InlineData("abc", "a", false)]
    public void Edit_distance_one_is_one_replacement_insertion_or_deletion(string a, string b, bool within)
    {
        PlateMatcher.WithinOneEdit(a, b).Should().Be(within);
        PlateMatcher.WithinOneEdit(b, a).Should().Be(within);
    }
}
