import Foundation
import Testing
import Runner

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("AtomicFile")
struct AtomicFileTests {
    /// A fresh empty directory; removed by `removeDirectory`.
    private static func makeDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("AtomicFileTests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        return path
    }

    private static func removeDirectory(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    private static func listing(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    private static func contents(_ path: String) throws -> [UInt8] {
        // FileContents: Foundation's Data(contentsOf:) leaks a read buffer here (LeakSanitizer).
        try FileContents.read(path, limit: 1 << 30)
    }

    /// The permission bits and the file type of `path` itself (not following a link).
    private static func linkStatus(_ path: String) throws -> (type: mode_t, permissions: mode_t) {
        var status = stat()
        try #require(lstat(path, &status) == 0, "lstat \(path) failed with errno \(errno)")
        return (status.st_mode & S_IFMT, status.st_mode & 0o7777)
    }

    @Test("writes the bytes and leaves no temporary file")
    func writesContent() throws {
        let directory = try Self.makeDirectory()
        defer { Self.removeDirectory(directory) }
        let path = directory + "/junit.xml"
        let bytes: [UInt8] = Array("<testsuites/>\n".utf8) + [0x00, 0xFF, 0x0A]
        try AtomicFile.write(bytes, to: path)
        #expect(try Self.contents(path) == bytes)
        #expect(try Self.listing(directory) == ["junit.xml"])
        #expect(try Self.linkStatus(path).type == S_IFREG)
    }

    @Test("replaces an existing file completely")
    func replacesExisting() throws {
        let directory = try Self.makeDirectory()
        defer { Self.removeDirectory(directory) }
        let path = directory + "/report.md"
        try AtomicFile.write(String(repeating: "old content\n", count: 1_000), to: path)
        try AtomicFile.write("new", to: path)
        #expect(try Self.contents(path) == Array("new".utf8))
        try AtomicFile.write([UInt8](), to: path)
        #expect(try Self.contents(path) == [])
        #expect(try Self.listing(directory) == ["report.md"])
    }

    @Test("writes a large file in full")
    func largeFile() throws {
        let directory = try Self.makeDirectory()
        defer { Self.removeDirectory(directory) }
        let path = directory + "/big.bin"
        let bytes = (0..<(8 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try AtomicFile.write(bytes[...], to: path)  // a non-Array collection
        #expect(try Self.contents(path) == bytes)
    }

    @Test("the file is mode 0644 even under umask 077")
    func modeIndependentOfUmask() throws {
        let directory = try Self.makeDirectory()
        defer { Self.removeDirectory(directory) }
        let fresh = directory + "/fresh.xml"
        let existing = directory + "/existing.xml"
        #expect(FileManager.default.createFile(atPath: existing, contents: Data("x".utf8),
                                               attributes: [.posixPermissions: 0o600]))
        // umask is process-wide: keep the window as short as possible (other tests running in
        // parallel could create files meanwhile; with 077 they would only be more private).
        let previous = umask(0o077)
        let result = Result { () throws(AtomicFileError) in
            try AtomicFile.write("fresh", to: fresh)
            try AtomicFile.write("replaced", to: existing)
        }
        umask(previous)
        try result.get()
        #expect(try Self.linkStatus(fresh).permissions == 0o644)
        #expect(try Self.linkStatus(existing).permissions == 0o644)
    }

    @Test("a symbolic link planted at the destination is replaced, not followed")
    func plantedSymlink() throws {
        let directory = try Self.makeDirectory()
        defer { Self.removeDirectory(directory) }
        let victim = directory + "/victim.txt"
        let path = directory + "/junit.xml"
        try AtomicFile.write("precious", to: victim)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: victim)

        try AtomicFile.write("<testsuites/>", to: path)

        #expect(try Self.linkStatus(path).type == S_IFREG)
        #expect(try Self.contents(path) == Array("<testsuites/>".utf8))
        #expect(try Self.contents(victim) == Array("precious".utf8))
        #expect(try Self.listing(directory) == ["junit.xml", "victim.txt"])
    }

    @Test("a dangling symbolic link at the destination is replaced; its target is not created")
    func danglingSymlink() throws {
        let directory = try Self.makeDirectory()
        defer { Self.removeDirectory(directory) }
        let path = directory + "/junit.xml"
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: directory + "/created-by-mistake")
        try AtomicFile.write("data", to: path)
        #expect(try Self.linkStatus(path).type == S_IFREG)
        #expect(try Self.listing(directory) == ["junit.xml"])
    }

    @Test("a missing directory gives a typed one-line error and leaves nothing behind")
    func missingDirectory() throws {
        let directory = try Self.makeDirectory()
        defer { Self.removeDirectory(directory) }
        let path = directory + "/missing/junit.xml"
        do {
            try AtomicFile.write("data", to: path)
            Issue.record("writing into a missing directory succeeded")
        } catch {
            #expect(error.path == path)
            #expect(error.errorNumber == ENOENT)
            #expect(error.description.hasPrefix("cannot write \(path): "))
            #expect(error.description.hasSuffix(String(cString: strerror(ENOENT))))
            #expect(!error.description.contains("\n"))
        }
        #expect(try Self.listing(directory) == [])
    }

    @Test("a failed rename (destination is a directory) removes the temporary file")
    func destinationIsDirectory() throws {
        let directory = try Self.makeDirectory()
        defer { Self.removeDirectory(directory) }
        let path = directory + "/junit.xml"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(throws: AtomicFileError.self) {
            try AtomicFile.write("data", to: path)
        }
        #expect(try Self.listing(directory) == ["junit.xml"])
        #expect(try Self.linkStatus(path).type == S_IFDIR)
    }

    @Test("a path that names no file is rejected", arguments: ["", "/tmp/", "/tmp/.", "/tmp/.."])
    func notAFilePath(path: String) {
        #expect(throws: AtomicFileError.self) {
            try AtomicFile.write("data", to: path)
        }
    }

    @Test("the error message is one line naming the path, the step and the reason")
    func errorDescription() {
        let error = AtomicFileError(path: "/r/junit.xml", operation: "renaming /r/.junit.xml.tmp.1.a to /r/junit.xml",
                                    errorNumber: EACCES)
        #expect(error.description
            == "cannot write /r/junit.xml: renaming /r/.junit.xml.tmp.1.a to /r/junit.xml: \(String(cString: strerror(EACCES)))")
        #expect(error.reason == String(cString: strerror(EACCES)))
    }
}
