using System.Security.Cryptography;
using System.Text;
using Hanan.Ops.Domain.Identity;
using Hanan.Ops.Domain.Privacy;

namespace Hanan.Ops.Domain.Tests.Privacy;

public sealed class CitizenIdProtectorTests
{
    private static readonly DateOnly Today = new(2026, 3, 10);
    private static readonly CitizenIdNumber Id = CitizenIdNumber.Parse("230108199003070021", Today);
    private static readonly CitizenIdNumber OtherId = CitizenIdNumber.Parse("360426199101010071", Today);

    private static CitizenIdProtector NewProtector(byte fill) =>
        new(Enumerable.Repeat(fill, 32).ToArray(), Enumerable.Repeat((byte)(fill + 1), 32).ToArray());

    [Fact]
    public void A_sealed_number_opens_to_the_same_number()
    {
        var protector = NewProtector(7);

        var opened = protector.Open(protector.Seal(Id));

        opened.Should().Be(Id);
    }

    [Fact]
    public void The_sealed_bytes_do_not_contain_the_number_and_differ_each_time()
    {
        var protector = NewProtector(7);

        var first = protector.Seal(Id);
        var second = protector.Seal(Id);

        Encoding.ASCII.GetString(first).Should().NotContain(Id.Value).And.NotContain(Id.Value[6..14]);
        first.Should().NotEqual(second, "every value has its own random nonce");
    }

    [Theory]
    [InlineData(0)] // version
    [InlineData(1)] // nonce
    [InlineData(20)] // tag
    [InlineData(40)] // ciphertext
    public void Changing_any_byte_is_detected(int index)
    {
        var protector = NewProtector(7);
        var sealedId = protector.Seal(Id);

        sealedId[index] ^= 0x01;

        protector.Invoking(p => p.Open(sealedId)).Should().Throw<CryptographicException>();
    }

    [Fact]
    public void A_number_sealed_under_another_key_does_not_open()
    {
        var sealedId = NewProtector(7).Seal(Id);

        NewProtector(9).Invoking(p => p.Open(sealedId)).Should().Throw<CryptographicException>();
    }

    [Fact]
    public void A_sealed_phone_number_does_not_open_as_an_ID_number()
    {
        var protector = NewProtector(7);
        var sealedPhone = protector.Seal(MobilePhoneNumber.Parse("13812345678"));

        protector.Invoking(p => p.Open(sealedPhone)).Should().Throw<CryptographicException>();
        protector.OpenPhone(sealedPhone).Value.Should().Be("13812345678");
    }

    [Fact]
    public void A_truncated_value_is_refused()
    {
        var protector = NewProtector(7);

        protector.Invoking(p => p.Open(protector.Seal(Id).AsSpan(0, 20))).Should().Throw<CryptographicException>();
    }

    [Fact]
    public void The_lookup_key_finds_the_same_number_again_and_depends_on_the_key()
    {
        var protector = NewProtector(7);

        var lookup = protector.LookupKey(Id);

        lookup.Should().MatchRegex("^[0-9a-f]{64}$").And.Be(protector.LookupKey(CitizenIdNumber.Parse("230108199003070021", Today)));
        protector.LookupKey(OtherId).Should().NotBe(lookup);
        NewProtector(9).LookupKey(Id).Should().NotBe(lookup, "without the key, nobody can compute the index from a guessed number");
        lookup.Should().NotContain(Id.Value);
    }

    [Fact]
    public void A_lower_case_x_gives_the_same_lookup_key()
    {
        var protector = NewProtector(7);

        protector.LookupKey(CitizenIdNumber.Parse("44011320141005001x", Today))
            .Should().Be(protector.LookupKey(CitizenIdNumber.Parse("44011320141005001X", Today)));
    }

    [Fact]
    public void Keys_are_read_from_Base64_and_checked()
    {
        var a = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray());
        var b = Convert.ToBase64String(Enumerable.Repeat((byte)2, 32).ToArray());
        var short16 = Convert.ToBase64String(new byte[16]);

        CitizenIdProtector.TryFromBase64(a, b, out var protector, out var error).Should().BeTrue(error);
        protector!.Open(protector.Seal(Id)).Should().Be(Id);

        CitizenIdProtector.TryFromBase64(null, b, out _, out error).Should().BeFalse();
        error.Should().Contain("encryption key is not configured");
        CitizenIdProtector.TryFromBase64(a, short16, out _, out error).Should().BeFalse();
        error.Should().Contain("lookup key must be 32 bytes").And.NotContain(short16);
        CitizenIdProtector.TryFromBase64(a, "not base64!", out _, out error).Should().BeFalse();
        error.Should().Contain("not valid Base64");
        CitizenIdProtector.TryFromBase64(a, a, out _, out error).Should().BeFalse();
        error.Should().Contain("must differ");
    }
}
