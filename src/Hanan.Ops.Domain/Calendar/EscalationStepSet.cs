using System.Numerics;
using System.Text;
using System.Text.Json.Serialization;

namespace Hanan.Ops.Domain.Calendar;

/// <summary>
/// An immutable set of <see cref="EscalationStep"/> values in one byte, e.g. the steps a case has already had
/// applied. <c>default</c> is the empty set. Persist it as <see cref="Bits"/> and restore it with
/// <see cref="FromBits"/>, or in JSON as an array of step names (<see cref="EscalationStepSetJsonConverter"/>).
/// Enumerates in step order without allocating.
/// </summary>
[JsonConverter(typeof(EscalationStepSetJsonConverter))]
public readonly record struct EscalationStepSet
{
    private const byte AllBits = 0b1111;

    private readonly byte bits;

    private EscalationStepSet(byte bits) => this.bits = bits;

    public static EscalationStepSet Empty => default;

    public static EscalationStepSet All => new(AllBits);

    /// <summary>One bit per step: bit 0 <see cref="EscalationStep.Warning"/> … bit 3 <see cref="EscalationStep.DistrictLeaders"/>.</summary>
    public byte Bits => bits;

    public bool IsEmpty => bits == 0;

    public int Count => BitOperations.PopCount(bits);

    public static EscalationStepSet Of(params ReadOnlySpan<EscalationStep> steps)
    {
        var set = Empty;
        foreach (var step in steps)
        {
            set = set.With(step);
        }

        return set;
    }

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> has bits that are no step.</exception>
    public static EscalationStepSet FromBits(byte bits)
    {
        if ((bits & ~AllBits) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "Only the four low bits stand for escalation steps.");
        }

        return new(bits);
    }

    public bool Contains(EscalationStep step) => (bits & Bit(step)) != 0;

    public EscalationStepSet With(EscalationStep step) => new((byte)(bits | Bit(step)));

    public EscalationStepSet Union(EscalationStepSet other) => new((byte)(bits | other.bits));

    public EscalationStepSet Intersect(EscalationStepSet other) => new((byte)(bits & other.bits));

    public EscalationStepSet Except(EscalationStepSet other) => new((byte)(bits & ~other.bits));

    public Enumerator GetEnumerator() => new(bits);

    public override string ToString()
    {
        if (bits == 0)
        {
            return "{}";
        }

        var text = new StringBuilder("{");
        foreach (var step in this)
        {
            text.Append(text.Length > 1 ? ", " : string.Empty).Append(step.ToString());
        }

        return text.Append('}').ToString();
    }

    private static byte Bit(EscalationStep step)
    {
        if ((uint)step > (uint)EscalationStep.DistrictLeaders)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "Not an escalation step.");
        }

        return (byte)(1 << (int)step);
    }

    /// <summary>Enumerates the steps of a set in step order.</summary>
    public struct Enumerator
    {
        private int remaining;

        internal Enumerator(byte bits)
        {
            remaining = bits;
            Current = default;
        }

        public EscalationStep Current { get; private set; }

        public bool MoveNext()
        {
            if (remaining == 0)
            {
                return false;
            }

            var lowest = BitOperations.TrailingZeroCount(remaining);
            remaining &= remaining - 1;
            Current = (EscalationStep)lowest;
            return true;
        }
    }
}
