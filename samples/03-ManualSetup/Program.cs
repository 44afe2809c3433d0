using Immuta.Client.Samples.ManualSetup;

// Manual setup (autoBootstrap: false) of a Redshift integration: the two setup scripts are written to files for a
// Redshift administrator to run, then the integration is created with the same definition.
return await ManualSetupSample.RunAsync(Path.Combine(Path.GetTempPath(), "immuta-manual-setup"), Console.Out);
