using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Transport;

/// <summary>
/// The ids of §11/§15 E-1 and E-5 messages in odd wordings (casing, spaces, the id quoted as a string): the id is read, and
/// where the two forms of E-1 disagree, none is (an id that is not certain is not one to send a PUT to).
/// </summary>
public sealed class DocumentedErrorWordingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> ConflictWordings() => new()
    {
        { "upper-case ID", "Snowflake integration already exists on host a.snowflakecomputing.com (ID = 7)" },
        { "spaces inside the parentheses", "Snowflake integration already exists on a.snowflakecomputing.com ( id = 7 )" },
        { "id as a double-quoted string", "Snowflake integration already exists on a.snowflakecomputing.com (id = \"7\")" },
        { "id as a single-quoted string", "Snowflake integration already exists on a.snowflakecomputing.com (id = '7')" },
        { "colon", "Snowflake integration already exists on a.snowflakecomputing.com (id: 7)" },
        { "no spaces", "Snowflake integration already exists on host a.snowflakecomputing.com (id=7)." },
    };

    [Theory]
    [MemberData(nameof(ConflictWordings))]
    public void ExistingIdOf_OddWording_TheId(string wording, string message)
        => Assert.True(ImmutaExceptionFactory.ExistingIdOf(message) == "7", wording);

    [Fact]
    public void ExistingIdOf_QuotesThatDoNotPair_NoId()
        => Assert.Null(ImmutaExceptionFactory.ExistingIdOf("Snowflake integration already exists on a.snowflakecomputing.com (id = \"7')"));

    public static TheoryData<string, string, string?> PreviouslyFailedWordings() => new()
    {
        { "placeholder path, upper-case ID", "Use PUT /integrations/{id} endpoint to update connection information for Snowflake integration on host h (ID = 7) that previously failed to create.", "7" },
        { "placeholder path, id as a string", "Use PUT /integrations/{id} endpoint to update connection information for Snowflake integration on host h (id = \"7\") that previously failed to create.", "7" },
        { "path and upper-case ID disagree", "Use PUT /integrations/8 endpoint to update connection information for Snowflake integration on host h (ID = 7) that previously failed to create.", null },
        { "path and quoted id disagree", "Use PUT /integrations/8 endpoint to update connection information for Snowflake integration on host h (id = '7') that previously failed to create.", null },
        { "all upper case, both agree", "USE PUT /INTEGRATIONS/7 ENDPOINT TO UPDATE CONNECTION INFORMATION FOR SNOWFLAKE INTEGRATION ON HOST H (ID = 7) THAT PREVIOUSLY FAILED TO CREATE.", "7" },
    };

    [Theory]
    [MemberData(nameof(PreviouslyFailedWordings))]
    public void PreviouslyFailedIdOf_OddWording_TheIdOnlyWhenCertain(string wording, string message, string? id)
        => Assert.True(ImmutaExceptionFactory.PreviouslyFailedIdOf(message) == id, wording);

    // The end-to-end consequence of the disagreement case: no PUT to the id of the path alone.
    [Fact]
    public async Task CreateOrAdoptAsync_E1FormsDisagreeInUpperCase_ThrownAsItIsAndNothingPut()
    {
        using var stub = new StubImmuta();
        stub.Reply("POST", "/integrations", 400, """
            {"statusCode":400,"error":"Bad Request","message":"Use PUT /integrations/8 endpoint to update connection information for Snowflake integration on host organization.us-east-1.snowflakecomputing.com (ID = 7) that previously failed to create."}
            """);
        var definition = ImmutaJson.Deserialize<IntegrationDefinition>(Examples.Read("post-integrations.snowflake.userPassword.request.json"));

        var error = await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => stub.Integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Completed, definition, Ct));

        Assert.Null(error.ExistingIntegrationId);
        Assert.Single(stub.Requests());
    }
}
