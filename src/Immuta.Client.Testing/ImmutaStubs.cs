using System.Globalization;
using System.Net;
using System.Text;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Immuta.Client.Testing;

/// <summary>
/// Typed WireMock.Net stubs of Immuta's Integrations API, for tests that already run their own
/// <see cref="WireMockServer"/> (or add a stub to a <see cref="FakeImmutaServer"/> with
/// <see cref="FakeImmutaServer.Given"/>): a request matcher per endpoint, and answers written from the SDK's models with
/// the SDK's serializer, so a stub cannot drift from the wire the SDK reads.
/// </summary>
/// <remarks>
/// Matchers match the method and path only; chain WireMock's own (<c>.WithHeader("Authorization", key)</c>,
/// <c>.WithParam("dryRun", "true")</c>) for more. Answers are JSON written as Immuta writes it (<c>"&lt;REDACTED&gt;"</c>
/// literally, ids as numbers); they hold whatever the model holds, credentials included, so give them the values a GET
/// returns.
/// </remarks>
/// <example>
/// <code>
/// server.Given(ImmutaStubs.GetIntegration("7")).RespondWith(ImmutaStubs.Integration(snowflake));
/// server.GivenStatusSequence("7", IntegrationStatus.Creating, IntegrationStatus.Enabled);
/// server.Given(ImmutaStubs.CreateIntegration()).RespondWith(ImmutaStubs.Error(HttpStatusCode.Conflict, "… (id = 7)"));
/// </code>
/// </example>
public static class ImmutaStubs
{
    /// <summary><c>GET /integrations</c>.</summary>
    /// <returns>The request matcher.</returns>
    public static IRequestBuilder ListIntegrations() => Endpoint("GET", "/integrations");

    /// <summary><c>GET /integrations/{id}</c>.</summary>
    /// <param name="id">The integration id.</param>
    /// <returns>The request matcher.</returns>
    public static IRequestBuilder GetIntegration(string id) => Endpoint("GET", $"/integrations/{Id(id)}");

    /// <summary><c>GET /integrations/{id}/status</c>.</summary>
    /// <param name="id">The integration id.</param>
    /// <returns>The request matcher.</returns>
    public static IRequestBuilder GetStatus(string id) => Endpoint("GET", $"/integrations/{Id(id)}/status");

    /// <summary><c>POST /integrations</c> (a create, or a validation with <c>dryRun=true</c>).</summary>
    /// <returns>The request matcher.</returns>
    public static IRequestBuilder CreateIntegration() => Endpoint("POST", "/integrations");

    /// <summary><c>PUT /integrations/{id}</c>.</summary>
    /// <param name="id">The integration id.</param>
    /// <returns>The request matcher.</returns>
    public static IRequestBuilder UpdateIntegration(string id) => Endpoint("PUT", $"/integrations/{Id(id)}");

    /// <summary><c>DELETE /integrations/{id}</c>.</summary>
    /// <param name="id">The integration id.</param>
    /// <returns>The request matcher.</returns>
    public static IRequestBuilder DeleteIntegration(string id) => Endpoint("DELETE", $"/integrations/{Id(id)}");

    /// <summary><c>POST /integrations/{id}/regenerate</c>.</summary>
    /// <param name="id">The integration id.</param>
    /// <returns>The request matcher.</returns>
    public static IRequestBuilder RegenerateKey(string id) => Endpoint("POST", $"/integrations/{Id(id)}/regenerate");

    /// <summary>
    /// <c>POST /integrations/scripts/{name}</c> (<c>create</c>, <c>initial-create</c>, <c>cleanup</c>, <c>post-cleanup</c>)
    /// or, with an id, <c>POST /integrations/{id}/scripts/{name}</c> (<c>edit</c>, <c>delete</c>).
    /// </summary>
    /// <param name="name">The script's name, such as <c>create</c>.</param>
    /// <param name="id">The integration id, for <c>edit</c> and <c>delete</c>.</param>
    /// <returns>The request matcher.</returns>
    public static IRequestBuilder Script(string name, string? id = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Endpoint("POST", id is null ? $"/integrations/scripts/{name}" : $"/integrations/{Id(id)}/scripts/{name}");
    }

    /// <summary>200 with one integration, as <c>GET /integrations/{id}</c> answers.</summary>
    /// <param name="integration">The integration.</param>
    /// <returns>The response.</returns>
    public static IResponseBuilder Integration(Integration integration) => Json(HttpStatusCode.OK, Write(integration));

    /// <summary>200 with a list, as <c>GET /integrations</c> answers.</summary>
    /// <param name="integrations">The integrations (none for an empty list).</param>
    /// <returns>The response.</returns>
    public static IResponseBuilder Integrations(IEnumerable<Integration> integrations)
    {
        ArgumentNullException.ThrowIfNull(integrations);
        return Json(HttpStatusCode.OK, "[" + string.Join(",", integrations.Select(Write)) + "]");
    }

