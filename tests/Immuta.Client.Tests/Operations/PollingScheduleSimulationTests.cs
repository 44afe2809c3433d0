using Immuta.Client.Resilience;
using Xunit;

namespace Immuta.Client.Tests.Operations;

/// <summary>
/// What waiting costs: 10,000 settle times drawn from a lognormal distribution (median 30 s, sigma 1), each followed on
/// the poller's own schedule (<see cref="RetryDelay.Next"/>, the function the Polly pipeline calls; the fake-clock
/// tests show the pipeline keeps to it). Reports the mean number of status requests and how late the caller learns.
/// </summary>
public sealed class PollingScheduleSimulationTests(ITestOutputHelper output)
{
    private const int Runs = 10_000;

    [Fact]
    public void DefaultSchedule_LognormalSettleTimes_FewRequestsAndShortDelay()
    {
        var result = Simulate(new PollingOptions(), seed: 20261122);

        output.WriteLine($"defaults over {Runs} settle times (lognormal, median 30 s, sigma 1): mean {result.MeanRequests:F2} status requests, "
            + $"delay to know p50 {result.P50Delay:F2} s, p95 {result.P95Delay:F2} s, max {result.MaxRequests} requests");
        var fixedOne = Simulate(new PollingOptions { InitialDelay = TimeSpan.FromSeconds(1), BackoffFactor = 1, MaxDelay = TimeSpan.FromSeconds(1), JitterFactor = 0 }, seed: 20261122);
        output.WriteLine($"fixed 1 s polling for comparison: mean {fixedOne.MeanRequests:F2} requests, p95 delay {fixedOne.P95Delay:F2} s");

        Assert.True(result.MeanRequests <= 13, $"mean requests {result.MeanRequests:F2} > 13");
        Assert.True(result.P95Delay <= 5.2, $"p95 delay {result.P95Delay:F2} s > 5.2 s");
        Assert.True(fixedOne.MeanRequests > 40, "the comparison run should cost far more requests");
    }

    [Theory]
    [InlineData(30, 8)]
    [InlineData(60, 14)]
    [InlineData(0.5, 1)]
    [InlineData(12, 4)]
    public void DefaultSchedule_WithoutJitter_RequestCountForSettleTime(double settleSeconds, int requests)
    {
        var options = new PollingOptions { JitterFactor = 0 };

        Assert.Equal(requests, RequestsUntil(options, TimeSpan.FromSeconds(settleSeconds), () => 0.5, out _));
    }

    [Fact]
    public void NextDelay_RetryAfter_OverridesBackoffWithinTheCap()
    {
        var delay = RetryDelay.ForPolling(new PollingOptions(), new ImmutaRetryOptions().MaxRetryAfter);

        Assert.Equal(TimeSpan.FromSeconds(9), delay.Next(0, TimeSpan.FromSeconds(9), 0.5));
        Assert.Equal(TimeSpan.FromSeconds(30), delay.Next(0, TimeSpan.FromHours(1), 0.5));
        Assert.Equal(TimeSpan.FromMilliseconds(250), delay.Next(0, TimeSpan.Zero, 0.5));
    }

    private static (double MeanRequests, double P50Delay, double P95Delay, int MaxRequests) Simulate(PollingOptions options, int seed)
    {
        var random = new Random(seed);
        var delays = new double[Runs];
        long total = 0;
        var max = 0;
        for (var i = 0; i < Runs; i++)
        {
            var settle = TimeSpan.FromSeconds(30 * Math.Exp(Normal(random)));
            var requests = RequestsUntil(options, settle, random.NextDouble, out var known);
            total += requests;
            max = Math.Max(max, requests);
            delays[i] = (known - settle).TotalSeconds;
        }

        Array.Sort(delays);
        return ((double)total / Runs, delays[Runs / 2], delays[(int)(Runs * 0.95)], max);
    }

    /// <summary>Status requests until one sees the settled state (or the timeout); <paramref name="known"/> is when it did.</summary>
    private static int RequestsUntil(PollingOptions options, TimeSpan settle, Func<double> random, out TimeSpan known)
    {
        var now = TimeSpan.Zero;
        var requests = 0;
        for (var attempt = 0; ; attempt++)
        {
            now += RetryDelay.ForPolling(options, TimeSpan.Zero).Next(attempt, retryAfter: null, random());
            if (now > options.Timeout)
            {
                known = options.Timeout;
                return requests;
            }

            requests++;
            if (now >= settle)
            {
                known = now;
                return requests;
            }
        }
    }

    private static double Normal(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
