namespace Hanan.Ops.Grains.Tests.Live;

public sealed class LiveStreamOptionsTests
{
    [Fact]
    public void The_defaults_can_run() => new LiveStreamOptions().Problem().Should().BeNull();

    [Theory]
    [InlineData(0, "DeliveryBatch")]
    [InlineData(1001, "DeliveryBatch")]
    public void A_delivery_batch_out_of_range_is_named(int batch, string setting) =>
        new LiveStreamOptions { DeliveryBatch = batch }.Problem().Should().Contain("Hanan:Streams:" + setting);

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(60_000)]
    public void A_poll_period_out_of_range_is_named(int milliseconds) =>
        new LiveStreamOptions { PollPeriod = TimeSpan.FromMilliseconds(milliseconds) }.Problem().Should().Contain("Hanan:Streams:PollPeriod");

    [Fact]
    public void A_blank_provider_is_named() =>
        new LiveStreamOptions { Provider = " " }.Problem().Should().Contain("Hanan:Streams:Provider");
}