    /// <summary>200 with <c>{"id": …, "status": …}</c>, as <c>GET /integrations/{id}/status</c> answers.</summary>
    /// <param name="id">The integration id.</param>
    /// <param name="status">The status.</param>
    /// <returns>The response.</returns>
    public static IResponseBuilder Status(string id, IntegrationStatus status)
        => Json(HttpStatusCode.OK, Write(new IntegrationStatusResult { Id = Id(id), Status = status }));

    /// <summary>
    /// The answer to a create, update or delete (<c>{"id": …, "status": …}</c>, with validation results if given): 200, as
    /// Immuta documents for all three.
    /// </summary>
    /// <param name="result">The result, such as <c>new IntegrationOperationResult { Id = "7", Status = IntegrationStatus.Creating }</c>.</param>
    /// <returns>The response.</returns>
    public static IResponseBuilder Accepted(IntegrationOperationResult result) => Json(HttpStatusCode.OK, Write(result));

    /// <summary>200 with a script, as the script endpoints answer (<c>text/plain</c> unless the script says otherwise).</summary>
    /// <param name="script">The script.</param>
    /// <returns>The response.</returns>
    public static IResponseBuilder ScriptText(IntegrationScript script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return Response.Create().WithStatusCode(HttpStatusCode.OK)
            .WithHeader("Content-Type", script.MediaType ?? "text/plain")
            .WithBody(script.Text, encoding: Encoding.UTF8);
    }

    /// <summary>
    /// An error as Immuta documents it: <c>{"statusCode": 409, "error": "Conflict", "message": "…"}</c> (spec §8, §11),
    /// such as 404 <c>"No Integration found with ID 7."</c> or 409 <c>"… already exists on host … (id = 7)"</c>.
    /// </summary>
    /// <param name="statusCode">The status.</param>
    /// <param name="message">The message.</param>
    /// <returns>The response.</returns>
    public static IResponseBuilder Error(HttpStatusCode statusCode, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Json(statusCode, FakeHttpResponse.Error((int)statusCode, ErrorText(statusCode), message).Body!);
    }

    /// <summary>
    /// Stubs <c>GET /integrations/{id}/status</c> to answer these statuses one after another, then the last one for good
    /// (a WireMock scenario of its own), as an integration that is <c>creating</c> and then <c>enabled</c>.
    /// </summary>
    /// <param name="server">Your server, or the one behind <see cref="FakeImmutaServer.Given"/>.</param>
    /// <param name="id">The integration id.</param>
    /// <param name="statuses">The statuses, in order; at least one.</param>
    /// <returns>The server.</returns>
    public static WireMockServer GivenStatusSequence(this WireMockServer server, string id, params IntegrationStatus[] statuses)
    {
        ArgumentNullException.ThrowIfNull(server);
        GivenStatusSequence(request => server.Given(request), id, statuses);
        return server;
    }

    /// <summary>The status sequence, on whatever adds a mapping (a server, or a fake).</summary>
    internal static void GivenStatusSequence(Func<IRequestBuilder, WireMock.Server.IRespondWithAProvider> given, string id, IntegrationStatus[] statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        if (statuses.Length == 0)
        {
            throw new ArgumentException("Give at least one status.", nameof(statuses));
        }

        if (statuses.Length == 1)
        {
            given(GetStatus(id)).RespondWith(Status(id, statuses[0]));
            return;
        }

        // A scenario of its own, so two sequences (or two tests on one server) do not share a state. The last answer sets
        // its own state again: a mapping that sets none sends WireMock's scenario back to its start.
        var scenario = string.Create(CultureInfo.InvariantCulture, $"Immuta status of {Id(id)} ({Guid.NewGuid():N})");
        for (var i = 0; i < statuses.Length; i++)
        {
            var mapping = given(GetStatus(id)).InScenario(scenario);
            if (i > 0)
            {
                mapping = mapping.WhenStateIs(State(i));
            }

            mapping.WillSetStateTo(State(Math.Min(i + 1, statuses.Length - 1))).RespondWith(Status(id, statuses[i]));
        }
    }

    private static string State(int index) => string.Create(CultureInfo.InvariantCulture, $"answered {index}");

    private static IRequestBuilder Endpoint(string method, string path) => Request.Create().WithPath(path).UsingMethod(method);

    // An id goes into a path: this refuses what the SDK refuses (its one rule), and stubs every id the SDK sends.
    private static string Id(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (!IntegrationsClient.IsWellFormedId(id))
        {
            throw new ArgumentException($"An integration id holds only letters, digits, '-' and '_', such as 7; was '{id}'.", nameof(id));
        }

        return id;
    }

    private static IResponseBuilder Json(HttpStatusCode status, string body)
        => Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(body, encoding: Encoding.UTF8);

    private static string Write<T>(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return FakeJson.Serialize(value);
    }

    // The status texts Immuta's status-code pages list (spec §11, Q21); the standard reason phrase for the others.
    private static string ErrorText(HttpStatusCode status) => (int)status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        422 => "Unprocessable entity",
        _ => Enum.IsDefined(status) ? status.ToString() : "Error",
    };
}
