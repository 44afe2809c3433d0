using System.Reflection;
using Xunit;

namespace Immuta.Client.Tests;

/// <summary>Rules over the built assembly that keep the public surface consistent.</summary>
public sealed class ConventionTests
{
    private static readonly Type[] PublicTypes = typeof(ImmutaClient).Assembly.GetExportedTypes();

    private static IEnumerable<MethodInfo> PublicMethods()
        => PublicTypes.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsSpecialName);

    [Fact]
    public void AsyncMethods_EndInAsyncAndTakeCancellationTokenLast()
    {
        var offenders = PublicMethods()
            .Where(m => typeof(Task).IsAssignableFrom(m.ReturnType) || m.ReturnType.Name.StartsWith("IAsyncEnumerable", StringComparison.Ordinal))
            .Where(m => !m.Name.EndsWith("Async", StringComparison.Ordinal)
                || m.GetParameters() is not [.., { ParameterType: var last, HasDefaultValue: true }] || last != typeof(CancellationToken))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void PublicSurface_ExposesNoRefitOrPollyType()
    {
        var leaks = PublicTypes
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .SelectMany(m => m switch
            {
                MethodInfo method => method.GetParameters().Select(p => p.ParameterType).Append(method.ReturnType),
                PropertyInfo property => [property.PropertyType],
                ConstructorInfo ctor => ctor.GetParameters().Select(p => p.ParameterType),
                _ => [],
            })
            .Where(t => t.Namespace is { } ns && (ns.StartsWith("Refit", StringComparison.Ordinal) || ns.StartsWith("Polly", StringComparison.Ordinal)))
            .Select(t => t.FullName)
            .Distinct()
            .ToList();

        Assert.Empty(leaks);
    }

    [Fact]
    public void Models_AreSealedRecords()
    {
        var unsealed = PublicTypes
            .Where(t => typeof(ImmutaModel).IsAssignableFrom(t) && !t.IsAbstract && !t.IsSealed)
            .Select(t => t.Name)
            .ToList();

        Assert.Empty(unsealed);
    }

    [Fact]
    public void SecretProperties_AreSecretStrings()
    {
        string[] secretNames = ["Password", "Token", "PrivateKey", "ClientSecret", "AwsSecretAccessKey", "Credential", "NewKey", "ConnectArgs"];
        var plain = PublicTypes
            .Where(t => typeof(ImmutaModel).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties().Select(p => (Type: t, Property: p)))
            .Where(x => secretNames.Contains(x.Property.Name) && x.Property.PropertyType != typeof(SecretString))
            .Select(x => $"{x.Type.Name}.{x.Property.Name}")
            .ToList();

        Assert.Empty(plain);
    }

    [Fact]
    public void FeatureClients_HaveProtectedConstructorsAndVirtualMembers()
    {
        foreach (var type in new[] { typeof(ImmutaClient), typeof(IntegrationsClient), typeof(IntegrationScriptsClient), typeof(IntegrationOperation) })
        {
            Assert.Contains(type.GetConstructors(BindingFlags.NonPublic | BindingFlags.Instance), c => c.IsFamily && c.GetParameters().Length == 0);
            var nonVirtual = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsVirtual && m.Name != "Dispose")
                .Select(m => m.Name)
                .ToList();
            Assert.True(nonVirtual.Count == 0, $"{type.Name}: {string.Join(", ", nonVirtual)}");
        }
    }
}
