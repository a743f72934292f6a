using Microsoft.Extensions.Compliance.Classification;

namespace Hanan.Ops.Domain.Privacy;

/// <summary>
/// The district's data taxonomy for logs (PIPL Art. 28: ID numbers, faces and location tracks are sensitive): each
/// kind of personal data a log line may carry. A <c>[LoggerMessage]</c> parameter that carries one is annotated with
/// its attribute below (<see cref="PlateAttribute"/> …), and the host's redactors replace the value before any log
/// provider sees it. Nothing else may put personal data into a log line.
/// </summary>
public static class PersonalData
{
    public const string Taxonomy = "Hanan.PersonalData";

    /// <summary>A licence plate (GA 36): identifies a vehicle and, through the register, its keeper.</summary>
    public static DataClassification Plate { get; } = new(Taxonomy, nameof(Plate));

    /// <summary>A citizen ID number (GB 11643): sensitive (PIPL Art. 28).</summary>
    public static DataClassification CitizenId { get; } = new(Taxonomy, nameof(CitizenId));

    /// <summary>A phone number.</summary>
    public static DataClassification Phone { get; } = new(Taxonomy, nameof(Phone));

    /// <summary>A person's name.</summary>
    public static DataClassification PersonName { get; } = new(Taxonomy, nameof(PersonName));

    /// <summary>A face: a person reference of the face recognition, a feature id or a snapshot reference (biometric, sensitive).</summary>
    public static DataClassification Face { get; } = new(Taxonomy, nameof(Face));

    /// <summary>Where a person is or lives: coordinates, an address, a grid of residence (location tracks are sensitive).</summary>
    public static DataClassification PersonLocation { get; } = new(Taxonomy, nameof(PersonLocation));

    /// <summary>Every classification of the taxonomy.</summary>
    public static IReadOnlyList<DataClassification> All { get; } = [Plate, CitizenId, Phone, PersonName, Face, PersonLocation];
}

/// <summary>The parameter carries a licence plate.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PlateAttribute() : DataClassificationAttribute(PersonalData.Plate);

/// <summary>The parameter carries a citizen ID number.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class CitizenIdAttribute() : DataClassificationAttribute(PersonalData.CitizenId);

/// <summary>The parameter carries a phone number.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PhoneAttribute() : DataClassificationAttribute(PersonalData.Phone);

/// <summary>The parameter carries a person's name.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PersonNameAttribute() : DataClassificationAttribute(PersonalData.PersonName);

/// <summary>The parameter carries a face reference.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class FaceAttribute() : DataClassificationAttribute(PersonalData.Face);

/// <summary>The parameter carries where a person is or lives.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PersonLocationAttribute() : DataClassificationAttribute(PersonalData.PersonLocation);
