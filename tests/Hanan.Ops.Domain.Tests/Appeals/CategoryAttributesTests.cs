using System.Text.Json;
using Hanan.Ops.Domain.Appeals;

namespace Hanan.Ops.Domain.Tests.Appeals;

public class CategoryAttributesTests
{
    private static readonly IReadOnlyList<CategoryAttribute> Noise = Read("""
        { "attributes": [
          { "code": "period", "description": "噪声时段", "datatype": "singlevaluelist", "required": true,
            "values": [ { "key": "day", "name": "昼间" }, { "key": "night", "name": "夜间" } ] },
          { "code": "source", "description": "噪声来源", "datatype": "multivaluelist",
            "values": [ { "key": "construction", "name": "建筑施工" }, { "key": "traffic", "name": "交通运输" } ] },
          { "code": "level", "description": "分贝", "datatype": "number" },
          { "code": "since", "description": "开始时间", "datatype": "datetime" }
        ] }
        """, out _);

    private static IReadOnlyList<CategoryAttribute> Read(string json, out List<string> errors)
    {
        errors = [];
        using var doc = JsonDocument.Parse(json);
        return CategoryAttributes.Read(doc.RootElement, "categories[3]", errors);
    }

    private static Dictionary<string, IReadOnlyList<string>> Answers(params (string Code, string[] Values)[] answers) =>
        answers.ToDictionary(a => a.Code, a => (IReadOnlyList<string>)a.Values);

    [Fact]
    public void Questions_are_read_in_order_with_their_values()
    {
        Noise.Select(q => (q.Code, q.Datatype, q.Required, q.Order)).Should().Equal(
            ("period", AttributeDatatype.SingleValueList, true, 1), ("source", AttributeDatatype.MultiValueList, false, 2),
            ("level", AttributeDatatype.Number, false, 3), ("since", AttributeDatatype.Datetime, false, 4));
        Noise[0].Values.Select(v => v.Key).Should().Equal("day", "night");
        CategoryAttributes.Name(AttributeDatatype.SingleValueList).Should().Be("singlevaluelist");
    }

    [Fact]
    public void Every_problem_of_the_questions_is_named_by_its_JSON_path()
    {
        Read("""
            { "attributes": [
              { "code": "a", "description": "甲", "datatype": "colour" },
              { "code": "b", "description": "乙", "datatype": "singlevaluelist" },
              { "code": "a", "description": "丙", "datatype": "string", "values": [ { "key": "x", "name": "X" } ] },
              { "code": "bad code", "datatype": "text" }
            ] }
            """, out var errors);

        errors.Should().BeEquivalentTo(
            "categories[3].attributes[0].datatype: 'colour' is not one of string, number, datetime, text, singlevaluelist, multivaluelist.",
            "categories[3].attributes[1].values: a list question needs at least one value.",
            "categories[3].attributes[2].code: 'a' appears more than once in the category.",
            "categories[3].attributes[2].values: only singlevaluelist and multivaluelist questions have values.",
            "categories[3].attributes[3].description: a non-empty string is required.",
            "categories[3].attributes[3].code: 'bad code' must be 1 to 50 ASCII letters, digits, - or _.");
    }

    [Fact]
    public void Good_answers_become_lines_of_the_description_with_the_names_of_the_chosen_values()
    {
        var (lines, errors) = CategoryAttributes.Answer(Noise, Answers(("source", ["traffic", "construction"]), ("period", ["night"]), ("level", ["72.5"])));

        errors.Should().BeEmpty();
        lines.Should().Be("噪声时段：夜间\n噪声来源：交通运输、建筑施工\n分贝：72.5");
    }

    [Fact]
    public void Each_bad_answer_is_named_by_its_question_code()
    {
        var (lines, errors) = CategoryAttributes.Answer(Noise, Answers(
            ("source", ["traffic", "traffic"]), ("level", ["loud"]), ("since", ["yesterday"]), ("colour", ["red"])));

        lines.Should().BeNull();
        errors.Keys.Should().BeEquivalentTo("period", "source", "level", "since", "colour");
        errors["period"].Should().Contain("required");
        errors["level"].Should().Be("'loud' is not a number.");
        errors["colour"].Should().Contain("not a question");
    }

    [Fact]
    public void A_single_value_question_takes_one_known_key()
    {
        CategoryAttributes.Answer(Noise, Answers(("period", ["day", "night"]))).Errors["period"].Should().Be("Only one answer is allowed.");
        CategoryAttributes.Answer(Noise, Answers(("period", ["evening"]))).Errors["period"].Should().StartWith("'evening' is not one of the values");
    }
}
