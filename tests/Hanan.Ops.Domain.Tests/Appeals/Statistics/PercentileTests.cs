using Hanan.Ops.Domain.Appeals;

namespace Hanan.Ops.Domain.Tests.Appeals.Statistics;

public sealed class PercentileTests
{
    [Theory]
    // 1..10: rank ⌈0.9·10⌉ = 9 → 9.
    [InlineData(10, 90, 9)]
    // 1..11: rank ⌈9.9⌉ = 10 → 10.
    [InlineData(11, 90, 10)]
    // 1..20: rank ⌈18⌉ = 18 → 18 (an exact rank is not rounded up).
    [InlineData(20, 90, 18)]
    // 1..1: rank ⌈0.9⌉ = 1.
    [InlineData(1, 90, 1)]
    // 1..4: median rank ⌈2⌉ = 2; 100th percentile is the maximum; 1st percentile of 4 is the minimum.
    [InlineData(4, 50, 2)]
    [InlineData(4, 100, 4)]
    [InlineData(4, 1, 1)]
    public void Nearest_rank_of_one_to_n(int n, int percent, double expected)
    {
        var values = Enumerable.Range(1, n).Select(i => (double)i).ToArray();

        Percentile.NearestRank(values, percent).Should().Be(expected);
    }

    [Fact]
    public void Nearest_rank_is_one_of_the_values_not_an_interpolation()
    {
        // Ten handling times in hours; rank 9 is 72 (linear interpolation would give 72 + 0.1·(240 − 72) = 88.8).
        double[] hours = [2, 4, 4, 8, 24, 24, 48, 48, 72, 240];

        Percentile.NearestRank(hours, 90).Should().Be(72);
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        var empty = () => Percentile.NearestRank([], 90);
        var unsorted = () => Percentile.NearestRank([2.0, 1.0], 90);
        var nan = () => Percentile.NearestRank([1.0, double.NaN], 90);
        var zero = () => Percentile.NearestRank([1.0], 0);
        var over = () => Percentile.NearestRank([1.0], 101);

        empty.Should().Throw<ArgumentException>();
        unsorted.Should().Throw<ArgumentException>();
        nan.Should().Throw<ArgumentException>();
        zero.Should().Throw<ArgumentOutOfRangeException>();
        over.Should().Throw<ArgumentOutOfRangeException>();
    }
}
