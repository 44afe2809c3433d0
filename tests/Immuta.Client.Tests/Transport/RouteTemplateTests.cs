using Immuta.Client.Diagnostics;
using Xunit;

namespace Immuta.Client.Tests.Transport;

/// <summary>Logs, spans and metrics name a call by its route template, never by the integration id or the query.</summary>
public sealed class RouteTemplateTests
{
    [Theory]
    [InlineData("/integrations", "/integrations")]
    [InlineData("/integrations?x=1", "/integrations")]
    [InlineData("/integrations/", "/integrations/")]
    [InlineData("/integrations/123", "/integrations/{id}")]
    [InlineData("/integrations/123?forceDisable=true&dryRun=false", "/integrations/{id}")]
    [InlineData("/integrations/123/status", "/integrations/{id}/status")]
    [InlineData("/integrations/123/regenerate", "/integrations/{id}/regenerate")]
    [InlineData("/integrations/123/scripts/edit", "/integrations/{id}/scripts/edit")]
    [InlineData("/integrations/123/scripts/delete", "/integrations/{id}/scripts/delete")]
    [InlineData("/integrations/123/something/new", "/integrations/{id}/something/new")]
    [InlineData("/integrations/scripts/create", "/integrations/scripts/create")]
    [InlineData("/integrations/scripts/post-cleanup", "/integrations/scripts/post-cleanup")]
    [InlineData("/other/123", "/other/123")]
    public void RouteOf_Path_TemplateWithoutIdOrQuery(string path, string expected)
        => Assert.Equal(expected, ImmutaTelemetry.RouteOf(path));

    [Fact]
    public void RouteOf_DocumentedRoute_SharedConstant()
        => Assert.Same(ImmutaTelemetry.RouteOf("/integrations/1/status"), ImmutaTelemetry.RouteOf("/integrations/2/status"));
}
