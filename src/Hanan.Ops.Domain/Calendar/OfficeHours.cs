using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Hanan.Ops.Domain.Calendar;

/// <summary>
/// Office hours (办公时间) on a working day, in district local time (Asia/Shanghai): a morning and an afternoon
/// session with a lunch break between. Working-hour limits count only time inside these sessions.
/// </summary>
/// <remarks>
/// The defaults, 08:30–12:00 and 13:30–17:00, are a common government schedule. The host can bind this record
/// from configuration (e.g. <c>"OfficeHours": { "AfternoonStart": "13:00" }</c>) to follow a summer schedule
/// (夏季作息时间); check the bound value with <see cref="TryValidate"/>.
/// </remarks>
public sealed record OfficeHours
{
    /// <summary>08:30–12:00 and 13:30–17:00.</summary>
    public static OfficeHours Default { get; } = new();

    public TimeOnly MorningStart { get; init; } = new(8, 30);

    public TimeOnly MorningEnd { get; init; } = new(12, 0);

    public TimeOnly AfternoonStart { get; init; } = new(13, 30);

    public TimeOnly AfternoonEnd { get; init; } = new(17, 0);

    /// <summary>
    /// Checks that the sessions run in order: morning start &lt; morning end ≤ afternoon start &lt; afternoon end.
    /// A zero-length lunch break (morning end = afternoon start) is allowed.
    /// </summary>
    public bool TryValidate([NotNullWhen(false)] out string? error)
    {
        if (MorningStart < MorningEnd && MorningEnd <= AfternoonStart && AfternoonStart < AfternoonEnd)
        {
            error = null;
            return true;
        }

        error = string.Create(
            CultureInfo.InvariantCulture,
            $"Office hours must run in order (morning start < morning end <= afternoon start < afternoon end); got {MorningStart:HH\\:mm}–{MorningEnd:HH\\:mm} and {AfternoonStart:HH\\:mm}–{AfternoonEnd:HH\\:mm}.");
        return false;
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{MorningStart:HH\\:mm}–{MorningEnd:HH\\:mm}, {AfternoonStart:HH\\:mm}–{AfternoonEnd:HH\\:mm}");
}
