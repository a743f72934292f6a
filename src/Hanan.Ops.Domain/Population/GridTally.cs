namespace Hanan.Ops.Domain.Population;

/// <summary>What the grid needs to know about one resident to count them.</summary>
public readonly record struct ResidentFacts(Guid Id, string HouseholdId, Registration Registration, ResidentTags Tags);

/// <summary>What the grid needs to know about one case at one version.</summary>
public readonly record struct GridCaseFacts(Guid Id, long Version, bool Open, bool Overdue);

/// <summary>The live figures of a grid on 人、事、地、物、情、组织.</summary>
/// <param name="Registered">户籍人口.</param>
/// <param name="Floating">流动人口.</param>
/// <param name="SpecialGroups">Residents in any of the GB/T 31000 special groups (特殊人群).</param>
/// <param name="Households">户数.</param>
/// <param name="OpenCases">Cases in the grid still being worked on (事).</param>
/// <param name="OverdueCases">Open cases past their deadline.</param>
/// <param name="Places">Buildings (地).</param>
/// <param name="Things">Public facilities, components (物).</param>
/// <param name="Situations">Reports of grid workers (情).</param>
/// <param name="Organisations">Legal persons and other organisations (组织).</param>
public sealed record GridFigures(
    int Registered,
    int Floating,
    int SpecialGroups,
    int ElderlyLivingAlone,
    int Disability,
    int LowIncome,
    int Households,
    int OpenCases,
    int OverdueCases,
    int Places,
    int Things,
    int Situations,
    int Organisations)
{
    public int Population => Registered + Floating;
}

/// <summary>
/// Keeps a grid's figures from the facts it is told. Every operation is idempotent: a resident who arrives twice is
/// counted once, a resident who leaves twice is removed once, and a case's older version never overwrites a newer one.
/// So a grid rebuilt from a read model and then told about the same change again counts it once.
/// </summary>
public sealed class GridTally
{
    private readonly Dictionary<Guid, ResidentFacts> _residents = [];
    private readonly Dictionary<string, int> _householdMembers = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, GridCaseFacts> _cases = [];

    public int Places { get; set; }

    public int Things { get; set; }

    public int Organisations { get; set; }

    public int Situations { get; set; }

    /// <summary>Adds a resident, or replaces what was known about them (a new household, new tags).</summary>
    /// <returns>True when anything changed.</returns>
    public bool Arrive(ResidentFacts resident)
    {
        if (_residents.TryGetValue(resident.Id, out var known))
        {
            if (known == resident)
            {
                return false;
            }

            RemoveMember(known.HouseholdId);
        }

        _residents[resident.Id] = resident;
        _householdMembers[resident.HouseholdId] = _householdMembers.GetValueOrDefault(resident.HouseholdId) + 1;
        return true;
    }

    /// <returns>True when the resident was counted here.</returns>
    public bool Leave(Guid residentId)
    {
        if (!_residents.Remove(residentId, out var known))
        {
            return false;
        }

        RemoveMember(known.HouseholdId);
        return true;
    }

    public bool Contains(Guid residentId) => _residents.ContainsKey(residentId);

    /// <summary>Takes a case's state unless a newer or equal version is known.</summary>
    /// <returns>True when the case's state was taken.</returns>
    public bool ApplyCase(GridCaseFacts c)
    {
        if (_cases.TryGetValue(c.Id, out var known) && known.Version >= c.Version)
        {
            return false;
        }

        _cases[c.Id] = c;
        return true;
    }

    public GridFigures Figures()
    {
        int registered = 0, floating = 0, special = 0, elderly = 0, disability = 0, lowIncome = 0;
        foreach (var r in _residents.Values)
        {
            if (r.Registration == Registration.Floating)
            {
                floating++;
            }
            else
            {
                registered++;
            }

            special += (r.Tags & ResidentTagRules.SpecialGroups) != 0 ? 1 : 0;
            elderly += (r.Tags & ResidentTags.ElderlyLivingAlone) != 0 ? 1 : 0;
            disability += (r.Tags & ResidentTags.Disability) != 0 ? 1 : 0;
            lowIncome += (r.Tags & ResidentTags.LowIncome) != 0 ? 1 : 0;
        }

        int open = 0, overdue = 0;
        foreach (var c in _cases.Values)
        {
            open += c.Open ? 1 : 0;
            overdue += c.Open && c.Overdue ? 1 : 0;
        }

        return new GridFigures(registered, floating, special, elderly, disability, lowIncome, _householdMembers.Count,
            open, overdue, Places, Things, Situations, Organisations);
    }

    private void RemoveMember(string householdId)
    {
        var left = _householdMembers[householdId] - 1;
        if (left == 0)
        {
            _householdMembers.Remove(householdId);
        }
        else
        {
            _householdMembers[householdId] = left;
        }
    }
}
