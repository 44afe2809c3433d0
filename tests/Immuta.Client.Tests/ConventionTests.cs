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
            .SelectMany(SignatureTypes)
            .SelectMany(TypesWithin)
            .Where(IsRefitOrPolly)
            .Select(t => t.FullName ?? t.Name)
            .Distinct()
            .ToList();

        Assert.Empty(leaks);
    }

    // The check above looks inside generic arguments, arrays and by-ref types: a Refit type wrapped in a Task, a list or an
    // array is found too (this case proves the check can fail).
    [Fact]
    public void TypesWithin_RefitTypeInsideAGenericTask_Found()
    {
        var found = TypesWithin(typeof(Task<Refit.IApiResponse<IReadOnlyList<string>[]>>)).Where(IsRefitOrPolly).ToList();

        Assert.Single(found);
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

    private static bool IsRefitOrPolly(Type type)
        => type.Namespace is { } ns && (ns.StartsWith("Refit", StringComparison.Ordinal) || ns.StartsWith("Polly", StringComparison.Ordinal));

    // Every type a public member's signature names: parameters, returns, properties, fields, events, base types and interfaces.
    private static IEnumerable<Type> SignatureTypes(Type type)
        => type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .SelectMany(m => m switch
            {
                MethodInfo method => method.GetParameters().Select(p => p.ParameterType).Append(method.ReturnType),
                PropertyInfo property => [property.PropertyType],
                FieldInfo field => [field.FieldType],
                EventInfo { EventHandlerType: { } handler } => [handler],
                ConstructorInfo ctor => ctor.GetParameters().Select(p => p.ParameterType),
                _ => [],
            })
            .Concat(type.GetInterfaces())
            .Concat(type.BaseType is { } baseType ? [baseType] : []);

    private static IEnumerable<Type> TypesWithin(Type type)
    {
        yield return type;
        var inner = type.HasElementType ? [type.GetElementType()!] : type.IsGenericType ? type.GetGenericArguments() : [];
        foreach (var nested in inner.SelectMany(TypesWithin))
        {
            yield return nested;
        }
    }
}
