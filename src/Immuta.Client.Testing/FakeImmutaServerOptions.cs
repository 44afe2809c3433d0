namespace Immuta.Client.Testing;

/// <summary>Settings of a <see cref="FakeImmutaServer"/>.</summary>
public sealed class FakeImmutaServerOptions
{
    /// <summary>The API key the fake accepts in the <c>Authorization</c> header; any other gets 401.</summary>
    /// <value>Default: a random key, new for each server.</value>
    public string ApiKey { get; set; } = "fake-" + Guid.NewGuid().ToString("N");

    /// <summary>The port on 127.0.0.1; 0 picks a free one.</summary>
    /// <value>Default: 0.</value>
    public int Port { get; set; }

    /// <summary>
    /// The fake's clock: it decides when a <c>creating</c>, <c>editing</c> or <c>deleting</c> integration settles and how
    /// long a <see cref="FakeFaultKind.Latency"/> fault holds its answer back.
    /// </summary>
    /// <value>Default: <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How long an integration stays <c>creating</c>, <c>editing</c> or <c>deleting</c> (unless <see cref="SettleAfterPolls"/> is set).</summary>
    /// <value>Default: 2 seconds.</value>
    public TimeSpan SettleAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>When set, an integration settles after this many reads of its status instead of after <see cref="SettleAfter"/>.</summary>
    /// <value>Default: <see langword="null"/>.</value>
    public int? SettleAfterPolls { get; set; }

    /// <summary>
    /// The largest request body the fake reads, in bytes. A larger one is answered 413 with a message, and the fake stops
    /// reading it: a declared <c>Content-Length</c> over the limit is refused before any byte is read, a chunked body as
    /// soon as it passes the limit.
    /// </summary>
    /// <value>Default: 1 MiB (1,048,576 bytes); the documented definitions are a few KB.</value>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}

/// <summary>The requests of the API that <see cref="FakeImmutaServer.RejectNext"/> can make fail.</summary>
public enum FakeRequestKind
{
    /// <summary><c>POST /integrations</c>.</summary>
    Create,

    /// <summary><c>PUT /integrations/{id}</c>.</summary>
    Update,

    /// <summary><c>DELETE /integrations/{id}</c>.</summary>
    Delete,
}
