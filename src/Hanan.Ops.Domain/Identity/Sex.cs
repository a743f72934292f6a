namespace Hanan.Ops.Domain.Identity;

/// <summary>Sex as recorded in a citizen ID number (odd sequence number: male; even: female).</summary>
public enum Sex
{
    Female = 0,
    Male = 1,
}
