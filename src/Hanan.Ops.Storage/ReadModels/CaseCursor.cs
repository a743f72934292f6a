using System.Buffers.Binary;
using System.Buffers.Text;
using Hanan.Ops.Contracts.Appeals;

namespace Hanan.Ops.Storage.ReadModels;

/// <summary>
/// A position in the case list (newest first: FiledAt descending, then Id descending): the last case of a page.
/// The next page starts with the first case after it.
/// </summary>
/// <remarks>
/// Clients see it as an opaque string, base64url without padding of 25 bytes: a format byte (1), the UTC ticks of
/// FiledAt (8, big-endian; always whole microseconds, the precision the read model keeps) and the Id (16, big-endian).
/// Only the canonical encoding is accepted.
/// </remarks>
internal readonly record struct CaseCursor(DateTimeOffset FiledAt, Guid Id)
{
    private const byte Format = 1;
    private const int ByteLength = 1 + sizeof(long) + 16;

    // Base64url of 25 bytes, no padding.
    private const int TextLength = 34;

    public static CaseCursor Of(CaseSummary summary) => new(summary.FiledAt, summary.Id);

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        bytes[0] = Format;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], FiledAt.UtcTicks);
        Id.TryWriteBytes(bytes[(1 + sizeof(long))..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    /// <exception cref="ArgumentException">The text is not a cursor this read model issued.</exception>
    public static CaseCursor Decode(string text, string parameterName)
    {
        if (text.Length != TextLength)
        {
            throw Malformed(parameterName, $"it has {text.Length} characters instead of {TextLength}");
        }

        Span<byte> bytes = stackalloc byte[ByteLength];
        if (Base64Url.DecodeFromChars(text, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != text.Length
            || written != ByteLength
            || Base64Url.EncodeToString(bytes) != text)
        {
            throw Malformed(parameterName, "it is not canonical base64url");
        }

        if (bytes[0] != Format)
        {
            throw Malformed(parameterName, $"format {bytes[0]} is unknown");
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || ticks % TimeSpan.TicksPerMicrosecond != 0)
        {
            throw Malformed(parameterName, "its time is out of range");
        }

        return new CaseCursor(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes[(1 + sizeof(long))..], bigEndian: true));
    }

    private static ArgumentException Malformed(string parameterName, string reason) =>
        new($"The paging cursor (CaseQuery.After) is malformed: {reason}. Pass back a NextCursor exactly as a previous page returned it.", parameterName);
}
