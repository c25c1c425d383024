/// The profiles verify-run-all knows by name.
public enum BuiltinProfiles {
    /// Our own runner: a catalog of native probe jobs, our docs, and `run-all --self-test`.
    public static let runAll = TargetProfile(
        name: "run-all",
        command: ["{target}"],
        workload: .catalog,
        workloadArguments: ["--config", "{catalog}", "--no-auto-discover", "--logs-dir", "{workload}/logs",
                            "--summary-dir", "{workload}/summaries", "--base-output-dir", "{workload}/results"],
        documents: [
            .init(file: "RUN_ALL_GUIDE.md", section: "Run in Parallel", command: "run-all --parallel --max-workers 4"),
            .init(file: "TRAINING_USAGE.md", section: "Parallel Execution", command: "run-all --parallel --max-workers 4"),
        ],
        // Not README.md: ours quotes a measured report, whose figures are not claims.
        claimDocuments: ["RUN_ALL_GUIDE.md", "TRAINING_USAGE.md"],
        tests: .init(command: ["{target}", "--self-test", "--junit", "{junit}"], junit: "{junit}", timeout: 120)
    )

    /// A Python orchestrator following DESIGN §3, run as `python3 PATH/run_all_training.py`.
    public static let runAllTraining = TargetProfile(
        name: "run_all_training",
        command: ["python3", "{target}"],
        workload: .pythonScripts,
        workloadArguments: ["--no-default-jobs", "--discover-root", "{workload}", "--logs-dir", "{workload}/logs",
                            "--summary-dir", "{workload}/summaries", "--base-output-dir", "{workload}/results"],
        documents: [
            .init(file: "RUN_ALL_GUIDE.md", section: "Run in Parallel", command: "run_all_training.py --parallel --max-workers 4"),
            .init(file: "TRAINING_USAGE.md", section: "Parallel Execution", command: "run_all_training.py --parallel --max-workers 4"),
        ],
        claimDocuments: ["README.md", "RUN_ALL_GUIDE.md", "TRAINING_USAGE.md"],
        tests: .init(command: ["python3", "test_run_all_training.py"], environment: ["JUNIT_XML": "{junit}"], junit: "{junit}", timeout: 300),
        defaultJobSeconds: 0.5
    )
}
