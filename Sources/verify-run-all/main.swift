import Glibc
import Verify

exit(await VerifyCommand.main(Array(CommandLine.arguments.dropFirst())))
