using System.Text.Json;
using Hanan.Ops.Domain.Appeals;

namespace Hanan.Ops.Domain.Tests.Appeals.Lifecycle;

public class ValueListTests
{
    [Fact]
    public void Lists_with_the_same_items_in_the_same_order_are_equal()
    {
        ValueList<string> a = ["a", "b"];
        ValueList<string> b = new List<string> { "a", "b" }.ToValueList();

        a.Should().Equal(b);
        (a == b).Should().BeTrue();
        a.Equals((object)b).Should().BeTrue();
        a.GetHashCode().Should().Be(b.GetHashCode());
        (a == (ValueList<string>)["b", "a"]).Should().BeFalse();
        (a != (ValueList<string>)["a"]).Should().BeTrue();
    }

    [Fact]
    public void The_default_list_is_the_empty_list()
    {
        ValueList<int> none = default;

        none.Count.Should().Be(0);
        none.IsEmpty.Should().BeTrue();
        none.Items.IsDefault.Should().BeFalse();
        (none == []).Should().BeTrue();
        none.Add(1).Should().Equal(1);
    }

    [Fact]
    public void Adding_and_replacing_return_new_lists_and_leave_the_original_alone()
    {
        ValueList<int> list = [1, 2];

        var added = list.Add(3);
        var replaced = list.SetItem(0, 9);

        list.Should().Equal(1, 2);
        added.Should().Equal(1, 2, 3);
        replaced.Should().Equal(9, 2);
        replaced[0].Should().Be(9);
    }

    [Fact]
    public void In_JSON_a_list_is_a_plain_array_and_null_reads_as_empty()
    {
        ValueList<int> list = [1, 2, 3];

        JsonSerializer.Serialize(list).Should().Be("[1,2,3]");
        JsonSerializer.Deserialize<ValueList<int>>("[1,2,3]").Should().Equal(1, 2, 3);
        JsonSerializer.Deserialize<ValueList<int>>("null").IsEmpty.Should().BeTrue();
    }
}
