using System.Reflection;
using Immuta.Client.Validation;
using Xunit;

namespace Immuta.Client.Tests.Validation;

/// <summary>
/// <see cref="LocalRules.All"/> is what the README table, the rule-by-rule cases and the severity test are checked against:
/// a rule declared but left out of it would escape all three.
/// </summary>
public sealed class LocalRulesTests
{
    [Fact]
    public void All_EveryDeclaredRuleOnce()
    {
        // The shared rules live in LocalRules, each platform's own in its descriptor (Platforms/*.cs).
        var declared = typeof(LocalRules).Assembly.GetTypes()
            .Where(t => t == typeof(LocalRules) || typeof(ImmutaPlatform).IsAssignableFrom(t))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(f => f.FieldType == typeof(LocalRule))
            .Select(f => (LocalRule)f.GetValue(null)!)
            .ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(LocalRules.All.Count, LocalRules.All.Distinct().Count());
        Assert.Equal(LocalRules.All.Count, LocalRules.All.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(declared, rule => Assert.Contains(rule, LocalRules.All));
        Assert.Equal(declared.Count, LocalRules.All.Count);
    }
}
