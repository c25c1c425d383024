/// Run-wide values that become command-line flags of each job "where supported".
public struct RunParameters: Sendable, Equatable {
    public var epochs: Int?
    public var folds: Int?
    public var sample: Int?
    public var batch: Int?
    /// Appended to every job's command, in order.
    public var extraArguments: [String]
    /// Output directories default to `<baseOutputDir>/<id>`.
    public var baseOutputDir: String
    /// Interpreter for `script` jobs.
    public var python: String

    public init(epochs: Int? = nil, folds: Int? = nil, sample: Int? = nil, batch: Int? = nil,
                extraArguments: [String] = [], baseOutputDir: String = "results", python: String = "python3") {
        self.epochs = epochs
        self.folds = folds
        self.sample = sample
        self.batch = batch
        self.extraArguments = extraArguments
        self.baseOutputDir = baseOutputDir
        self.python = python
    }

    /// The full argv of `job`: the program, then each supported parameter that was given
    /// (`--output-dir`, `--epochs`, `--folds`, `--sample`, `--batch` in that order), then the
    /// extra arguments.
    public func command(for job: JobSpec) -> [String] {
        var argv: [String]
        switch job.program {
        case let .script(path): argv = [python, path]
        case let .command(command): argv = command
        }
        for parameter in JobParameter.allCases where job.supports.contains(parameter) {
            if let value = value(of: parameter, for: job) { argv += [parameter.flag, value] }
        }
        return argv + extraArguments
    }

    /// The output directory of `job`.
    public func outputDir(for job: JobSpec) -> String {
        job.outputDir ?? baseOutputDir + "/" + job.id
    }

    private func value(of parameter: JobParameter, for job: JobSpec) -> String? {
        switch parameter {
        case .outputDir: return outputDir(for: job)
        case .epochs: return epochs.map(String.init)
        case .folds: return folds.map(String.init)
        case .sample: return sample.map(String.init)
        case .batch: return batch.map(String.init)
        }
    }
}
