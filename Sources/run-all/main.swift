import Glibc
import Runner
import Verify

exit(await RunAllCommand.main(Array(CommandLine.arguments.dropFirst())) { executable, junit in
    await SelfTest.main(executable: executable, junitPath: junit)
})
