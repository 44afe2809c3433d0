using Xunit;

namespace Immuta.Client.Tests.Serialization;

/// <summary>A type argument that is not a model of the SDK is a bad argument (<see cref="ArgumentException"/>), not an undocumented exception.</summary>
public sealed class JsonTypeArgumentTests
{
    [Fact]
    public void DeserializeStrict_TypeThatIsNoModel_ThrowsArgumentException()
        => Assert.Throws<ArgumentException>(() => ImmutaJson.DeserializeStrict<Dictionary<int, Uri>>("{}"));

    [Fact]
    public void Deserialize_TypeThatIsNoModel_ThrowsArgumentException()
        => Assert.Throws<ArgumentException>(() => ImmutaJson.Deserialize<Dictionary<int, Uri>>("{}"));

    [Fact]
    public void Serialize_TypeThatIsNoModel_ThrowsArgumentException()
        => Assert.Throws<ArgumentException>(() => ImmutaJson.Serialize(new Dictionary<int, Uri>()));
}
