using System.Text.Json;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Serialization;

/// <summary>
/// Values that repeat across the items of a list (statuses, validation test names) are read as shared instances, and
/// reading them that way never changes what is read.
/// </summary>
public sealed class SharedValueTests
{
    private static IReadOnlyList<Integration> ReadList(string json) => ImmutaJson.Deserialize<IReadOnlyList<Integration>>(json);

    private static string TwoSnowflakeIntegrations(string name, string status) => $$$"""
        [
          {"id":"1","status":"enabled","type":"Snowflake","validationResults":{"status":"passed","validationTests":[{"name":"{{{name}}}","status":"{{{status}}}"}]},"config":{"host":"a"}},
          {"id":"2","status":"enabled","type":"Snowflake","validationResults":{"status":"passed","validationTests":[{"name":"{{{name}}}","status":"{{{status}}}"}]},"config":{"host":"b"}}
        ]
        """;

    private static ValidationTest OnlyTest(Integration integration) => Assert.Single(integration.ValidationResults!.ValidationTests!);

    [Fact]
    public void Deserialize_KnownStatus_SharesTheDocumentedInstance()
    {
        var list = ReadList(TwoSnowflakeIntegrations("Basic Connection Test", "passed"));

        Assert.Same(ValidationStatus.Passed.Value, OnlyTest(list[0]).Status!.Value.Value);
        Assert.Same(IntegrationStatus.Enabled.Value, list[1].Status!.Value.Value);
    }

    [Theory]
    [InlineData("PASSED")]
    [InlineData("passedX")]
    [InlineData("pass")]
    public void Deserialize_StatusOnlyLikeAKnownOne_KeptAsSent(string status)
    {
        var test = OnlyTest(ReadList(TwoSnowflakeIntegrations("Basic Connection Test", status))[0]);

        Assert.Equal(status, test.Status!.Value.Value);
        Assert.NotSame(ValidationStatus.Passed.Value, test.Status!.Value.Value);
    }

    [Fact]
    public void Deserialize_EscapedKnownStatus_ReadAsTheKnownValue()
    {
        var test = OnlyTest(ReadList(TwoSnowflakeIntegrations("Basic Connection Test", "pa\\u0073sed"))[0]);

        Assert.Equal("passed", test.Status!.Value.Value);
        Assert.Equal(ValidationStatus.Passed, test.Status);
    }

    [Fact]
    public void Deserialize_SameTestNameInTwoItems_OneInstance()
    {
        var list = ReadList(TwoSnowflakeIntegrations("Validate Automatic: Database Does Not Exist", "passed"));

        Assert.Equal("Validate Automatic: Database Does Not Exist", OnlyTest(list[0]).Name);
        Assert.Same(OnlyTest(list[0]).Name, OnlyTest(list[1]).Name);
    }

    [Fact]
    public async Task Deserialize_SameTestNameWhileAnotherThreadReadsOtherNames_OneInstance()
    {
        // Tests (and clients) read in parallel: another thread's names, which fill every slot of a process-wide cache,
        // once replaced this list's name between two of its items.
        const string Name = "Validate Automatic: Database Does Not Exist";
        var items = Enumerable.Range(0, 200).Select(i =>
            $$$"""{"id":"{{{i}}}","status":"enabled","type":"Snowflake","validationResults":{"status":"passed","validationTests":[{"name":"{{{Name}}}","status":"passed"}]},"config":{"host":"a"}}""");
        var json = "[" + string.Join(',', items) + "]";
        var others = JsonSerializer.Serialize(new
        {
            status = "passed",
            validationTests = Enumerable.Range(0, 2000).Select(i => new { name = $"Other check {i:D4}", status = "passed" }),
        });
        using var stop = new CancellationTokenSource();
        var reading = Task.Run(
            () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    ImmutaJson.Deserialize<ValidationResults>(others);
                }
            },
            TestContext.Current.CancellationToken);
        try
        {
            for (var round = 0; round < 20; round++)
            {
                var list = ReadList(json);

                var first = OnlyTest(list[0]).Name;
                Assert.Equal(Name, first);
                Assert.All(list, integration => Assert.Same(first, OnlyTest(integration).Name));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await reading;
        }
    }

    [Theory]
    [InlineData("Prüfung der Verbindung", "Prüfung der Verbindung")]
    [InlineData("Tab\\tand \\\"quotes\\\"", "Tab\tand \"quotes\"")]
    [InlineData("", "")]
    public void Deserialize_TestNameNotPlainAscii_ReadExactly(string wire, string expected)
    {
        var list = ReadList(TwoSnowflakeIntegrations(wire, "passed"));

        Assert.Equal(expected, OnlyTest(list[0]).Name);
        Assert.Equal(expected, OnlyTest(list[1]).Name);
    }

    [Fact]
    public void Deserialize_ManyDistinctTestNames_EachReadExactly()
    {
        // More names than the cache has slots: collisions replace slots, and every name still reads back as sent.
        var names = Enumerable.Range(0, 2000).Select(i => $"Check {i:D4}: " + new string((char)('a' + i % 26), i % 90)).ToArray();
        var json = JsonSerializer.Serialize(new
        {
            status = "passed",
            validationTests = names.Select(name => new { name, status = "passed" }),
        });

        var read = ImmutaJson.Deserialize<ValidationResults>(json);
        var again = ImmutaJson.Deserialize<ValidationResults>(json);

        Assert.Equal(names, read.ValidationTests!.Select(test => test.Name));
        Assert.Equal(names, again.ValidationTests!.Select(test => test.Name));
    }

    [Theory]
    [InlineData("5")]
    [InlineData("true")]
    [InlineData("{}")]
    public void Parse_TestNameNotAString_SerializationErrorWithItsPath(string name)
    {
        // Read from a file, a value of the wrong type is an error (read from a response, it is kept: see NoDataLostTests).
        var error = Assert.Throws<ImmutaSerializationException>(
            () => IntegrationDefinitionFile.Parse<ValidationResults>($$"""{"validationTests":[{"name":{{name}}}]}""", IntegrationFileFormat.Json));

        Assert.Contains("validationTests[0].name", error.Message, StringComparison.Ordinal);
        Assert.Equal("$.validationTests[0].name", error.JsonPath);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("[]")]
    public void Parse_StatusNotAString_SerializationErrorWithItsPath(string status)
    {
        var error = Assert.Throws<ImmutaSerializationException>(
            () => IntegrationDefinitionFile.Parse<ValidationResults>($$"""{"validationTests":[{"status":{{status}}}]}""", IntegrationFileFormat.Json));

        Assert.Contains("validationTests[0].status", error.Message, StringComparison.Ordinal);
        Assert.Equal("$.validationTests[0].status", error.JsonPath);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("{}")]
    public void Deserialize_TestNameNotAString_KeptAsItCame(string name)
    {
        var json = $$"""{"validationTests":[{"name":{{name}},"status":"passed"}]}""";

        var read = ImmutaJson.Deserialize<ValidationResults>(json);

        Assert.Null(read.ValidationTests![0].Name);
        Assert.Equal(ValidationStatus.Passed, read.ValidationTests[0].Status);
        JsonAssert.Equivalent(json, ImmutaJson.Serialize(read));
    }

    [Fact]
    public void Deserialize_TestNameLongerThanTheCacheLimit_ReadExactly()
    {
        var name = new string('n', 1000);

        var list = ReadList(TwoSnowflakeIntegrations(name, "passed"));

        Assert.Equal(name, OnlyTest(list[0]).Name);
        Assert.NotSame(OnlyTest(list[0]).Name, OnlyTest(list[1]).Name);
    }
}
