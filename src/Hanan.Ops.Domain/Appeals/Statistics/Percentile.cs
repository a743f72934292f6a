namespace Hanan.Ops.Domain.Appeals;

/// <summary>Percentiles of a sample.</summary>
public static class Percentile
{
    /// <summary>
    /// Nearest-rank percentile: the smallest value such that at least <paramref name="percent"/>% of the values are
    /// less than or equal to it, i.e. the value at 1-based rank ⌈percent·n/100⌉ of the sorted values. It is always one
    /// of the values (no interpolation). Examples: the 90th percentile of 10 values is the 9th smallest, of 11 values
    /// the 10th, of 1 value that value.
    /// </summary>
    /// <param name="sortedAscending">The values, sorted ascending; at least one.</param>
    /// <param name="percent">1..100.</param>
    /// <exception cref="ArgumentException">No values, values not sorted, or a NaN.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percent"/> is outside 1..100.</exception>
    public static double NearestRank(ReadOnlySpan<double> sortedAscending, int percent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        if (sortedAscending.IsEmpty)
        {
            throw new ArgumentException("A percentile of no values is undefined.", nameof(sortedAscending));
        }

        for (var i = 0; i < sortedAscending.Length; i++)
        {
            if (double.IsNaN(sortedAscending[i]) || (i > 0 && sortedAscending[i] < sortedAscending[i - 1]))
            {
                throw new ArgumentException("The values must be sorted ascending and not NaN.", nameof(sortedAscending));
            }
        }

        // Integer ceiling of percent·n/100: no floating-point rounding at exact ranks.
        var rank = ((percent * (long)sortedAscending.Length) + 99) / 100;
        return sortedAscending[(int)rank - 1];
    }
}
