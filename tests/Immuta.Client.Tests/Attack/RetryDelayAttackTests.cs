using Immuta.Client.Resilience;
using Xunit;

namespace Immuta.Client.Tests.Attack;

/// <summary>A schedule of zero delays stays zero however many attempts came before: a wait on a fake clock that nobody advances ends.</summary>
public sealed class RetryDelayAttackTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(100_000)]
    [InlineData(int.MaxValue)]
    public void Next_ZeroInitialDelayAfterManyAttempts_Zero(int attempt)
    {
        var delay = RetryDelay.ForPolling(
            new PollingOptions { InitialDelay = TimeSpan.Zero, MaxDelay = TimeSpan.FromMilliseconds(1), MinimumInterval = TimeSpan.Zero, JitterFactor = 0.2 },
            TimeSpan.FromMinutes(1));

        Assert.Equal(TimeSpan.Zero, delay.Next(attempt, retryAfter: null, random: 0.9));
    }

    [Fact]
    public void Next_PositiveInitialDelayPastTheOverflow_TheCap()
    {
        var delay = RetryDelay.ForPolling(new PollingOptions { JitterFactor = 0 }, TimeSpan.FromMinutes(1));

        Assert.Equal(new PollingOptions().MaxDelay, delay.Next(5000, retryAfter: null, random: 0.5));
    }
}
