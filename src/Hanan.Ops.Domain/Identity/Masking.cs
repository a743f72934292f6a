namespace Hanan.Ops.Domain.Identity;

/// <summary>De-identification (去标识化) of personal numbers for display and logs (PIPL Art. 51).</summary>
internal static class Masking
{
    public const char Mask = '*';

    /// <summary>Keeps the first <paramref name="head"/> and last <paramref name="tail"/> characters and masks the rest.</summary>
    public static string KeepEnds(string value, int head, int tail) =>
        string.Create(value.Length, (value, head, tail), static (span, state) =>
        {
            var (text, keepHead, keepTail) = state;
            text.AsSpan().CopyTo(span);
            span[keepHead..^keepTail].Fill(Mask);
        });
}
