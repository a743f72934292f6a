using System.Text;
using Hanan.Ops.Domain.Delivery;

namespace Hanan.Ops.Domain.Tests.Delivery;

public class DeliveryRulesTests
{
    [Fact]
    public void The_wait_doubles_from_the_first_and_stops_at_the_most()
    {
        var waits = Enumerable.Range(1, 10).Select(n => DeliveryRules.Backoff(n, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1)).TotalSeconds);

        waits.Should().Equal(30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600);
        DeliveryRules.Backoff(10_000, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1)).Should().Be(TimeSpan.FromHours(1));
    }

    [Fact]
    public void The_signature_is_the_HMAC_of_the_time_and_the_body()
    {
        // Computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac Jefe
        var signature = DeliveryRules.Signature(Encoding.ASCII.GetBytes("Jefe"), 1_700_000_000, Encoding.UTF8.GetBytes("{\"a\":1}"));

        signature.Should().Be("sha256=fa5f6481efc59da48b19c9dc10196c9953e5651f8304b3a318b6b87d70272e0a");
        signature.Should().NotBe(DeliveryRules.Signature(Encoding.ASCII.GetBytes("Jefe"), 1_700_000_001, Encoding.UTF8.GetBytes("{\"a\":1}")));
    }
}
