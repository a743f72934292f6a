using Hanan.Ops.Domain.Privacy;

namespace Hanan.Ops.Domain.Tests.Privacy;

public class FreeTextMaskingTests
{
    [Theory]
    [InlineData("请联系我13812345678，谢谢", "请联系我138****5678，谢谢")]
    [InlineData("身份证230108199001011234在物业登记", "身份证2301**********1234在物业登记")]
    [InlineData("证号 23010819900101123X。", "证号 2301**********123X。")]
    [InlineData("电话13812345678和15900001111", "电话138****5678和159****1111")]
    public void Mobile_and_ID_numbers_in_free_text_are_masked(string text, string expected) =>
        FreeTextMasking.Mask(text).Should().Be(expected);

    [Theory]
    [InlineData("友协大街 12 号 3 单元 502 室")]
    [InlineData("订单号 2026120700012345678901")]
    [InlineData("座机 0451-86501234")]
    [InlineData("12812345678 不是手机号")]
    public void Other_numbers_are_left_alone(string text) => FreeTextMasking.Mask(text).Should().Be(text);
}
