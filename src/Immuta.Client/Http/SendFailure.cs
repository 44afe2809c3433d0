namespace Immuta.Client.Http;

/// <summary>
/// How a transport failure leaves Refit (<see cref="ImmutaPipeline.Settings"/>'s <c>TransportExceptionFactory</c>): the
/// exception as thrown, with the names of the request Refit built (<see cref="SentRequest"/>: method, route template,
/// address), so that the message and telemetry name the route without a second copy of it. It holds no reference to the
/// request, whose <c>Authorization</c> header holds the API key, and never leaves the pipeline, which maps
/// <see cref="Exception.InnerException"/> with <see cref="TransportFailure"/>.
/// </summary>
internal sealed class SendFailure(SentRequest request, Exception thrown) : Exception(thrown.Message, thrown)
{
    /// <summary>The request that failed.</summary>
    public SentRequest Request { get; } = request;
}
