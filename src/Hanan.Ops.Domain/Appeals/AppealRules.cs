namespace Hanan.Ops.Domain.Appeals;

/// <summary>What a citizen's appeal must satisfy before it becomes a case. Each check returns null or a sentence saying what is wrong.</summary>
public static class AppealRules
{
    public const int MaxDescriptionLength = 4000;
    public const int MaxAddressLength = 200;
    public const int MaxPhotoRefs = 9;
    public const int MaxPhotoRefLength = 200;
    public const int MaxContactNameLength = 50;

    public static string? CheckDescription(string? description) =>
        string.IsNullOrWhiteSpace(description) ? "A description of the problem is required." : CheckText(description, "description");

    /// <summary>Free text of a case (notes, reasons, summaries, replies): required, at most 4,000 characters, no control characters but line breaks.</summary>
    public static string? CheckText(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return $"The {name} is required.";
        }

        if (text.Length > MaxDescriptionLength)
        {
            return $"The {name} has {text.Length} characters; at most {MaxDescriptionLength} are allowed.";
        }

        return HasControlCharacters(text, allowLineBreaks: true) ? $"The {name} contains control characters." : null;
    }

    public static string? CheckAddress(string? address) =>
        address is null ? null
        : address.Length > MaxAddressLength ? $"The address may have at most {MaxAddressLength} characters."
        : HasControlCharacters(address, allowLineBreaks: false) ? "The address contains control characters."
        : null;

    public static string? CheckContactName(string? name) =>
        name is null ? null
        : name.Length > MaxContactNameLength ? $"The contact name may have at most {MaxContactNameLength} characters."
        : HasControlCharacters(name, allowLineBreaks: false) ? "The contact name contains control characters."
        : null;

    /// <summary>Photo references are opaque ids of already uploaded files: letters, digits and <c>-_./:</c>.</summary>
    public static string? CheckPhotoRefs(IReadOnlyList<string?>? refs)
    {
        if (refs is null)
        {
            return null;
        }

        if (refs.Count > MaxPhotoRefs)
        {
            return $"At most {MaxPhotoRefs} photos may be attached.";
        }

        for (var i = 0; i < refs.Count; i++)
        {
            var r = refs[i];
            if (string.IsNullOrEmpty(r) || r.Length > MaxPhotoRefLength
                || !r.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':'))
            {
                return $"Photo reference {i} must be 1 to {MaxPhotoRefLength} characters of letters, digits and - _ . / :";
            }
        }

        return null;
    }

    /// <summary>WGS84 latitude and longitude must both be present (or both absent) and finite within range.</summary>
    public static string? CheckCoordinate(double? value, double limit, string name) =>
        value is null ? null
        : !double.IsFinite(value.Value) || Math.Abs(value.Value) > limit ? $"The {name} must be a number between -{limit} and {limit}."
        : null;

    private static bool HasControlCharacters(string text, bool allowLineBreaks)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
            {
                return true;
            }
        }

        return false;
    }
}
