import Foundation

/// Finds `train_*.py` scripts under discovery roots and turns them into jobs (DESIGN §3).
public struct Discovery: Sendable {
    /// Directories to search, recursively.
    public var roots: [String]
    /// Shell-style file name pattern (`*`, `?`), default `train_*.py`.
    public var includePattern: String
    /// Paths matching this regular expression are skipped.
    public var excludeRegex: String?
    /// At most this many scripts are taken (in path order).
    public var limit: Int?

    public init(roots: [String], includePattern: String = "train_*.py", excludeRegex: String? = nil, limit: Int? = nil) {
        self.roots = roots
        self.includePattern = includePattern
        self.excludeRegex = excludeRegex
        self.limit = limit
    }

    /// The job id for a script file name: the stem with a leading `train_` removed.
    public static func jobID(forScriptNamed fileName: String) -> String {
        var stem = (fileName as NSString).deletingPathExtension
        if stem.hasPrefix("train_"), stem.count > "train_".count { stem.removeFirst("train_".count) }
        return stem
    }

    /// Parameters a script supports, inferred from the literal flag text in its source.
    public static func inferredSupport(scriptText: String) -> Set<JobParameter> {
        Set(JobParameter.allCases.filter { scriptText.contains($0.flag) })
    }

    /// Scans the roots. Paths are visited in sorted order so ids and order are stable.
    public func discover() throws(RunAllError) -> [JobSpec] {
        try discoverWithSkipped().jobs
    }

    /// `discover`, plus the scripts that matched but were skipped, each with the reason (a
    /// name that gives an invalid id, or an id an earlier script already has).
    public func discoverWithSkipped() throws(RunAllError) -> (jobs: [JobSpec], skipped: [String]) {
        var skipped: [String] = []
        let exclude: NSRegularExpression?
        if let excludeRegex {
            do { exclude = try NSRegularExpression(pattern: excludeRegex) } catch {
                throw RunAllError("invalid --exclude-regex \"\(excludeRegex)\": not a valid regular expression")
            }
        } else {
            exclude = nil
        }
        var jobs: [JobSpec] = []
        var seen: Set<String> = []
        for root in roots {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw RunAllError("discovery root is not a directory: \(root)")
            }
            let rootPath = Catalog.absolute(root, base: FileManager.default.currentDirectoryPath)
            for path in Self.files(under: rootPath) where fnmatch(includePattern, (path as NSString).lastPathComponent, 0) == 0 {
                if let exclude, exclude.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil { continue }
                if let limit, jobs.count >= limit { return (jobs, skipped) }
                let id = Self.jobID(forScriptNamed: (path as NSString).lastPathComponent)
                guard JobSpec.isValidID(id) else {
                    skipped.append("\(path): its name gives no valid job id (use letters, digits, '_', '.', '-')")
                    continue
                }
                guard seen.insert(id).inserted else {
                    skipped.append("\(path): job id \"\(id)\" is taken by an earlier script")
                    continue
                }
                let text = FileContents.text(path, limit: 16 << 20) ?? ""
                let name = id.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
                jobs.append(JobSpec(id: id, name: name, program: .script(path), supports: Self.inferredSupport(scriptText: text)))
            }
        }
        return (jobs, skipped)
    }

    /// Regular files below `root`, sorted, skipping hidden directories and `__pycache__`.
    static func files(under root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var result: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") || name == "__pycache__" {
                enumerator.skipDescendants()
                continue
            }
            let full = (root as NSString).appendingPathComponent(relative)
            // Regular files only: a FIFO named train_x.py would block the read of its text.
            var status = stat()
            if stat(full, &status) == 0, status.st_mode & S_IFMT == S_IFREG {
                result.append(full)
            }
        }
        return result.sorted()
    }
}
