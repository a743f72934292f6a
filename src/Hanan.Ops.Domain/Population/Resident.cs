using System.Diagnostics.CodeAnalysis;
using Hanan.Ops.Domain.Identity;

namespace Hanan.Ops.Domain.Population;

/// <summary>
/// A resident (人): who they are (a validated citizen ID number; sex and birth date come from it), where they live (a
/// dwelling, which is also their household), whether they are registered here or floating, restricted tags and a
/// contact phone.
/// </summary>
/// <remarks>
/// Personal information: <see cref="ToString"/> shows the masked ID number only. The surrogate <see cref="Id"/> is what
/// grains, URLs and logs use; the ID number itself is stored sealed (see <c>Privacy/CitizenIdProtector</c>).
/// </remarks>
public sealed record Resident
{
    public const int MaxNameLength = 40;

    private Resident(Guid id, CitizenIdNumber idNumber, string name, Dwelling home, Registration registration, ResidentTags tags, MobilePhoneNumber? phone)
    {
        Id = id;
        IdNumber = idNumber;
        Name = name;
        Home = home;
        Registration = registration;
        Tags = tags;
        Phone = phone;
    }

    /// <summary>The surrogate id: keys the resident's grain and appears in URLs instead of the ID number.</summary>
    public Guid Id { get; }

    public CitizenIdNumber IdNumber { get; }

    public string Name { get; }

    public Dwelling Home { get; private init; }

    public Registration Registration { get; }

    public ResidentTags Tags { get; }

    public MobilePhoneNumber? Phone { get; }

    public Sex Sex => IdNumber.Sex;

    public DateOnly BirthDate => IdNumber.BirthDate;

    public string HouseholdId => Home.HouseholdId;

    public string GridCode => Home.GridCode;

    /// <summary>Whole years of age on a day.</summary>
    public int AgeOn(DateOnly day) => AgeOn(BirthDate, day);

    /// <summary>Whole years between a birth date and a day.</summary>
    public static int AgeOn(DateOnly birthDate, DateOnly day)
    {
        var age = day.Year - birthDate.Year;
        return day < birthDate.AddYears(age) ? age - 1 : age;
    }

    /// <summary>Checks and creates a resident; on failure, <paramref name="error"/> names what is wrong (never the ID number).</summary>
    public static bool TryCreate(
        Guid id,
        CitizenIdNumber idNumber,
        string? name,
        Dwelling home,
        Registration registration,
        ResidentTags tags,
        MobilePhoneNumber? phone,
        DateOnly today,
        [NotNullWhen(true)] out Resident? resident,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(idNumber);
        ArgumentNullException.ThrowIfNull(home);
        resident = null;
        error = id == Guid.Empty ? "The resident id is empty."
            : string.IsNullOrWhiteSpace(name) ? "The name is empty."
            : name.Length > MaxNameLength ? $"The name is longer than {MaxNameLength} characters."
            : !Enum.IsDefined(registration) ? "The registration is not registered or floating."
            : idNumber.BirthDate > today ? "The birth date in the citizen ID number is in the future."
            : ResidentTagRules.CheckAge(tags, AgeOn(idNumber.BirthDate, today));
        if (error is not null)
        {
            return false;
        }

        resident = new Resident(id, idNumber, name!.Trim(), home, registration, tags, phone);
        return true;
    }

    /// <summary>Moves the resident to another dwelling (搬家): they leave their household and join the one living there.</summary>
    /// <returns>The move, or null with a reason when it is refused (the same dwelling).</returns>
    public ResidentMove? MoveTo(Dwelling destination, DateOnly on, out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(destination);
        refusal = CheckMove(Home, destination);
        return refusal is not null
            ? null
            : new ResidentMove(this with { Home = destination }, Home, destination, on);
    }

    /// <summary>Why a move between two dwellings is refused, or null when it is allowed.</summary>
    public static string? CheckMove(Dwelling from, Dwelling to) =>
        from == to ? "The resident already lives at this address." : null;

    /// <summary>Shows the masked ID number only.</summary>
    public override string ToString() => $"resident {Id} ({IdNumber.Masked})";
}

/// <summary>A resident moved from one dwelling to another on a day; <see cref="Moved"/> is the resident afterwards.</summary>
public sealed record ResidentMove(Resident Moved, Dwelling From, Dwelling To, DateOnly On)
{
    /// <summary>True when the move crosses a grid border, so both grids' figures change.</summary>
    public bool ChangesGrid => !string.Equals(From.GridCode, To.GridCode, StringComparison.Ordinal);
}
