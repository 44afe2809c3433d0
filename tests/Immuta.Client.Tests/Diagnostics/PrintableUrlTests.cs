using System.Text;
using Immuta.Client.Http;
using Immuta.Client.Internal;
using Xunit;

namespace Immuta.Client.Tests.Diagnostics;

/// <summary>
/// The one place a URL becomes printable (<c>url.full</c>, <c>server.address</c>, an exception's path and Location): the
/// API key and the request's credentials never print, wherever a followed redirect put them, raw or percent-encoded; the
/// SDK's own flags still do.
/// </summary>
public sealed class PrintableUrlTests
{
    private const string Key = "ak-PRNKEY-5521-xy";
    private const string Password = "pw-PRNPWD-8812-zz";

    private static readonly SecretScrubber Secrets = new([Key, Password]);

    public static TheoryData<string> AddressesHoldingTheKey =>
    [
        $"https://elsewhere.test/integrations/{Key}/status",
        $"https://elsewhere.test/integrations/{EncodeEveryByte(Key)}",
        $"https://elsewhere.test/integrations;jsessionid={Key}",
        $"https://elsewhere.test/integrations;jsessionid={EncodeEveryByte(Key)};x=1",
        $"https://{Key}@elsewhere.test/integrations",
        $"https://svc:{Key}@elsewhere.test/integrations",
        $"https://{Key}.elsewhere.test/integrations",
        $"https://elsewhere.test/integrations#{Key}",
        $"https://elsewhere.test/integrations?{Key}=1",
        $"https://elsewhere.test/integrations/{Key.ToUpperInvariant()}",
        $"https://elsewhere.test/integrations/{Password}",
        $"https://elsewhere.test/a%2F{Key}%2Fb",
    ];

    [Theory]
    [MemberData(nameof(AddressesHoldingTheKey))]
    public void Full_KeyAnywhereInTheAddress_NotPrinted(string address)
        => AssertClean(PrintableUrl.Full(new Uri(address), Secrets)!);

    [Theory]
    [MemberData(nameof(AddressesHoldingTheKey))]
    public void Path_KeyAnywhereInTheAddress_NotPrinted(string address)
        => AssertClean(PrintableUrl.Path(new Uri(address), Secrets));

    [Theory]
    [MemberData(nameof(AddressesHoldingTheKey))]
    public void Location_KeyAnywhereInTheAddress_NotPrinted(string address)
        => AssertClean(PrintableUrl.Location(new Uri(address), Secrets).ToString());

    [Theory]
    [MemberData(nameof(AddressesHoldingTheKey))]
    public void Host_KeyAnywhereInTheAddress_NotPrinted(string address)
        => AssertClean(PrintableUrl.Host(new Uri(address), Secrets) ?? string.Empty);

    [Fact]
    public void Path_RelativeAddressWithTheKey_NotPrinted()
        => AssertClean(PrintableUrl.Path(new Uri($"/integrations/{Key}?token={Key}#{Key}", UriKind.Relative), Secrets));

    [Fact]
    public void Full_KeyInPathSegment_MaskedInPlaceAndTheRestKept()
        => Assert.Equal(
            "https://REDACTED:REDACTED@elsewhere.test:8443/integrations/REDACTED/status?dryRun=true&token=REDACTED",
            PrintableUrl.Full(new Uri($"https://u:{Password}@elsewhere.test:8443/integrations/{Key}/status?dryRun=true&token=abc#frag"), Secrets));

    [Fact]
    public void Path_SdkFlagsAndOrdinaryPath_KeptAsSent()
        => Assert.Equal("/integrations/42?dryRun=true&forceDisable=true", PrintableUrl.Path(new Uri("https://tenant.test/integrations/42?dryRun=true&forceDisable=true"), Secrets));

    [Fact]
    public void Location_KeyInHost_StillAnAbsoluteUrl()
    {
        var location = PrintableUrl.Location(new Uri($"https://{Key}.elsewhere.test/x"), Secrets);

        Assert.True(location.IsAbsoluteUri);
        Assert.Equal("https://redacted.elsewhere.test/x", location.ToString()); // a host is lower case in a Uri
    }

    private static void AssertClean(string printed)
    {
        Assert.DoesNotContain("PRNKEY", printed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("PRNPWD", printed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("%50%52%4E", printed, StringComparison.OrdinalIgnoreCase); // "PRN" percent-encoded
    }

    private static string EncodeEveryByte(string text) => string.Concat(Encoding.UTF8.GetBytes(text).Select(b => $"%{b:X2}"));
}
