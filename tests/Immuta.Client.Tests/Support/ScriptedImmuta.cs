using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Immuta.Client.Tests.Support;

/// <summary>
/// An in-memory Immuta for the poller's tests: answers each request from a script that sees the fake clock, and records
/// when (on that clock) every request arrived. No socket, no real time.
/// </summary>
internal sealed class ScriptedImmuta : HttpMessageHandler
{
    private readonly Func<ScriptedImmuta, HttpRequestMessage, HttpResponseMessage> _respond;
    private readonly List<(string Method, string Path, TimeSpan At)> _requests = [];
    private readonly object _gate = new();

    public ScriptedImmuta(Func<ScriptedImmuta, HttpRequestMessage, HttpResponseMessage> respond, PollingOptions? polling = null)
    {
        _respond = respond;
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        Start = Time.GetUtcNow();
        var http = new HttpClient(this) { BaseAddress = new Uri("https://tenant.immuta.test") };
        Client = new ImmutaClient(http, new ImmutaApiKeyCredential("test-api-key"), new ImmutaClientOptions
        {
            TimeProvider = Time,
            Polling = polling ?? new PollingOptions(),
        });

        // No jitter unless a test asks for it: the schedule is then exact.
        Client.Integrations.Poller.Random = () => 0.5;
    }

    public FakeTimeProvider Time { get; }

    public DateTimeOffset Start { get; }

    public ImmutaClient Client { get; }

    public TimeSpan Elapsed => Time.GetUtcNow() - Start;

    public IReadOnlyList<(string Method, string Path, TimeSpan At)> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<TimeSpan> StatusPollTimes()
        => Requests.Where(r => r.Path.EndsWith("/status", StringComparison.Ordinal)).Select(r => r.At).ToList();

    /// <summary>Advances the fake clock in small steps until <paramref name="task"/> completes or <paramref name="max"/> passed.</summary>
    public async Task<T> DriveAsync<T>(Task<T> task, TimeSpan max, TimeSpan? step = null)
    {
        var limit = Time.GetUtcNow() + max;
        while (!task.IsCompleted && Time.GetUtcNow() < limit)
        {
            Time.Advance(step ?? TimeSpan.FromMilliseconds(50));
            for (var i = 0; i < 3 && !task.IsCompleted; i++)
            {
                await Task.Yield();
            }
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Advances the fake clock by <paramref name="total"/> in small steps, letting the poller run between them.</summary>
    public async Task AdvanceAsync(TimeSpan total, TimeSpan? step = null)
    {
        var limit = Time.GetUtcNow() + total;
        while (Time.GetUtcNow() < limit)
        {
            Time.Advance(step ?? TimeSpan.FromMilliseconds(50));
            for (var i = 0; i < 3; i++)
            {
                await Task.Yield();
            }
        }
    }

    public Task DriveAsync(Task task, TimeSpan max, TimeSpan? step = null)
        => DriveAsync(task.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default), max, step);

    public static HttpResponseMessage Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    public static HttpResponseMessage Status(string id, string status) => Json(HttpStatusCode.OK, $$"""{"id":{{id}},"status":"{{status}}"}""");

    public static HttpResponseMessage Started(string id, string status)
        => Json(HttpStatusCode.OK, $$$"""{"id":"{{{id}}}","status":"{{{status}}}","validationResults":{"status":"passed","validationTests":[]}}""");

    public static HttpResponseMessage Integration(string id, string status, string validation = "passed")
        => Json(HttpStatusCode.OK, $$$"""
            {"id":"{{{id}}}","status":"{{{status}}}","validationResults":{"status":"{{{validation}}}","validationTests":[
              {"name":"Initial Validation: Basic Connection Test","status":"{{{validation}}}","message":"cannot connect"}]},
             "type":"Snowflake","autoBootstrap":true,"config":{"host":"h","warehouse":"w","database":"d","port":443}}
            """);

    public static HttpResponseMessage Error(HttpStatusCode status, string message = "error", params (string Name, string Value)[] headers)
        => Json(status, $$"""{"statusCode":{{(int)status}},"error":"{{status}}","message":"{{message}}"}""", headers);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _requests.Add((request.Method.Method, request.RequestUri!.AbsolutePath, Elapsed));
        }

        return Task.FromResult(_respond(this, request));
    }
}
