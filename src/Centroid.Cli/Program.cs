using Centroid.Cli;
using Centroid.Cli.CommandLine;
using Centroid.Cli.Profiling;

PeakMemoryRecorder.RegisterIfRequested();

// Ctrl+C cancels the fit through a token (exit 130) rather than killing the process part-way through writing.
using var interrupt = new ConsoleInterrupt();
return CliApp.Run(args, new CliConsole(Console.Out, Console.Error, ErrorIsTerminal: !Console.IsErrorRedirected), interrupt.Token);
