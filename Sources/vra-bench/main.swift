import Glibc

// vra-bench: the benchmark helper behind benchmarks/run.sh (not a user tool).
//   vra-bench junit --cases N --out FILE   time the verifier's JUnit path on N testcases
//   vra-bench report --raw DIR ...          turn a run's raw measurements into results
exit(BenchCommand.main(Array(CommandLine.arguments.dropFirst())))
