import Foundation
import Glibc

/// The machine a verification ran on, for reports.
public struct Environment: Sendable, Codable, Equatable {
    public var hostname: String
    public var operatingSystem: String
    public var kernel: String
    public var cores: Int
    public var memoryBytes: Int
    public var toolVersion: String

    /// This machine.
    public static let current = Environment()

    /// The version of verify-run-all and run-all.
    public static let version = "0.1.0"

    init() {
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count)
        let host = String(decoding: name.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        hostname = host.isEmpty ? "localhost" : host
        var system = utsname()
        uname(&system)
        kernel = withUnsafeBytes(of: system.release) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        let osRelease = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        operatingSystem = osRelease.split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }
            .map { String($0.dropFirst(12)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } ?? "Linux"
        cores = ProcessInfo.processInfo.activeProcessorCount
        memoryBytes = Int(ProcessInfo.processInfo.physicalMemory)
        toolVersion = Self.version
    }
}
