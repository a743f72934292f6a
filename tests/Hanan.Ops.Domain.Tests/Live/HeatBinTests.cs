using Hanan.Ops.Domain.Live;

namespace Hanan.Ops.Domain.Tests.Live;

public sealed class HeatBinTests
{
    // A degree of latitude is π · 6 371 008.8 m / 180 = 111 195.08 m. A 250 m row is 250 / 111 195.08 = 0.0022483°; a
    // 250 m column at 45.6°N is 0.0022483 / cos 45.6° = 0.0032134°. A 1 km cell: 0.0089932° by 0.0128536°.
    [Theory]
    [InlineData(45.6, 126.6, BinLevel.Fine, 20281, 39397)] // 45.6 / 0.0022483 = 20281.98; 126.6 / 0.0032134 = 39397.48
    [InlineData(45.601, 126.601, BinLevel.Fine, 20282, 39397)] // 20282.43; 39397.79
    [InlineData(45.61, 126.62, BinLevel.Fine, 20286, 39403)] // 20286.43; 39403.70
    [InlineData(45.6, 126.6, BinLevel.Coarse, 5070, 9849)] // 45.6 / 0.0089932 = 5070.50; 126.6 / 0.0128536 = 9849.37
    [InlineData(45.601, 126.601, BinLevel.Coarse, 5070, 9849)] // 5070.61; 9849.45
    [InlineData(45.61, 126.62, BinLevel.Coarse, 5071, 9850)] // 5071.61; 9850.92
    public void A_point_falls_in_the_cell_of_its_row_and_column(double latitude, double longitude, BinLevel level, int row, int column) =>
        HeatBin.Of(level, latitude, longitude).Should().Be(new HeatBin(level, row, column));

    [Fact]
    public void Cells_are_square_at_the_district_latitude_and_four_fine_make_one_coarse()
    {
        HeatBin.RowDegrees(BinLevel.Fine).Should().BeApproximately(0.0022483, 1e-7);
        HeatBin.ColumnDegrees(BinLevel.Fine).Should().BeApproximately(0.0032134, 1e-7);
        HeatBin.RowDegrees(BinLevel.Coarse).Should().BeApproximately(4 * HeatBin.RowDegrees(BinLevel.Fine), 1e-12);
        HeatBin.ColumnDegrees(BinLevel.Coarse).Should().BeApproximately(4 * HeatBin.ColumnDegrees(BinLevel.Fine), 1e-12);
    }

    [Fact]
    public void A_row_edge_belongs_to_the_cell_above_it()
    {
        var edge = 20282 * HeatBin.RowDegrees(BinLevel.Fine);

        HeatBin.Of(BinLevel.Fine, edge + 1e-9, 126.6).Row.Should().Be(20282);
        HeatBin.Of(BinLevel.Fine, edge - 1e-9, 126.6).Row.Should().Be(20281);
    }
}
