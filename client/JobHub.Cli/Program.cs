using JobHub.Cli;

return await JobHubCli.RunAsync(args);
