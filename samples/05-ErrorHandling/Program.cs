using Immuta.Client.Samples.ErrorHandling;

// What goes wrong and how the SDK says so: invalid definitions refused before sending, a conflict adopted, a busy
// integration, transient failures retried, and an integration that settles in an error status. Against the fake only:
// it scripts the failures.
return await ErrorHandlingSample.RunAsync(Console.Out);
