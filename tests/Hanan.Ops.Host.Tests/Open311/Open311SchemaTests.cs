namespace Hanan.Ops.Host.Tests.Open311;

/// <summary>The schemas describe the standard: the specification's own examples pass, and what breaks the spec fails.</summary>
public class Open311SchemaTests
{
    [Theory]
    [InlineData("discovery.xml")]
    [InlineData("services.xml")]
    [InlineData("service-definition.xml")]
    [InlineData("post-request.xml")]
    [InlineData("post-request-token.xml")]
    [InlineData("token.xml")]
    [InlineData("requests.xml")]
    [InlineData("errors.xml")]
    [InlineData("updates.xml")]
    public void The_specifications_XML_examples_are_valid(string example) =>
        Open311Schemas.XmlProblems(Open311Schemas.Example(example)).Should().BeEmpty();

    [Theory]
    [InlineData("discovery.json", "discovery")]
    [InlineData("services.json", "services")]
    [InlineData("service-definition.json", "service-definition")]
    [InlineData("post-request.json", "post-request")]
    [InlineData("token.json", "token")]
    [InlineData("requests.json", "requests")]
    [InlineData("errors.json", "errors")]
    public void The_specifications_JSON_examples_are_valid(string example, string schema) =>
        Open311Schemas.JsonProblems(Open311Schemas.Example(example), schema).Should().BeEmpty();

    [Theory]
    [InlineData("<services><service><service_code>1</service_code><service_name>x</service_name><description/><metadata>maybe</metadata><type>realtime</type><keywords/><group/></service></services>")]
    [InlineData("<service_requests><request><status>pending</status></request></service_requests>")]
    [InlineData("<service_requests><request><service_code>1</service_code><service_request_id>2</service_request_id></request></service_requests>")]
    [InlineData("<errors/>")]
    public void XML_that_breaks_the_specification_is_invalid(string xml) =>
        Open311Schemas.XmlProblems(xml).Should().NotBeEmpty();

    [Theory]
    [InlineData("""[{"service_code":"1","service_name":"x","description":null,"metadata":"yes","type":"realtime","keywords":null,"group":null}]""", "services")]
    [InlineData("""[{"service_request_id":"1","status":"pending","service_code":"1","requested_datetime":"2026-12-01T00:00:00+08:00"}]""", "requests")]
    [InlineData("""[{"service_request_id":"1","status":"open","service_code":"1","requested_datetime":"yesterday"}]""", "requests")]
    [InlineData("""[{"service_notice":"no id and no token"}]""", "post-request")]
    [InlineData("[]", "errors")]
    public void JSON_that_breaks_the_specification_is_invalid(string json, string schema) =>
        Open311Schemas.JsonProblems(json, schema).Should().NotBeEmpty();
}
